using System.Globalization;

namespace CommandCenter.Domain;

public enum PeriodKind
{
    Day,
    /// ISO week, Monday to Sunday.
    Week,
    Month,
}

/// <summary>
/// The local dates the app reasons about: every date, ISO week and month a caller names (API parameter or page address)
/// must lie in these years, so the day, week or month after or before it always exists (no overflow near year 1 or 9999).
/// </summary>
public static class CalendarRange
{
    public const int FirstYear = 2000;
    public const int LastYear = 2099;

    public static readonly DateOnly FirstDay = new(FirstYear, 1, 1);
    public static readonly DateOnly LastDay = new(LastYear, 12, 31);

    /// <summary>"2000-01-01 to 2099-12-31": for error messages.</summary>
    public const string Days = "2000-01-01 to 2099-12-31";
    /// <summary>ISO week-numbering years 2000 to 2099.</summary>
    public const string Weeks = "2000-W01 to 2099-W53";
    public const string Months = "2000-01 to 2099-12";

    public static bool Contains(DateOnly day) => day >= FirstDay && day <= LastDay;

    /// <summary>Parses a local date <c>yyyy-MM-dd</c> within the range.</summary>
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) && Contains(day);
}

/// <summary>A local calendar period in the business time zone: [Start, End) in local dates.</summary>
public sealed record Period(PeriodKind Kind, DateOnly Start, DateOnly End)
{
    public static Period Day(DateOnly day) => new(PeriodKind.Day, day, day.AddDays(1));

    public static Period Week(DateOnly anyDay)
    {
        var monday = anyDay.AddDays(-(((int)anyDay.DayOfWeek + 6) % 7));
        return new(PeriodKind.Week, monday, monday.AddDays(7));
    }

    public static Period Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return new(PeriodKind.Month, first, first.AddMonths(1));
    }

    /// <summary>Parses an ISO week such as <c>2026-W47</c> of a week-numbering year in <see cref="CalendarRange"/>.</summary>
    public static bool TryParseIsoWeek(string? text, out Period week)
    {
        week = null!;
        if (text is null || text.Length is < 7 or > 8 || text[4] != '-' || text[5] is not ('W' or 'w')) return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ||
            !int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return false;
        if (year is < CalendarRange.FirstYear or > CalendarRange.LastYear || number < 1 || number > ISOWeek.GetWeeksInYear(year)) return false;
        week = Week(DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday)));
        return true;
    }

    /// <summary>Parses a month such as <c>2026-11</c> in <see cref="CalendarRange"/>.</summary>
    public static bool TryParseMonth(string? text, out Period month)
    {
        month = null!;
        if (text is not { Length: 7 } || !CalendarRange.TryParseDay(text + "-01", out var first)) return false;
        month = Month(first.Year, first.Month);
        return true;
    }

    /// <summary>环比: the period just before this one, of the same kind.</summary>
    public Period Previous() => Kind switch
    {
        PeriodKind.Day => Day(Start.AddDays(-1)),
        PeriodKind.Week => Week(Start.AddDays(-7)),
        _ => Month(Start.AddMonths(-1).Year, Start.AddMonths(-1).Month),
    };

    /// <summary>The period just after this one, of the same kind (next week's plan, the next month).</summary>
    public Period Next() => Kind switch
    {
        PeriodKind.Day => Day(End),
        PeriodKind.Week => Week(End),
        _ => Month(End.Year, End.Month),
    };

    /// <summary>同比: the same period a year earlier (for a week: the same ISO week number).</summary>
    public Period SameLastYear() => Kind switch
    {
        PeriodKind.Day => Day(Start.AddYears(-1)),
        PeriodKind.Week => Week(DateOnly.FromDateTime(ISOWeek.ToDateTime(
            ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue)) - 1,
            Math.Min(ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)),
                ISOWeek.GetWeeksInYear(ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue)) - 1)),
            DayOfWeek.Monday))),
        _ => Month(Start.Year - 1, Start.Month),
    };

    /// <summary>
    /// The period's key, as pages, the API and the live figures name it: <c>yyyy-MM-dd</c>, ISO <c>yyyy-Www</c>, or the month
    /// key <c>yyyy-MM</c> (the one place that key is built).
    /// </summary>
    public string Label => Kind switch
    {
        PeriodKind.Day => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodKind.Week => $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):00}",
        _ => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };
}

/// <summary>An instant range [FromUtc, ToUtc) that SQL compares stored UTC times against.</summary>
public readonly record struct UtcRange(DateTime FromUtc, DateTime ToUtc)
{
    public bool Contains(DateTime utc) => utc >= FromUtc && utc < ToUtc;
    public bool Contains(DateTime? utc) => utc is { } t && Contains(t);
}

/// <summary>
/// Cuts days, weeks and months in the business time zone (default Asia/Shanghai) and turns them into UTC
/// ranges; every date boundary the SQL uses comes from here. Its <see cref="WorkingHours"/> are the local working stretches
/// that <see cref="WorkingTime"/> counts deadlines in.
/// </summary>
public sealed class BusinessCalendar(TimeZoneInfo zone, WorkingHours? workingHours = null)
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>工作时间 (setting <c>Business:WorkingHours</c>), <see cref="WorkingHours.Default"/> unless given.</summary>
    public WorkingHours WorkingHours { get; } = workingHours ?? WorkingHours.Default;

    /// <summary>The calendar of a time zone id (empty: <see cref="DefaultTimeZone"/>) and working hours text (empty: the default).</summary>
    public static BusinessCalendar For(string? timeZoneId, string? workingHours = null) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZoneId) ? DefaultTimeZone : timeZoneId),
            string.IsNullOrWhiteSpace(workingHours) ? null : WorkingHours.Parse(workingHours));

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(AsUtc(utc), Zone);

    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>The UTC instant of a local wall-clock time (a skipped local time moves forward; an ambiguous one takes the earlier).</summary>
    public DateTime ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, Zone);
    }

    public DateTime StartOfDayUtc(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue));

    public UtcRange ToUtc(Period period) => new(StartOfDayUtc(period.Start), StartOfDayUtc(period.End));

    public Period Today(DateTime nowUtc) => Period.Day(LocalDate(nowUtc));
    public Period ThisWeek(DateTime nowUtc) => Period.Week(LocalDate(nowUtc));
    public Period ThisMonth(DateTime nowUtc) => MonthOf(nowUtc);

    /// <summary>The local month an instant falls in: 23:30 local on a month's last day is still that month.</summary>
    public Period MonthOf(DateTime utc)
    {
        var d = LocalDate(utc);
        return Period.Month(d.Year, d.Month);
    }

    /// <summary>The evaluation time T (docs/domain.md, §3.1): the end of the period, or now while it is still running.</summary>
    public DateTime AsOf(Period period, DateTime nowUtc)
    {
        var end = StartOfDayUtc(period.End);
        return end < nowUtc ? end : nowUtc;
    }

    private static DateTime AsUtc(DateTime t) => t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
