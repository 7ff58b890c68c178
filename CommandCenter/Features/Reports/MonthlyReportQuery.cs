using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Features.RoadResponsibility;
using Dapper;

namespace CommandCenter.Features.Reports;

/// <summary>
/// Reads everything of the monthly report but its detail rows: the indicators (through <see cref="IndicatorsQuery"/>, the
/// one SQL form of the indicator fold) for the month, the month before and the month a year before, the rankings, the
/// categories, the sources, the 721 methods, the callbacks and the leaders' roads. All of it is a few grouped rows.
/// </summary>
public sealed class MonthlyReportQuery(
    DbConnectionFactory connections,
    ReferenceCatalog reference,
    IndicatorsQuery indicators,
    RoadResponsibilityQuery roads,
    LifecycleStepsQuery lifecycle,
    BusinessCalendar calendar,
    CompositeWeights weights)
{
    /// <summary>A road belongs to a street's report when it lies in that street; every road belongs to the city's or a department's.</summary>
    // A method of its own: inside GetAsync a pattern variable made a mutant that does not compile, and the mutation tester
    // then dropped every mutant of GetAsync.
    private static bool IsInScope(long roadId, RegionRow? street, ReferenceData refData)
    {
        if (street is null) return true;
        return refData.RoadsById.TryGetValue(roadId, out var road) && road.StreetId == street.Id;
    }

    public async Task<MonthlyReport> GetAsync(MonthlyReportRequest request, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var month = request.Month;
        var range = calendar.ToUtc(month);
        var asOf = calendar.AsOf(month, nowUtc);
        var scope = new IndicatorScope(request.Scope.Street?.Id, request.Scope.Department?.Id);

        // Independent grouped reads, each on its own connection and its own pool thread (Microsoft.Data.Sqlite's async
        // methods run synchronously, so without Task.Run they would take turns): together they take the time of the slowest.
        Task<T> Read<T>(Func<Task<T>> read) => Task.Run(read, cancellationToken);
        var currentTask = Read(() => indicators.GetTotalAsync(range, asOf, scope, cancellationToken));
        // 环比 / 同比 against the same elapsed part of the earlier months (同期) while this one runs, else their whole.
        var (previousMonth, lastYearMonth) = (month.Previous(), month.SameLastYear());
        var previousAsOf = SamePeriodToDate.AsOf(calendar, month, asOf, previousMonth);
        var lastYearAsOf = SamePeriodToDate.AsOf(calendar, month, asOf, lastYearMonth);
        var previousTask = Read(() => indicators.GetTotalAsync(calendar.ToUtc(previousMonth), previousAsOf, scope, cancellationToken));
        var lastYearTask = Read(() => indicators.GetTotalAsync(calendar.ToUtc(lastYearMonth), lastYearAsOf, scope, cancellationToken));
        // A ranking keeps its own dimension whole, so a street sees its place among all streets (and a department among all
        // departments); the other part of the filter still applies.
        var byStreetTask = Read(() => indicators.GetAsync(range, asOf, IndicatorGrouping.Street, scope with { StreetId = null }, cancellationToken));
        var byDepartmentTask = Read(() => indicators.GetAsync(range, asOf, IndicatorGrouping.Department, scope with { DepartmentId = null }, cancellationToken));
        var byCategoryTask = Read(() => indicators.GetAsync(range, asOf, IndicatorGrouping.Category, scope, cancellationToken));
        var bySourceTask = Read(() => indicators.GetAsync(range, asOf, IndicatorGrouping.Source, scope, cancellationToken));
        // 领导包路 over the month: the read model /schedule and the boards use, for any range of local days.
        var roadsTask = Read(() => roads.GetAsync(range, asOf, calendar.LocalDate(nowUtc), cancellationToken));
        var lifecycleTask = Read(() => lifecycle.GetAsync(range, asOf, scope.StreetId, scope.DepartmentId, cancellationToken));
        await Task.WhenAll(currentTask, previousTask, lastYearTask, byStreetTask, byDepartmentTask, byCategoryTask, bySourceTask, roadsTask,
            lifecycleTask);
        var (current, previous, lastYear) = (currentTask.Result, previousTask.Result, lastYearTask.Result);

        var streets = Rank(refData.Streets.Select(s => (s.Code, s.Name)), byStreetTask.Result);
        var departments = Rank(refData.Departments.Select(d => (d.Code, d.Name)), byDepartmentTask.Result);

        var categories = byCategoryTask.Result
            .Where(g => g.Counts.Reported > 0 || g.Counts.Registered > 0)
            .OrderByDescending(g => g.Counts.Reported).ThenBy(g => g.Code, StringComparer.Ordinal)
            .Select(g => (g.Code, g.Name, g.Counts)).ToList();
        var sourceGroups = bySourceTask.Result
            .ToDictionary(g => g.Code, g => g.Counts, StringComparer.OrdinalIgnoreCase);
        var sources = Enum.GetValues<CaseSource>()
            .Select(s => (s, sourceGroups.GetValueOrDefault(s.Code(), IndicatorCounts.Zero))).ToList();

        var parameters = new
        {
            From = DapperSetup.Normalize(range.FromUtc), To = DapperSetup.Normalize(range.ToUtc), AsOf = DapperSetup.Normalize(asOf),
            scope.StreetId, scope.DepartmentId,
        };
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var methodCounts = (await connection.QueryAsync<CodeCount>(new CommandDefinition(MethodsSql, parameters,
            cancellationToken: cancellationToken))).ToList();
        var ratingCounts = (await connection.QueryAsync<CodeCount>(new CommandDefinition(RatingsSql, parameters,
            cancellationToken: cancellationToken))).ToList();

        // 721工作法 as the wall shows it: the same mix, shares and targets.
        var mix = new MethodMix(Count(methodCounts, ResolutionMethod.Service.Code()), Count(methodCounts, ResolutionMethod.Management.Code()),
            Count(methodCounts, ResolutionMethod.Enforcement.Code()));
        List<MethodShare> methods =
        [
            new(ResolutionMethod.Service, mix.Service, mix.ServiceShare, MethodMix.Target.Service),
            new(ResolutionMethod.Management, mix.Management, mix.ManagementShare, MethodMix.Target.Management),
            new(ResolutionMethod.Enforcement, mix.Enforcement, mix.EnforcementShare, MethodMix.Target.Enforcement),
        ];
        var satisfaction = new SatisfactionSummary(Count(ratingCounts, SatisfactionRating.VerySatisfied.Code()),
            Count(ratingCounts, SatisfactionRating.Satisfied.Code()), Count(ratingCounts, SatisfactionRating.Dissatisfied.Code()));

        // A street's report lists the roads in that street; a department's lists every road (leaders answer for roads, not departments).
        var roadLines = roadsTask.Result
            .Where(r => IsInScope(r.RoadId, request.Scope.Street, refData))
            .Select(r => new RoadLine(r.LeaderName, r.LeaderTitle, r.RoadName, r.StreetName, r.RequiredInPeriod, r.Patrols.Total,
                r.Patrols.Walk, r.Patrols.Bike, r.Patrols.Drive, r.ProblemsInPeriod, r.Status))
            .ToList();

        var spans = new ReportSpans(SamePeriodToDate.IsRunning(calendar, month, asOf), SamePeriodToDate.Covered(calendar, month, asOf),
            SamePeriodToDate.Covered(calendar, previousMonth, previousAsOf), SamePeriodToDate.Covered(calendar, lastYearMonth, lastYearAsOf));
        return new MonthlyReport(request, asOf, spans, current, Summarize(current, previous, lastYear), streets, departments,
            categories, sources, methods, satisfaction, roadLines, lifecycleTask.Result);
    }

    /// <summary>T of a month: its end, or now while it runs.</summary>
    public DateTime AsOf(Period month, DateTime nowUtc) => calendar.AsOf(month, nowUtc);

    private static long Count(IEnumerable<CodeCount> counts, string code) =>
        counts.Where(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase)).Sum(c => c.Cases);

    /// <summary>Every known street or department, with zero counts when it had no case: a quiet street is still on the list.</summary>
    private List<MonthlyStanding> Rank(IEnumerable<(string Code, string Name)> all, IReadOnlyList<IndicatorGroup> groups)
    {
        var byCode = groups.ToDictionary(g => g.Code, StringComparer.OrdinalIgnoreCase);
        var rows = all.Select(x => (x.Code, x.Name, Counts: byCode.TryGetValue(x.Code, out var g) ? g.Counts : IndicatorCounts.Zero));
        return Ranking.Rank(rows, r => r.Counts, r => r.Name, weights)
            .Select(r => new MonthlyStanding(r.Rank, r.Unit.Code, r.Unit.Name, r.Unit.Counts, r.Composite, r.Grade))
            .ToList();
    }

    /// <summary>The 汇总 lines, in the order the report lists them.</summary>
    public IReadOnlyList<SummaryLine> Summarize(IndicatorCounts now, IndicatorCounts before, IndicatorCounts lastYear)
    {
        SummaryLine Line(string key, string label, FigureKind kind, Func<IndicatorCounts, double?> value) =>
            new(key, label, kind, value(now), value(before), value(lastYear));
        return
        [
            Line("Reported", "上报数", FigureKind.Count, c => c.Reported),
            Line("Registered", "立案数", FigureKind.Count, c => c.Registered),
            Line("Due", "应结案数", FigureKind.Count, c => c.Due),
            Line("Closed", "结案数", FigureKind.Count, c => c.Closed),
            Line("ClosedOnTime", "按期结案数", FigureKind.Count, c => c.ClosedOnTime),
            Line("ClosureRate", "结案率", FigureKind.Rate, c => c.ClosureRate),
            Line("OnTimeClosureRate", "按期结案率", FigureKind.Rate, c => c.OnTimeClosureRate),
            Line("ReworkRate", "返工率", FigureKind.Rate, c => c.ReworkRate),
            Line("Callbacks", "回访数", FigureKind.Count, c => c.Callbacks),
            Line("SatisfactionRate", "满意率", FigureKind.Rate, c => c.SatisfactionRate),
            Line("AverageResolutionHours", "平均处置时长（小时）", FigureKind.Hours, c => c.AverageResolutionHours is { } h ? Math.Round(h, 2) : null),
            Line("Extended", "延期数", FigureKind.Count, c => c.Extended),
            Line("ExtensionRate", "延期率", FigureKind.Rate, c => c.ExtensionRate),
            Line("Held", "缓办数", FigureKind.Count, c => c.Held),
            Line("Returned", "回退数", FigureKind.Count, c => c.Returned),
            Line("Voided", "作废数", FigureKind.Count, c => c.Voided),
            Line("VoidRate", "作废率", FigureKind.Rate, c => c.VoidRate),
            Line("Composite", "综合指标值", FigureKind.Score, c => CompositeScore.Compute(c, weights)),
        ];
    }

    private sealed class CodeCount
    {
        public string? Code { get; init; }
        public long Cases { get; init; }
    }

    // A catch-all scope needs no OPTION (RECOMPILE) here, unlike the indicators' 1-to-731-day ranges: a report's range is
    // always one month, so one plan (a seek on the month's time index, the scope a filter on its rows) fits every call.
    private const string Scope = "(@StreetId IS NULL OR street_id = @StreetId) AND (@DepartmentId IS NULL OR department_id = @DepartmentId)";

    /// <summary>处置方式: the cases resolved in the month (before T) by method.</summary>
    internal const string MethodsSql = $"""
        SELECT method AS Code, COUNT(*) AS Cases
        FROM cases
        WHERE resolved_at >= @From AND resolved_at < @To AND resolved_at < @AsOf AND method IS NOT NULL AND {Scope}
        GROUP BY method
        """;

    /// <summary>满意度: the callbacks of the month (before T) by rating; the same cases as the indicators' callbacks.</summary>
    internal const string RatingsSql = $"""
        SELECT rating AS Code, COUNT(*) AS Cases
        FROM cases
        WHERE rated_at >= @From AND rated_at < @To AND rated_at < @AsOf AND rating IS NOT NULL AND {Scope}
        GROUP BY rating
        """;
}
