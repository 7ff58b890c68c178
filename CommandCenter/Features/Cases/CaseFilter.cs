using System.Globalization;
using System.Text;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;

namespace CommandCenter.Features.Cases;

/// <summary>Which of a case's times the period <c>from</c>–<c>to</c> applies to.</summary>
public enum CaseDateField
{
    /// 上报 (the default)
    Reported,
    /// 立案
    Registered,
    /// 结案
    Closed,
    /// 处置 (the 721 methods count the cases resolved in a month)
    Resolved,
    /// 回访 (回访数 counts the callbacks of a month)
    Rated,
}

/// <summary>
/// 考核结果 of the cases registered in the period, as of the period's T (its end, or now while it runs): the cases the
/// monthly report counts in 应结案数, 结案数 and 按期结案数 (<see cref="Domain.Indicators.Fold"/>).
/// </summary>
public enum CaseOutcome
{
    /// 立案 (<see cref="Domain.IndicatorCounts.Registered"/>): not void by T (a case voided before T leaves 立案).
    Registered,
    /// 应结案 (<see cref="Domain.Overdue.IsDueBy"/>): closed before T, or its deadline before T.
    Due,
    /// 结案: closed before T (a closed case is due).
    Closed,
    /// 按期结案 (<see cref="Domain.Overdue.IsClosedOnTime"/>): closed before T, no later than its deadline.
    ClosedOnTime,
}

/// <summary>
/// A road's problems (领导包路) among the cases reported in the period, as of the period's T (its end, or now while it runs):
/// the counts of <see cref="Domain.RoadResponsibility.Fold"/>.
/// </summary>
public enum RoadProblem
{
    /// 发现: reported before T and not rejected by T.
    Found,
    /// 已整改: found, and resolved or closed before T.
    Resolved,
    /// 整改中: found, neither resolved nor closed before T.
    Open,
    /// 超期: found and 超期未处置 at T (<see cref="Domain.Overdue.IsOverdueAt"/>).
    Overdue,
}

/// <summary>The order of the case list; each is a keyset on a NOT NULL time and the id.</summary>
public enum CaseSort
{
    /// Newest report first (the default).
    ReportedDesc,
    /// Oldest report first.
    ReportedAsc,
    /// Latest step first.
    LastStepDesc,
}

/// <summary>
/// 案件查询的条件: the filter of <c>/cases</c> and <c>GET /api/v1/cases</c>, one record with the query names of the URL
/// (docs/cases.md). Codes are reference codes as the API uses them; <see cref="From"/> and <see cref="To"/> are local dates in
/// the business time zone, both inclusive. A filter is valid only as <see cref="CaseFilters.Parse"/> returns it.
/// </summary>
public sealed record CaseFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public CaseDateField DateField { get; init; } = CaseDateField.Reported;
    public CaseStatus? Status { get; init; }
    /// 超期未处置 now (<see cref="Domain.Overdue.IsOverdueAt"/>).
    public bool Overdue { get; init; }
    /// 即将超期 now: less than one working hour left (<see cref="Domain.SoonDue.IsSoonDueAt"/>).
    public bool SoonDue { get; init; }
    public string? Street { get; init; }
    public string? Community { get; init; }
    public string? Grid { get; init; }
    public string? Department { get; init; }
    public string? Category { get; init; }
    public CaseSource? Source { get; init; }
    /// 处置方式 (721): the method the case was resolved by.
    public ResolutionMethod? Method { get; init; }
    /// 应结案 / 结案 / 按期结案 of the cases registered in the period, as of its T (needs <c>dateField=registered</c>).
    public CaseOutcome? Outcome { get; init; }
    /// A road problem's stage among the cases reported in the period, as of its T (needs <c>dateField=reported</c>).
    public RoadProblem? Problem { get; init; }
    public bool? Urgent { get; init; }
    public EscalationLevel? Level { get; init; }
    public string? Road { get; init; }
    /// Text in the case number, the description or the address.
    public string? Q { get; init; }
    public CaseSort Sort { get; init; } = CaseSort.ReportedDesc;

    public static readonly CaseFilter All = new();

    /// <summary>The filter as a query string (without "?"), in the names <see cref="CaseFilters.Parse"/> reads: a link reproduces the list.</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (DateField != CaseDateField.Reported) Add("dateField", DateField.Code());
        Add("status", Status.Code());
        if (Overdue) Add("overdue", "true");
        if (SoonDue) Add("soonDue", "true");
        Add("street", Street);
        Add("community", Community);
        Add("grid", Grid);
        Add("department", Department);
        Add("category", Category);
        Add("source", Source.Code());
        Add("method", Method.Code());
        Add("outcome", Outcome.Code());
        Add("problem", Problem.Code());
        Add("urgent", Urgent is { } u ? (u ? "true" : "false") : null);
        Add("level", Level.Code());
        Add("road", Road);
        Add("q", Q);
        if (Sort != CaseSort.ReportedDesc) Add("sort", CaseFilters.SortCode(Sort));
        return string.Join('&', parts);
    }
}

/// <summary>A page of the case list asked for: the filter, where to continue (null: the first page) and how many rows.</summary>
public sealed record CaseListRequest(CaseFilter Filter, CaseCursor? Cursor, int Limit);

/// <summary>
/// Where the next page starts: after the row with this sort time and id, under this sort. Opaque to clients (base64url of
/// "sort:ticks:id"); a cursor of another sort is refused, not reinterpreted.
/// </summary>
public sealed record CaseCursor(CaseSort Sort, DateTime At, long Id)
{
    public string Encode() => Convert.ToBase64String(Encoding.ASCII.GetBytes(
            $"{CaseFilters.SortCode(Sort)}:{At.Ticks.ToString(CultureInfo.InvariantCulture)}:{Id.ToString(CultureInfo.InvariantCulture)}"))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static CaseCursor? TryDecode(string text)
    {
        if (text.Length is 0 or > 100 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        string decoded;
        try
        {
            decoded = Encoding.ASCII.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = decoded.Split(':');
        return parts.Length == 3
               && CaseFilters.TryParseSort(parts[0], out var sort)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
               && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new CaseCursor(sort, new DateTime(ticks, DateTimeKind.Utc), id)
            : null;
    }
}

/// <summary>
/// The one place the case list's query string is read and checked: an unknown code, a reversed or too long period, a
/// malformed cursor, or filters that can never hold together get a message naming the parameter, never an empty list.
/// </summary>
public static class CaseFilters
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    /// <summary>The longest period a list may ask for (a year, leap years included); without a period the list has every case.</summary>
    public const int MaxDays = 366;
    public const int MaxTextLength = 100;

    public static string SortCode(CaseSort sort) => sort switch
    {
        CaseSort.ReportedAsc => "reportedAsc",
        CaseSort.LastStepDesc => "lastStepDesc",
        _ => "reportedDesc",
    };

    public static bool TryParseSort(string? code, out CaseSort sort)
    {
        foreach (var s in Enum.GetValues<CaseSort>())
        {
            if (!string.Equals(SortCode(s), code, StringComparison.Ordinal)) continue;
            sort = s;
            return true;
        }
        sort = CaseSort.ReportedDesc;
        return false;
    }

    /// <summary>
    /// Reads a list request from query parameters (<paramref name="get"/> returns a parameter's value, or null when absent).
    /// Returns null with <paramref name="errors"/> (parameter → message) filled when anything is wrong.
    /// </summary>
    public static CaseListRequest? Parse(Func<string, string?> get, ReferenceData refData, Dictionary<string, string> errors)
    {
        string? Text(string name) => get(name) is { } v && v.Trim() is { Length: > 0 } t ? t : null;

        DateOnly? Day(string name)
        {
            if (Text(name) is not { } text) return null;
            if (CalendarRange.TryParseDay(text, out var day)) return day;
            errors[name] = $"{name} must be a local date such as 2026-03-01, from {CalendarRange.Days}.";
            return null;
        }

        TEnum? Code<TEnum>(string name, string allowed) where TEnum : struct, Enum
        {
            if (Text(name) is not { } text) return null;
            if (DomainCodes.TryParse<TEnum>(text, out var value)) return value;
            errors[name] = $"{name} '{Shown(text)}' is not one of {allowed}.";
            return null;
        }

        bool? Flag(string name, bool trueOnly)
        {
            var text = Text(name);
            if (text is null) return null;
            if (text == "true") return true;
            if (text == "false" && !trueOnly) return false;
            errors[name] = trueOnly ? $"{name} takes only true (leave it out for no filter)." : $"{name} must be true or false.";
            return null;
        }

        string? Reference(string name, Func<string, bool> exists)
        {
            if (Text(name) is not { } text) return null;
            if (exists(text)) return text;
            errors[name] = $"No {name} with the code '{Shown(text)}'.";
            return null;
        }

        var from = Day("from");
        var to = Day("to");
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            if (from is null != to is null) errors[from is null ? "from" : "to"] = "from and to go together: give both local dates, or neither for every case.";
            else if (from > to) errors["to"] = $"to ({to:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd}).";
            else if (from is { } f && to is { } t && t.DayNumber - f.DayNumber + 1 > MaxDays)
                errors["to"] = $"The period is {t.DayNumber - f.DayNumber + 1} days; at most {MaxDays} (leave out from and to for every case).";
        }

        var dateField = CaseDateField.Reported;
        if (Text("dateField") is { } df && !(DomainCodes.TryParse(df, out dateField)))
            errors["dateField"] = $"dateField '{Shown(df)}' is not one of reported, registered, closed, resolved, rated.";

        var status = Code<CaseStatus>("status", "reported, registered, rejected, dispatched, resolved, closed, onhold, void");
        var overdue = Flag("overdue", trueOnly: true) ?? false;
        var soonDue = Flag("soonDue", trueOnly: true) ?? false;
        if (overdue && soonDue) errors["soonDue"] = "overdue and soonDue never hold together (a case is 即将超期 before its deadline, 超期 after); ask for one.";

        var street = Reference("street", c => refData.Region(c) is { Level: "street" });
        var community = Reference("community", c => refData.Region(c) is { Level: "community" });
        var grid = Reference("grid", c => refData.Region(c) is { Level: "grid" });
        if (community is not null && street is not null && !IsWithin(refData, refData.Region(community)!, street))
            errors["community"] = $"Community '{community}' is not in street '{street}'.";
        if (grid is not null && street is not null && !IsWithin(refData, refData.Region(grid)!, street))
            errors["grid"] = $"Grid '{grid}' is not in street '{street}'.";
        else if (grid is not null && community is not null && !IsWithin(refData, refData.Region(grid)!, community))
            errors["grid"] = $"Grid '{grid}' is not in community '{community}'.";

        var department = Reference("department", c => refData.Department(c) is not null);
        var category = Reference("category", c => refData.Category(c) is not null);
        var road = Reference("road", c => refData.Road(c) is not null);
        var source = Code<CaseSource>("source", "supervisor, hotline, grid, leader, sensor, app");
        var method = Code<ResolutionMethod>("method", "service, management, enforcement");
        var outcome = Code<CaseOutcome>("outcome", "registered, due, closed, closedontime");
        var problem = Code<RoadProblem>("problem", "found, resolved, open, overdue");
        // Both are judged as of the period's T, so they need a period, and each counts among the cases of one date field.
        var hasPeriod = from is not null && to is not null;
        if (outcome is not null && (!hasPeriod || dateField != CaseDateField.Registered) && !errors.ContainsKey("dateField"))
            errors["outcome"] = "outcome counts among the cases registered in the period, as of its end: give from, to and dateField=registered.";
        if (problem is not null && (!hasPeriod || dateField != CaseDateField.Reported) && !errors.ContainsKey("dateField"))
            errors["problem"] = "problem counts among the cases reported in the period, as of its end: give from and to, with dateField reported (the default).";
        var urgent = Flag("urgent", trueOnly: false);
        var level = Code<EscalationLevel>("level", "grid, community, street");

        var q = Text("q");
        if (q is { Length: > MaxTextLength }) errors["q"] = $"q is {q.Length} characters; at most {MaxTextLength}.";

        var sort = CaseSort.ReportedDesc;
        if (Text("sort") is { } sortText && !TryParseSort(sortText, out sort))
            errors["sort"] = $"sort '{Shown(sortText)}' is not one of reportedDesc, reportedAsc, lastStepDesc.";

        var limit = DefaultLimit;
        if (Text("limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            errors["limit"] = $"limit must be a whole number from 1 to {MaxLimit} (default {DefaultLimit}).";

        CaseCursor? cursor = null;
        if (Text("cursor") is { } cursorText)
        {
            cursor = CaseCursor.TryDecode(cursorText);
            if (cursor is null) errors["cursor"] = "cursor is not one this list gave out: pass nextCursor of the previous page unchanged.";
            else if (cursor.Sort != sort && !errors.ContainsKey("sort"))
                errors["cursor"] = $"cursor belongs to sort {SortCode(cursor.Sort)}, not {SortCode(sort)}: start again without a cursor.";
        }

        if (errors.Count > 0) return null;
        var filter = new CaseFilter
        {
            From = from, To = to, DateField = dateField, Status = status, Overdue = overdue, SoonDue = soonDue,
            Street = street, Community = community, Grid = grid, Department = department, Category = category, Source = source,
            Method = method, Outcome = outcome, Problem = problem, Urgent = urgent, Level = level, Road = road, Q = q, Sort = sort,
        };
        return new CaseListRequest(filter, cursor, limit);
    }

    /// <summary>Whether <paramref name="region"/> is the region coded <paramref name="ancestorCode"/> or lies under it.</summary>
    private static bool IsWithin(ReferenceData refData, RegionRow region, string ancestorCode)
    {
        for (RegionRow? r = region; r is not null; r = r.ParentId is { } p && refData.RegionsById.TryGetValue(p, out var parent) ? parent : null)
            if (r.Code == ancestorCode) return true;
        return false;
    }

    /// <summary>A value as quoted back in a message: at most 40 characters.</summary>
    private static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
