namespace CommandCenter.Domain.Dashboard;

/// <summary>
/// Compares the figures of two snapshots and names the first that differs, e.g. <c>StreetRanking[3].Counts.Due</c>. The
/// tailer uses it to publish only when a figure changed; the tests use it to prove the fold equals the SQL rebuild.
/// Each record's stored values are listed below in declaration order; values computed from them (rates, totals,
/// <see cref="DashboardSnapshot.FreshAsOf"/>) follow. Bookkeeping (<see cref="DashboardSnapshot.Version"/>,
/// <see cref="DashboardSnapshot.DataAsOf"/>, <see cref="DashboardSnapshot.CheckedAt"/>) is not a figure and is not listed;
/// SnapshotDiffTests fails for a stored value added to a snapshot record and not listed here.
/// </summary>
public static class SnapshotDiff
{
    /// <param name="tolerance">Relative tolerance for doubles (sums of hours read from SQL differ in the last bits).</param>
    public static string? FirstDifference(DashboardSnapshot? a, DashboardSnapshot? b, double tolerance = 0)
    {
        if (a is null || b is null) return a is null && b is null ? null : "(snapshot)";
        // Every difference below starts with the separator before its name (".Today", "[3]"); the top has none.
        return Figures(a, b, tolerance)?[1..];
    }

    public static bool SameFigures(DashboardSnapshot? a, DashboardSnapshot? b) => FirstDifference(a, b) is null;

    private static string? Figures(DashboardSnapshot a, DashboardSnapshot b, double t) =>
        Field(nameof(a.LastEventId), Same(a.LastEventId, b.LastEventId))
        ?? Field(nameof(a.Stale), Same(a.Stale, b.Stale))
        ?? Field(nameof(a.StaleReason), Same(a.StaleReason, b.StaleReason))
        ?? Field(nameof(a.Day), Same(a.Day, b.Day))
        ?? Field(nameof(a.Today), Today(a.Today, b.Today))
        ?? Field(nameof(a.Hourly), Items(a.Hourly, b.Hourly, t, Hour))
        ?? Field(nameof(a.BySource), Items(a.BySource, b.BySource, t, Named))
        ?? Field(nameof(a.TopCategories), Items(a.TopCategories, b.TopCategories, t, Named))
        ?? Field(nameof(a.StreetRanking), Items(a.StreetRanking, b.StreetRanking, t, Ranked))
        ?? Field(nameof(a.DepartmentRanking), Items(a.DepartmentRanking, b.DepartmentRanking, t, Ranked))
        ?? Field(nameof(a.Satisfaction), Satisfaction(a.Satisfaction, b.Satisfaction, t))
        ?? Field(nameof(a.Leaders), Items(a.Leaders, b.Leaders, t, Leader))
        ?? Field(nameof(a.Methods), Methods(a.Methods, b.Methods))
        ?? Field(nameof(a.Escalation), Escalation(a.Escalation, b.Escalation))
        ?? Field(nameof(a.LatestEvents), Items(a.LatestEvents, b.LatestEvents, t, Latest));

    private static string? Today(TodayFigures a, TodayFigures b) =>
        Field(nameof(a.Reported), Compared(a.Reported, b.Reported))
        ?? Field(nameof(a.Registered), Compared(a.Registered, b.Registered))
        ?? Field(nameof(a.Dispatched), Compared(a.Dispatched, b.Dispatched))
        ?? Field(nameof(a.Resolved), Compared(a.Resolved, b.Resolved))
        ?? Field(nameof(a.Closed), Compared(a.Closed, b.Closed))
        ?? Field(nameof(a.InProgress), Same(a.InProgress, b.InProgress))
        ?? Field(nameof(a.Overdue), Same(a.Overdue, b.Overdue))
        ?? Field(nameof(a.UrgentOpen), Same(a.UrgentOpen, b.UrgentOpen))
        ?? Field(nameof(a.SoonDue), Same(a.SoonDue, b.SoonDue));

    private static string? Compared(Compared a, Compared b) =>
        Field(nameof(a.Value), Same(a.Value, b.Value))
        ?? Field(nameof(a.YesterdaySameTime), Same(a.YesterdaySameTime, b.YesterdaySameTime));

    private static string? Hour(HourlyPoint a, HourlyPoint b, double t) =>
        Field(nameof(a.Hour), Same(a.Hour, b.Hour))
        ?? Field(nameof(a.Today), Same(a.Today, b.Today))
        ?? Field(nameof(a.Yesterday), Same(a.Yesterday, b.Yesterday));

    private static string? Named(NamedCount a, NamedCount b, double t) =>
        Field(nameof(a.Code), Same(a.Code, b.Code))
        ?? Field(nameof(a.Name), Same(a.Name, b.Name))
        ?? Field(nameof(a.Count), Same(a.Count, b.Count));

    private static string? Ranked(LiveStanding a, LiveStanding b, double t) =>
        Field(nameof(a.Rank), Same(a.Rank, b.Rank))
        ?? Field(nameof(a.Code), Same(a.Code, b.Code))
        ?? Field(nameof(a.Name), Same(a.Name, b.Name))
        ?? Field(nameof(a.Composite), Near(a.Composite, b.Composite, t))
        ?? Field(nameof(a.Grade), Same(a.Grade, b.Grade))
        ?? Field(nameof(a.OnTimeClosureRate), Near(a.OnTimeClosureRate, b.OnTimeClosureRate, t))
        ?? Field(nameof(a.ClosureRate), Near(a.ClosureRate, b.ClosureRate, t))
        ?? Field(nameof(a.ReworkRate), Near(a.ReworkRate, b.ReworkRate, t))
        ?? Field(nameof(a.SatisfactionRate), Near(a.SatisfactionRate, b.SatisfactionRate, t))
        ?? Field(nameof(a.Counts), Counts(a.Counts, b.Counts, t));

    private static string? Counts(IndicatorCounts a, IndicatorCounts b, double t) =>
        Field(nameof(a.Reported), Same(a.Reported, b.Reported))
        ?? Field(nameof(a.Registered), Same(a.Registered, b.Registered))
        ?? Field(nameof(a.Due), Same(a.Due, b.Due))
        ?? Field(nameof(a.Closed), Same(a.Closed, b.Closed))
        ?? Field(nameof(a.ClosedOnTime), Same(a.ClosedOnTime, b.ClosedOnTime))
        ?? Field(nameof(a.ClosedReworked), Same(a.ClosedReworked, b.ClosedReworked))
        ?? Field(nameof(a.Callbacks), Same(a.Callbacks, b.Callbacks))
        ?? Field(nameof(a.Satisfied), Same(a.Satisfied, b.Satisfied))
        ?? Field(nameof(a.ResolvedCount), Same(a.ResolvedCount, b.ResolvedCount))
        ?? Field(nameof(a.ResolutionHours), Near(a.ResolutionHours, b.ResolutionHours, t))
        ?? Field(nameof(a.Extended), Same(a.Extended, b.Extended))
        ?? Field(nameof(a.Held), Same(a.Held, b.Held))
        ?? Field(nameof(a.Returned), Same(a.Returned, b.Returned))
        ?? Field(nameof(a.Voided), Same(a.Voided, b.Voided));

    private static string? Satisfaction(SatisfactionFigures a, SatisfactionFigures b, double t) =>
        Field(nameof(a.ThisMonth), Month(a.ThisMonth, b.ThisMonth, t))
        ?? Field(nameof(a.Last12Months), Items(a.Last12Months, b.Last12Months, t, Month))
        ?? Field(nameof(a.Streak), Same(a.Streak, b.Streak));

    private static string? Month(MonthSatisfaction a, MonthSatisfaction b, double t) =>
        Field(nameof(a.Month), Same(a.Month, b.Month))
        ?? Field(nameof(a.Callbacks), Same(a.Callbacks, b.Callbacks))
        ?? Field(nameof(a.Satisfied), Same(a.Satisfied, b.Satisfied));

    private static string? Leader(LeaderRoadFigures a, LeaderRoadFigures b, double t) =>
        Field(nameof(a.LeaderCode), Same(a.LeaderCode, b.LeaderCode))
        ?? Field(nameof(a.LeaderName), Same(a.LeaderName, b.LeaderName))
        ?? Field(nameof(a.Title), Same(a.Title, b.Title))
        ?? Field(nameof(a.RoadCode), Same(a.RoadCode, b.RoadCode))
        ?? Field(nameof(a.RoadName), Same(a.RoadName, b.RoadName))
        ?? Field(nameof(a.StreetName), Same(a.StreetName, b.StreetName))
        ?? Field(nameof(a.PatrolsThisWeek), Same(a.PatrolsThisWeek, b.PatrolsThisWeek))
        ?? Field(nameof(a.RequiredPerWeek), Same(a.RequiredPerWeek, b.RequiredPerWeek))
        ?? Field(nameof(a.ThisWeek), Problems(a.ThisWeek, b.ThisWeek))
        ?? Field(nameof(a.SinceCampaignStart), Problems(a.SinceCampaignStart, b.SinceCampaignStart))
        ?? Field(nameof(a.Status), Field(nameof(a.Status.Colour), Same(a.Status.Colour, b.Status.Colour))
                                   ?? Field(nameof(a.Status.Reason), Same(a.Status.Reason, b.Status.Reason)));

    private static string? Problems(RoadProblemCounts a, RoadProblemCounts b) =>
        Field(nameof(a.Found), Same(a.Found, b.Found))
        ?? Field(nameof(a.Resolved), Same(a.Resolved, b.Resolved))
        ?? Field(nameof(a.Open), Same(a.Open, b.Open))
        ?? Field(nameof(a.Overdue), Same(a.Overdue, b.Overdue));

    private static string? Methods(MethodMix a, MethodMix b) =>
        Field(nameof(a.Service), Same(a.Service, b.Service))
        ?? Field(nameof(a.Management), Same(a.Management, b.Management))
        ?? Field(nameof(a.Enforcement), Same(a.Enforcement, b.Enforcement));

    private static string? Escalation(EscalationFigures a, EscalationFigures b) =>
        Field(nameof(a.Grid), Same(a.Grid, b.Grid))
        ?? Field(nameof(a.Community), Same(a.Community, b.Community))
        ?? Field(nameof(a.Street), Same(a.Street, b.Street));

    private static string? Latest(LatestEvent a, LatestEvent b, double t) =>
        Field(nameof(a.EventId), Same(a.EventId, b.EventId))
        ?? Field(nameof(a.At), Same(a.At, b.At))
        ?? Field(nameof(a.CaseNo), Same(a.CaseNo, b.CaseNo))
        ?? Field(nameof(a.Type), Same(a.Type, b.Type))
        ?? Field(nameof(a.CategoryName), Same(a.CategoryName, b.CategoryName))
        ?? Field(nameof(a.StreetName), Same(a.StreetName, b.StreetName))
        ?? Field(nameof(a.Description), Same(a.Description, b.Description))
        ?? Field(nameof(a.MaskedPhone), Same(a.MaskedPhone, b.MaskedPhone))
        ?? Field(nameof(a.IsUrgent), Same(a.IsUrgent, b.IsUrgent));

    /// <summary>The difference inside a named value, with the name in front; nothing when there is none.</summary>
    private static string? Field(string name, string? difference) => difference is null ? null : "." + name + difference;

    /// <summary>Element by element, then the count.</summary>
    private static string? Items<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, double t, Func<T, T, double, string?> compare)
    {
        if (ReferenceEquals(a, b)) return null;
        var common = Math.Min(a.Count, b.Count);
        for (var i = 0; i < common; i++)
            if (compare(a[i], b[i], t) is { } difference) return $"[{i}]{difference}";
        return a.Count == b.Count ? null : $".Count: {a.Count} ≠ {b.Count}";
    }

    private static string? Same<T>(T a, T b) => EqualityComparer<T>.Default.Equals(a, b) ? null : $": {Show(a)} ≠ {Show(b)}";

    /// <summary>Equal, or within <paramref name="tolerance"/> relative to the larger (at least 1).</summary>
    private static string? Near(double? a, double? b, double tolerance)
    {
        if (a is not { } x || b is not { } y) return a is null && b is null ? null : $": {Show(a)} ≠ {Show(b)}";
        return x.Equals(y) || Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y))) ? null : $": {x} ≠ {y}";
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        DateTime t => t.ToString("O"),
        _ => value.ToString() ?? "",
    };
}
