using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Tests.Features.Wall;

/// <summary>Fixed snapshots for the board tests: every figure chosen so a wrong field or a wrong format shows.</summary>
public static class WallSnapshots
{
    /// <summary>2026-11-23 10:00 in Shanghai (a Monday).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public static IndicatorCounts Counts(long due, long closed, long onTime, long reworked, long callbacks, long satisfied) =>
        new(due + 5, due + 2, due, closed, onTime, reworked, callbacks, satisfied, closed, closed * 10.0);

    public static LiveStanding Row(int? rank, string code, string name, IndicatorCounts counts, CompositeWeights? weights = null)
    {
        var composite = CompositeScore(counts, weights ?? new CompositeWeights());
        return new LiveStanding(rank, code, name, composite, composite is { } c ? GradeOf(c) : null,
            counts.OnTimeClosureRate, counts.ClosureRate, counts.ReworkRate, counts.SatisfactionRate, counts);
    }

    // The fixtures only need a plausible composite; the boards show whatever the snapshot says.
    private static double? CompositeScore(IndicatorCounts c, CompositeWeights w) =>
        c.OnTimeClosureRate is { } onTime ? Math.Round(onTime * 100, 1) : null;

    private static Grade GradeOf(double c) => c >= 90 ? Grade.A : c >= 75 ? Grade.B : c >= 60 ? Grade.C : c >= 40 ? Grade.D : Grade.E;

    public static LeaderRoadFigures Leader(string code, string name, long patrols, int required, RoadProblemCounts since, int daysLeft) =>
        new(code, name, "副局长", $"R{code}", $"{name}的路", "济阳街道", patrols, required, RoadProblemCounts.Zero, since,
            CommandCenter.Domain.RoadResponsibility.StatusOf(patrols, required, since.Overdue, daysLeft));

    /// <summary>An event; a later id happened later (id 6 at <see cref="Now"/>, id 3 three seconds before).</summary>
    public static LatestEvent Event(long id, string type, string description, bool urgent = false, string? phone = "138****5678") =>
        new(id, Now.UtcDateTime.AddSeconds(id - 6), $"20261123-{id:00000}", type, "占道经营", "济阳街道", description, phone, urgent);

    public static DashboardSnapshot Sample(long version = 1) => new()
    {
        Version = version,
        DataAsOf = Now.UtcDateTime.AddSeconds(-2),
        LastEventId = 500,
        Day = new DateOnly(2026, 11, 23),
        Today = new TodayFigures(
            Reported: new Compared(1234, 1206),
            Registered: new Compared(96, null),
            Dispatched: new Compared(80, 90),
            Resolved: new Compared(70, 60),
            Closed: new Compared(75, 75),
            InProgress: 41,
            Overdue: 3,
            UrgentOpen: 0,
            SoonDue: 2),
        Hourly = [.. Enumerable.Range(0, 24).Select(h => new HourlyPoint(h, h <= 10 ? h * 2 : null, h + 1))],
        BySource =
        [
            new NamedCount("supervisor", "supervisor", 600),
            new NamedCount("hotline", "hotline", 400),
            new NamedCount("sensor", "sensor", 234),
        ],
        TopCategories = [new NamedCount("E01", "占道经营", 300), new NamedCount("E05", "露天烧烤", 120)],
        StreetRanking =
        [
            Row(1, "S01", "济阳街道", Counts(due: 200, closed: 198, onTime: 190, reworked: 3, callbacks: 40, satisfied: 40)),
            Row(2, "S02", "济北街道", Counts(due: 100, closed: 80, onTime: 61, reworked: 8, callbacks: 0, satisfied: 0)),
            // Nothing due yet this month: every rate is undefined.
            Row(null, "S03", "回河街道", IndicatorCounts.Zero),
        ],
        DepartmentRanking = [Row(1, "D01", "市政工程中心", Counts(due: 50, closed: 50, onTime: 48, reworked: 0, callbacks: 9, satisfied: 8))],
        Satisfaction = new SatisfactionFigures(
            new MonthSatisfaction("2026-11", 510, 510),
            [.. Enumerable.Range(0, 12).Select(i => new MonthSatisfaction(new DateOnly(2025, 12, 1).AddMonths(i).ToString("yyyy-MM"), i == 3 ? 0 : 400 + i, i == 3 ? 0 : 400 + i))],
            45),
        Leaders =
        [
            Leader("L01", "张建国", patrols: 3, required: 3, new RoadProblemCounts(307, 307, 0, 0), daysLeft: 5),
            Leader("L02", "王立新", patrols: 1, required: 3, new RoadProblemCounts(299, 298, 1, 0), daysLeft: 5),
            Leader("L03", "李志强", patrols: 3, required: 3, new RoadProblemCounts(309, 307, 2, 1), daysLeft: 5),
            Leader("L04", "刘洪波", patrols: 0, required: 3, new RoadProblemCounts(170, 170, 0, 0), daysLeft: 2),
        ],
        Methods = new MethodMix(Service: 700, Management: 200, Enforcement: 100),
        Escalation = new EscalationFigures(Grid: 22, Community: 5, Street: 1),
        LatestEvents =
        [
            Event(3, "register", "<script>alert(1)</script>"),
            Event(2, "report", "巡查发现占道经营问题", phone: null),
            Event(1, "dispatch", "夜间露天烧烤"),
        ],
    };
}
