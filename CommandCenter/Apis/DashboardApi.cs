using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Security;

namespace CommandCenter.Apis;

/// <summary>
/// <c>GET /api/v1/dashboard</c> (the node's live snapshot) and <c>GET /api/v1/indicators</c> (the indicators of any local
/// date range, grouped), from the same domain code the boards use.
/// </summary>
public static class DashboardApi
{
    /// <summary>The longest range the indicators API answers (two years of local days).</summary>
    public const int MaxDays = 731;

    /// <summary>camelCase, enums by name: the form of the snapshot on the API and on the hub.</summary>
    public static readonly JsonSerializerOptions Json = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter());
        // Chinese names as text, not \u escapes; characters that matter in HTML stay escaped.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        return options;
    }

    public static RouteGroupBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Dashboard");
        api.MapGet("/dashboard", GetDashboard).RequireAuthorization(Policies.ApiRead);
        api.MapGet("/indicators", GetIndicatorsAsync).RequireAuthorization(Policies.ApiRead);
        return api;
    }

    private static IResult GetDashboard(IDashboardFeed feed) =>
        feed.Current is { } snapshot
            ? Results.Json(snapshot, Json)
            : Results.Problem(title: "The live snapshot is not built yet.", detail: "Try again in a few seconds.",
                statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>One group's indicators; rates are null where their denominator is 0 ("—").</summary>
    public sealed record IndicatorRow(
        int? Rank, string Code, string Name, double? Composite, Grade? Grade,
        long Reported, long Registered, long Due, long Closed, long ClosedOnTime, long ClosedReworked, long Callbacks, long Satisfied,
        double? ClosureRate, double? OnTimeClosureRate, double? ReworkRate, double? SatisfactionRate, double? AverageResolutionHours,
        /// 延期数, 延期率 (÷ 应结案), 缓办数, 回退数, 作废数, 作废率 (÷ (立案 + 作废)).
        long Extended, double? ExtensionRate, long Held, long Returned, long Voided, double? VoidRate);

    public sealed record IndicatorsResponse(string From, string To, string GroupBy, DateTime AsOf, IReadOnlyList<IndicatorRow> Groups);

    private static async Task<IResult> GetIndicatorsAsync(string? from, string? to, string? groupBy, IndicatorsQuery query,
        ReferenceCatalog catalog, BusinessCalendar calendar, CompositeWeights weights, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!CalendarRange.TryParseDay(from, out var first))
            errors["from"] = [$"from must be a local date, YYYY-MM-DD, from {CalendarRange.Days}."];
        if (!CalendarRange.TryParseDay(to, out var last))
            errors["to"] = [$"to must be a local date, YYYY-MM-DD (inclusive), from {CalendarRange.Days}."];
        var grouping = groupBy?.ToLowerInvariant() switch
        {
            "street" => IndicatorGrouping.Street,
            "department" => IndicatorGrouping.Department,
            "category" => IndicatorGrouping.Category,
            "source" => IndicatorGrouping.Source,
            _ => (IndicatorGrouping?)null,
        };
        if (grouping is null) errors["groupBy"] = ["groupBy must be street, department, category or source."];
        if (errors.Count == 0 && last < first) errors["to"] = ["to must not be before from."];
        if (errors.Count == 0 && last.DayNumber - first.DayNumber + 1 > MaxDays) errors["to"] = [$"The range may span at most {MaxDays} days."];
        if (errors.Count > 0) return Results.ValidationProblem(errors, title: "The indicators query is not valid.");

        var period = new Period(PeriodKind.Day, first, last.AddDays(1));
        var range = calendar.ToUtc(period);
        var asOf = calendar.AsOf(period, clock.GetUtcNow().UtcDateTime);
        var groups = await query.GetAsync(range, asOf, grouping!.Value, cancellationToken);
        var refData = await catalog.GetAsync(cancellationToken);
        var rows = grouping switch
        {
            IndicatorGrouping.Street => Ranked(refData.Streets.Select(s => (s.Code, s.Name)), groups, weights),
            IndicatorGrouping.Department => Ranked(refData.Departments.Select(d => (d.Code, d.Name)), groups, weights),
            _ => groups.OrderByDescending(g => g.Counts.Reported).ThenBy(g => g.Code, StringComparer.Ordinal)
                .Select(g => Row(null, g.Code, g.Name, g.Counts, null)).ToList(),
        };
        return Results.Json(new IndicatorsResponse(Format(first), Format(last), grouping.Value.ToString().ToLowerInvariant(), asOf, rows), Json);
    }

    /// <summary>Every street (or department), ranked by <see cref="Ranking.Rank"/> as on the boards and in the report.</summary>
    private static List<IndicatorRow> Ranked(IEnumerable<(string Code, string Name)> units, IReadOnlyList<IndicatorGroup> groups, CompositeWeights weights)
    {
        var counts = groups.ToDictionary(g => g.Code, g => g.Counts, StringComparer.Ordinal);
        return Ranking.Rank(units, u => counts.GetValueOrDefault(u.Code) ?? IndicatorCounts.Zero, u => u.Name, weights)
            .Select(r => Row(r.Rank, r.Unit.Code, r.Unit.Name, counts.GetValueOrDefault(r.Unit.Code) ?? IndicatorCounts.Zero, weights))
            .ToList();
    }

    private static IndicatorRow Row(int? rank, string code, string name, IndicatorCounts c, CompositeWeights? weights)
    {
        var composite = weights is null ? null : CompositeScore.Compute(c, weights);
        return new IndicatorRow(rank, code, name, composite, CompositeScore.GradeOf(composite),
            c.Reported, c.Registered, c.Due, c.Closed, c.ClosedOnTime, c.ClosedReworked, c.Callbacks, c.Satisfied,
            c.ClosureRate, c.OnTimeClosureRate, c.ReworkRate, c.SatisfactionRate, c.AverageResolutionHours,
            c.Extended, c.ExtensionRate, c.Held, c.Returned, c.Voided, c.VoidRate);
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
