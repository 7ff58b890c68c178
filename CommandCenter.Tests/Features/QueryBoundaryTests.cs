using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.Schedule;
using CommandCenter.Tests.Features.Live;
using CommandCenter.Tests.Features.Reports;
using RoadQuery = CommandCenter.Features.RoadResponsibility.RoadResponsibilityQuery;
using RoadData = CommandCenter.Tests.Features.RoadResponsibility.RoadResponsibilityTestData;

namespace CommandCenter.Tests.Features;

/// <summary>
/// The SQL that computes each figure, tried with cases exactly on each boundary (a time equal to the period's start or end,
/// to T, to the deadline; a campaign ending on the period's first day) and the expected figure written out, not only
/// "SQL equals the fold": fold and SQL could be wrong together. Flipping one comparison of the SQL fails a test here.
/// The C# definitions are pinned the same way in Domain/DefinitionBoundaryTests.
/// </summary>
public sealed class QueryBoundaryTests
{
    private static readonly BusinessCalendar Calendar = ReportTestCity.Calendar;

    // November 2026 in Shanghai: [2026-10-31 16:00Z, 2026-11-30 16:00Z); T inside it: 2026-11-18 08:00Z.
    private static readonly UtcRange November = Calendar.ToUtc(Period.Month(2026, 11));
    private static readonly DateTime T = new(2026, 11, 18, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static ReportCase Case(DateTime reported, DateTime? registered = null, DateTime? dispatched = null, DateTime? deadline = null,
        DateTime? resolved = null, DateTime? closed = null, int rework = 0, string? method = null, string? rating = null,
        DateTime? rated = null, DateTime? rejected = null) =>
        new(ReportTestCity.StreetA, dispatched is null ? null : ReportTestCity.Municipal, ReportTestCity.Manhole, "hotline", reported,
            registered, dispatched, deadline, resolved, closed, rework, method, rating, rated, RejectedAt: rejected);

    /// <summary>A registered, dispatched case with the given deadline and closing (resolved at the same time as closed).</summary>
    private static ReportCase Registered(DateTime registered, DateTime? deadline, DateTime? closed = null, int rework = 0) =>
        Case(registered.AddHours(-1), registered, registered.AddMinutes(10), deadline, closed, closed, rework);

    private static async Task<TestDatabase> CityAsync(params ReportCase[] cases)
    {
        var db = TestDatabase.CreateMigrated();
        await ReportTestCity.InsertReferenceAsync(db.Connections);
        await ReportTestCity.InsertAsync(db.Connections, cases);
        return db;
    }

    private static async Task<IndicatorCounts> IndicatorsAsync(DateTime asOf, params ReportCase[] cases) =>
        await IndicatorsAsync(November, asOf, cases);

    private static async Task<IndicatorCounts> IndicatorsAsync(UtcRange period, DateTime asOf, params ReportCase[] cases)
    {
        using var db = await CityAsync(cases);
        return await new IndicatorsQuery(db.Connections, new ReferenceCatalog(db.Connections)).GetCityAsync(period, asOf);
    }

    // ── IndicatorsQuery: the SQL of Indicators.Fold ─────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Indicators_ReportedAtThePeriodStart_Counts_JustBeforeAtTOrAtTheEnd_DoNot()
    {
        var later = November.ToUtc.AddDays(5);

        Assert.Equal(1, (await IndicatorsAsync(T, Case(November.FromUtc))).Reported);
        Assert.Equal(0, (await IndicatorsAsync(T, Case(November.FromUtc - Second))).Reported);
        Assert.Equal(0, (await IndicatorsAsync(T, Case(T))).Reported);
        Assert.Equal(1, (await IndicatorsAsync(T, Case(T - Second))).Reported);
        Assert.Equal(0, (await IndicatorsAsync(later, Case(November.ToUtc))).Reported);
    }

    [Fact]
    public async Task Indicators_RegisteredAtThePeriodStart_Counts_AtTOrAtTheEnd_DoesNot()
    {
        var later = November.ToUtc.AddDays(5);

        Assert.Equal(1, (await IndicatorsAsync(T, Registered(November.FromUtc, null))).Registered);
        Assert.Equal(0, (await IndicatorsAsync(T, Registered(T, null))).Registered);
        Assert.Equal(0, (await IndicatorsAsync(later, Registered(November.ToUtc, null))).Registered);
        Assert.Equal(1, (await IndicatorsAsync(later, Registered(November.ToUtc - Second, null))).Registered);
    }

    [Fact]
    public async Task Indicators_ClosedExactlyAtItsDeadline_IsOnTime_OneSecondLaterIsLate()
    {
        var deadline = T.AddHours(-2);

        var onTime = await IndicatorsAsync(T, Registered(T.AddDays(-2), deadline, closed: deadline));
        var late = await IndicatorsAsync(T, Registered(T.AddDays(-2), deadline, closed: deadline + Second));

        Assert.Equal((1L, 1L, 1L), (onTime.Due, onTime.Closed, onTime.ClosedOnTime));
        Assert.Equal((1L, 1L, 0L), (late.Due, late.Closed, late.ClosedOnTime));
    }

    [Fact]
    public async Task Indicators_DeadlineExactlyAtT_IsNotYetDue_OneSecondBeforeIs()
    {
        var atT = await IndicatorsAsync(T, Registered(T.AddDays(-2), deadline: T));
        var before = await IndicatorsAsync(T, Registered(T.AddDays(-2), deadline: T - Second));

        Assert.Equal((1L, 0L, 0L), (atT.Registered, atT.Due, atT.Closed));
        Assert.Equal((1L, 1L, 0L), (before.Registered, before.Due, before.Closed));
    }

    [Fact]
    public async Task Indicators_ClosedExactlyAtT_IsNotYetClosed_OneSecondBeforeIs()
    {
        var atT = await IndicatorsAsync(T, Registered(T.AddDays(-2), T.AddDays(1), closed: T, rework: 1));
        var before = await IndicatorsAsync(T, Registered(T.AddDays(-2), T.AddDays(1), closed: T - Second, rework: 1));

        Assert.Equal((0L, 0L, 0L, 0L), (atT.Due, atT.Closed, atT.ClosedOnTime, atT.ClosedReworked));
        Assert.Equal((1L, 1L, 1L, 1L), (before.Due, before.Closed, before.ClosedOnTime, before.ClosedReworked));
    }

    [Fact]
    public async Task Indicators_NeverReworked_IsNotAReworkedClosing()
    {
        var counts = await IndicatorsAsync(T, Registered(T.AddDays(-2), T, closed: T.AddHours(-1), rework: 0));

        Assert.Equal((1L, 0L), (counts.Closed, counts.ClosedReworked));
    }

    [Fact]
    public async Task Indicators_RatedAtThePeriodStart_IsACallback_AtTIsNot_DissatisfiedIsNotSatisfied()
    {
        var atStart = await IndicatorsAsync(T, Case(November.FromUtc.AddDays(-3), rating: "verysatisfied", rated: November.FromUtc),
            Case(November.FromUtc.AddDays(-3), rating: "dissatisfied", rated: November.FromUtc),
            Case(November.FromUtc.AddDays(-3), rating: "satisfied", rated: November.FromUtc - Second));
        var atT = await IndicatorsAsync(T, Case(T.AddDays(-3), rating: "satisfied", rated: T));

        Assert.Equal((2L, 1L), (atStart.Callbacks, atStart.Satisfied));
        Assert.Equal((0L, 0L), (atT.Callbacks, atT.Satisfied));
    }

    [Fact]
    public async Task Indicators_RatedAt2330OnTheMonthsLastDayLocal_IsThatMonths_MidnightIsTheNext()
    {
        var lastEvening = new DateTime(2026, 11, 30, 15, 30, 0, DateTimeKind.Utc);   // 23:30 in Shanghai
        var later = November.ToUtc.AddDays(5);
        var december = Calendar.ToUtc(Period.Month(2026, 12));
        ReportCase[] cases =
        [
            Case(lastEvening.AddDays(-3), rating: "satisfied", rated: lastEvening),
            Case(lastEvening.AddDays(-3), rating: "dissatisfied", rated: November.ToUtc),
        ];

        var inNovember = await IndicatorsAsync(November, later, cases);
        var inDecember = await IndicatorsAsync(december, later, cases);

        Assert.Equal((1L, 1L), (inNovember.Callbacks, inNovember.Satisfied));
        Assert.Equal((1L, 0L), (inDecember.Callbacks, inDecember.Satisfied));
    }

    [Fact]
    public async Task Indicators_ResolvedAtThePeriodStart_CountsItsHours_AtTOrWithoutADispatchNot()
    {
        var start = November.FromUtc;

        var atStart = await IndicatorsAsync(T, Case(start.AddHours(-5), start.AddHours(-4), start.AddHours(-3), resolved: start));
        var atT = await IndicatorsAsync(T, Case(T.AddHours(-5), T.AddHours(-4), T.AddHours(-3), resolved: T));
        var undispatched = await IndicatorsAsync(T, Case(T.AddHours(-5), T.AddHours(-4), resolved: T.AddHours(-1)));

        Assert.Equal(1, atStart.ResolvedCount);
        Assert.Equal(3.0, atStart.ResolutionHours, precision: 6);
        Assert.Equal((0L, 0.0), (atT.ResolvedCount, atT.ResolutionHours));
        Assert.Equal((0L, 0.0), (undispatched.ResolvedCount, undispatched.ResolutionHours));
    }

    // ── RoadResponsibilityQuery: the SQL of RoadResponsibility.Fold, the campaign cover and the patrols ────────────

    // Week 2026-W47: Monday 2026-11-16 … Sunday 2026-11-22 local = [2026-11-15 16:00Z, 2026-11-22 16:00Z); T is Wednesday.
    private static readonly Period Week47 = Period.Week(new DateOnly(2026, 11, 16));
    private static readonly UtcRange Week47Utc = Calendar.ToUtc(Week47);
    // The main leader's campaign starts 2026-03-01 local = 2026-02-28 16:00Z.
    private static readonly DateTime CampaignStart = new(2026, 2, 28, 16, 0, 0, DateTimeKind.Utc);

    private static TestDatabase RoadCity()
    {
        var db = TestDatabase.CreateWithReference();
        RoadData.InsertLeadersAndRoads(db);
        return db;
    }

    private static async Task<CommandCenter.Features.RoadResponsibility.RoadResponsibilityRow> MainLeaderRowAsync(TestDatabase db,
        UtcRange? period = null, DateTime? asOf = null, DateOnly? today = null)
    {
        var rows = await new RoadQuery(db.Connections, Calendar, TimeProvider.System)
            .GetAsync(period ?? Week47Utc, asOf ?? T, today ?? new DateOnly(2026, 11, 18));
        return rows.Single(r => r.LeaderId == RoadData.MainLeader);
    }

    private static void RoadCase(TestDatabase db, DateTime reported, DateTime? rejected = null, DateTime? dispatched = null,
        DateTime? deadline = null, DateTime? resolved = null, DateTime? closed = null) =>
        RoadData.InsertCase(db, TestDatabase.Ref.Road, reported, rejected, dispatched, deadline, resolved, closed);

    [Fact]
    public async Task Road_ReportedAtThePeriodStart_IsFoundInThePeriod_JustBeforeOnlySinceTheCampaign()
    {
        using var db = RoadCity();
        RoadCase(db, Week47Utc.FromUtc);
        RoadCase(db, Week47Utc.FromUtc - Second);

        var row = await MainLeaderRowAsync(db);

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), row.ProblemsInPeriod);
        Assert.Equal(new RoadProblemCounts(2, 0, 2, 0), row.ProblemsSinceCampaign);
    }

    [Fact]
    public async Task Road_ReportedAtT_IsNotFound_OneSecondBeforeIs()
    {
        using var db = RoadCity();
        RoadCase(db, T);
        RoadCase(db, T - Second);

        var row = await MainLeaderRowAsync(db);

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), row.ProblemsInPeriod);
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), row.ProblemsSinceCampaign);
    }

    [Fact]
    public async Task Road_ReportedAtThePeriodEnd_IsTheNextPeriods()
    {
        using var db = RoadCity();
        RoadCase(db, Week47Utc.ToUtc);
        RoadCase(db, Week47Utc.ToUtc - Second);

        var row = await MainLeaderRowAsync(db, asOf: Week47Utc.ToUtc.AddDays(1), today: new DateOnly(2026, 11, 24));

        Assert.Equal(1, row.ProblemsInPeriod.Found);
        Assert.Equal(2, row.ProblemsSinceCampaign.Found);
    }

    [Fact]
    public async Task Road_ReportedAtTheCampaignStart_IsSinceTheCampaign_OneSecondBeforeIsNot()
    {
        using var db = RoadCity();
        RoadCase(db, CampaignStart);
        RoadCase(db, CampaignStart - Second);

        var row = await MainLeaderRowAsync(db);

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), row.ProblemsSinceCampaign);
        Assert.Equal(RoadProblemCounts.Zero, row.ProblemsInPeriod);
    }

    [Fact]
    public async Task Road_RejectedAtT_IsStillAProblem_OneSecondBeforeIsNot()
    {
        using var db = RoadCity();
        RoadCase(db, T.AddDays(-1), rejected: T);
        RoadCase(db, T.AddDays(-1), rejected: T - Second);

        var row = await MainLeaderRowAsync(db);

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), row.ProblemsInPeriod);
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), row.ProblemsSinceCampaign);
    }

    [Fact]
    public async Task Road_ResolvedOrClosedAtT_IsStillOpen_OneSecondBeforeIsResolved()
    {
        using var db = RoadCity();
        var reported = T.AddDays(-2);
        RoadCase(db, reported, resolved: T);
        RoadCase(db, reported, closed: T);
        RoadCase(db, reported, resolved: T - Second);
        RoadCase(db, reported, closed: T - Second);

        var row = await MainLeaderRowAsync(db);

        Assert.Equal(new RoadProblemCounts(4, 2, 2, 0), row.ProblemsInPeriod);
        Assert.Equal(new RoadProblemCounts(4, 2, 2, 0), row.ProblemsSinceCampaign);
    }

    [Fact]
    public async Task Road_DeadlineAtT_IsNotOverdue_OneSecondBeforeIs_AndTheRoadTurnsRed()
    {
        using var db = RoadCity();
        var reported = T.AddDays(-2);
        RoadCase(db, reported, dispatched: reported.AddHours(1), deadline: T);

        var notYet = await MainLeaderRowAsync(db);
        RoadCase(db, reported, dispatched: reported.AddHours(1), deadline: T - Second);
        var overdue = await MainLeaderRowAsync(db);

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), notYet.ProblemsInPeriod);
        Assert.Equal(0, notYet.ProblemsSinceCampaign.Overdue);
        Assert.Equal(new RoadProblemCounts(2, 0, 2, 1), overdue.ProblemsInPeriod);
        Assert.Equal(new RoadProblemCounts(2, 0, 2, 1), overdue.ProblemsSinceCampaign);
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.ProblemsOverdue), overdue.Status);
    }

    [Fact]
    public async Task Road_DispatchedAtTWithAnEarlierDeadline_IsNotOverdue_OneSecondBeforeIs()
    {
        using var db = RoadCity();
        var reported = T.AddDays(-2);
        RoadCase(db, reported, dispatched: T, deadline: T.AddDays(-1));

        var notYet = await MainLeaderRowAsync(db);
        RoadCase(db, reported, dispatched: T - Second, deadline: T.AddDays(-1));
        var overdue = await MainLeaderRowAsync(db);

        Assert.Equal((0L, 0L), (notYet.ProblemsInPeriod.Overdue, notYet.ProblemsSinceCampaign.Overdue));
        Assert.Equal((1L, 1L), (overdue.ProblemsInPeriod.Overdue, overdue.ProblemsSinceCampaign.Overdue));
    }

    [Fact]
    public async Task Road_ResolvedAfterItsDeadline_IsNotOverdue()
    {
        using var db = RoadCity();
        var reported = T.AddDays(-3);
        RoadCase(db, reported, dispatched: reported.AddHours(1), deadline: reported.AddHours(2), resolved: T - Second);
        RoadCase(db, reported, dispatched: reported.AddHours(1), deadline: reported.AddHours(2), closed: T - Second);

        var row = await MainLeaderRowAsync(db);

        Assert.Equal(new RoadProblemCounts(2, 2, 0, 0), row.ProblemsSinceCampaign);
    }

    [Fact]
    public async Task Road_CampaignEndingOnThePeriodsFirstDay_CoversIt_OneDayBeforeDoesNot()
    {
        // 王主任's campaign (road 3) ends 2026-10-31 local.
        using var db = RoadCity();
        var query = new RoadQuery(db.Connections, Calendar, TimeProvider.System);
        var lastDay = Calendar.ToUtc(Period.Day(new DateOnly(2026, 10, 31)));
        var dayAfter = Calendar.ToUtc(Period.Day(new DateOnly(2026, 11, 1)));

        var onLastDay = await query.GetAsync(lastDay, lastDay.ToUtc, new DateOnly(2026, 11, 18));
        var afterwards = await query.GetAsync(dayAfter, dayAfter.ToUtc, new DateOnly(2026, 11, 18));

        Assert.Contains(onLastDay, r => r.LeaderId == RoadData.PastLeader);
        Assert.DoesNotContain(afterwards, r => r.LeaderId == RoadData.PastLeader);
    }

    [Fact]
    public async Task Road_CampaignStartingOnThePeriodsEndDay_DoesNotCoverIt_ItsFirstDayDoes()
    {
        // Every campaign starts 2026-03-01 local.
        using var db = RoadCity();
        var query = new RoadQuery(db.Connections, Calendar, TimeProvider.System);
        var dayBefore = Calendar.ToUtc(Period.Day(new DateOnly(2026, 2, 28)));
        var firstDay = Calendar.ToUtc(Period.Day(new DateOnly(2026, 3, 1)));

        Assert.Empty(await query.GetAsync(dayBefore, dayBefore.ToUtc, new DateOnly(2026, 11, 18)));
        Assert.Equal(3, (await query.GetAsync(firstDay, firstDay.ToUtc, new DateOnly(2026, 11, 18))).Count);
    }

    [Fact]
    public async Task Road_PatrolAtThePeriodStart_Counts_AtTOrAtTheEnd_DoesNot_LastPatrolIsBeforeT()
    {
        using var db = RoadCity();
        RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, Week47Utc.FromUtc, "walk");
        RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, Week47Utc.FromUtc - Second, "walk");
        RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, T - Second, "bike");
        RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, T, "drive");

        var row = await MainLeaderRowAsync(db);
        var afterTheWeek = await MainLeaderRowAsync(db, asOf: Week47Utc.ToUtc.AddDays(3), today: new DateOnly(2026, 11, 25));
        RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, Week47Utc.ToUtc, "drive");
        var withOneAtTheEnd = await MainLeaderRowAsync(db, asOf: Week47Utc.ToUtc.AddDays(3), today: new DateOnly(2026, 11, 25));

        Assert.Equal(new PatrolCountsView(2, 1, 1, 0), PatrolCountsView.Of(row));
        Assert.Equal(T - Second, row.Patrols.LastStartedAt);
        Assert.Equal(new PatrolCountsView(3, 1, 1, 1), PatrolCountsView.Of(afterTheWeek));
        Assert.Equal(new PatrolCountsView(3, 1, 1, 1), PatrolCountsView.Of(withOneAtTheEnd));
        Assert.Equal(Week47Utc.ToUtc, withOneAtTheEnd.Patrols.LastStartedAt);
    }

    private sealed record PatrolCountsView(long Total, long Walk, long Bike, long Drive)
    {
        public static PatrolCountsView Of(CommandCenter.Features.RoadResponsibility.RoadResponsibilityRow row) =>
            new(row.Patrols.Total, row.Patrols.Walk, row.Patrols.Bike, row.Patrols.Drive);
    }

    [Theory]
    [InlineData("2026-11-18", 1, RoadStatusColour.Amber)]   // Wednesday: 2 missing, 5 days left
    [InlineData("2026-11-22", 1, RoadStatusColour.Red)]     // Sunday: 2 missing, 1 day left
    [InlineData("2026-11-21", 1, RoadStatusColour.Amber)]   // Saturday: 2 missing, exactly 2 days left
    [InlineData("2026-11-23", 3, RoadStatusColour.Green)]   // the week is over with all three
    public async Task Road_Status_CountsTheDaysLeftFromToday(string today, int patrols, RoadStatusColour colour)
    {
        using var db = RoadCity();
        for (var i = 0; i < patrols; i++)
            RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, Week47Utc.FromUtc.AddHours(1 + i), "walk");

        var row = await MainLeaderRowAsync(db, asOf: Week47Utc.ToUtc, today: DateOnly.Parse(today));

        Assert.Equal(colour, row.Status.Colour);
    }

    [Fact]
    public async Task Road_Month_RequiresTheWeeklyNumberScaledUpToWholePatrols()
    {
        // November has 30 days: ⌈30 × 3 / 7⌉ = 13 for the main leader, ⌈30 × 1 / 7⌉ = 5 for the other.
        using var db = RoadCity();

        var rows = await new RoadQuery(db.Connections, Calendar, TimeProvider.System)
            .GetAsync(November, November.ToUtc, new DateOnly(2026, 12, 5));

        Assert.Equal(13, rows.Single(r => r.LeaderId == RoadData.MainLeader).RequiredInPeriod);
        Assert.Equal(5, rows.Single(r => r.LeaderId == RoadData.Leader).RequiredInPeriod);
        Assert.Equal(13, rows.Single(r => r.LeaderId == RoadData.MainLeader).PatrolsMissing);
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.PatrolsMissed),
            rows.Single(r => r.LeaderId == RoadData.MainLeader).Status);
    }

    // ── RoadDrillDownQuery: the open problems and their 超期 flag ───────────────────────────────────────────────────

    [Fact]
    public async Task DrillDown_DeadlineOrDispatchAtT_IsNotOverdue_OneSecondBeforeIs_ResolvedAtTIsStillOpen()
    {
        using var db = RoadCity();
        var reported = T.AddDays(-2);
        RoadCase(db, reported, dispatched: reported.AddHours(1), deadline: T);                 // T000: open, not overdue
        RoadCase(db, reported.AddMinutes(1), dispatched: reported.AddHours(1), deadline: T - Second);   // overdue
        RoadCase(db, reported.AddMinutes(2), dispatched: T, deadline: T.AddDays(-1));          // dispatched only at T
        RoadCase(db, reported.AddMinutes(3), resolved: T);                                     // still open at T
        RoadCase(db, reported.AddMinutes(4), resolved: T - Second);                            // resolved: not listed
        RoadCase(db, reported.AddMinutes(5), rejected: T - Second);                            // rejected: not listed
        RoadCase(db, reported.AddMinutes(6), rejected: T);                                     // rejected only at T: listed
        RoadCase(db, CampaignStart - Second);                                                  // before the campaign
        RoadCase(db, T);                                                                       // reported at T

        var rows = await new RoadDrillDownQuery(db.Connections, Calendar)
            .OpenProblemsAsync(TestDatabase.Ref.Road, new DateOnly(2026, 3, 1), T);

        Assert.Equal([true, false, false, false, false], rows.Select(r => r.IsOverdue));
        Assert.Equal(new[] { reported.AddMinutes(1), reported, reported.AddMinutes(2), reported.AddMinutes(3), reported.AddMinutes(6) },
            rows.Select(r => r.ReportedAt));
        Assert.Equal(TimeSpan.FromDays(2), rows[1].Age);
    }

    [Fact]
    public async Task DrillDown_PatrolAtTheRangeStart_IsListed_AtItsEndIsNot()
    {
        using var db = RoadCity();
        RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, Week47Utc.FromUtc - Second, "walk");
        RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, Week47Utc.FromUtc, "bike");
        RoadData.InsertPatrol(db, RoadData.MainLeader, TestDatabase.Ref.Road, Week47Utc.ToUtc, "drive");

        var patrols = await new RoadDrillDownQuery(db.Connections, Calendar)
            .PatrolsAsync(RoadData.MainLeader, TestDatabase.Ref.Road, Week47Utc);

        Assert.Equal(["bike"], patrols.Select(p => p.Mode));
    }

    // ── MonthlyReportQuery: the 721 mix and the callbacks of the month, the ranking without a score ─────────────────

    private static async Task<MonthlyReport> ReportAsync(DateTime now, params ReportCase[] cases)
    {
        using var db = await CityAsync(cases);
        var reference = new ReferenceCatalog(db.Connections);
        var query = new MonthlyReportQuery(db.Connections, reference, new IndicatorsQuery(db.Connections, reference),
            new RoadQuery(db.Connections, Calendar, new FixedClock(now)), new LifecycleStepsQuery(db.Connections, reference, Calendar), Calendar,
            new CompositeWeights());
        return await query.GetAsync(new MonthlyReportRequest(Period.Month(2026, 11), ReportScope.City), now);
    }

    [Fact]
    public async Task Report_ResolvedAtTheMonthsStart_IsInTheMix_AtTOrBeforeTheStartIsNot()
    {
        var start = November.FromUtc;

        var report = await ReportAsync(T,
            Case(start.AddDays(-2), start.AddDays(-2), start.AddDays(-1), resolved: start, method: "service"),
            Case(start.AddDays(-2), start.AddDays(-2), start.AddDays(-1), resolved: start - Second, method: "management"),
            Case(T.AddDays(-2), T.AddDays(-2), T.AddDays(-1), resolved: T, method: "enforcement"),
            Case(T.AddDays(-2), T.AddDays(-2), T.AddDays(-1), resolved: T - Second, method: "management"));

        Assert.Equal([1L, 1L, 0L], report.Methods.Select(m => m.Cases));
    }

    [Fact]
    public async Task Report_ResolvedAtTheMonthsEnd_IsNextMonths()
    {
        var end = November.ToUtc;

        var report = await ReportAsync(end.AddDays(3),
            Case(end.AddDays(-2), end.AddDays(-2), end.AddDays(-1), resolved: end, method: "service"),
            Case(end.AddDays(-2), end.AddDays(-2), end.AddDays(-1), resolved: end - Second, method: "enforcement"));

        Assert.Equal([0L, 0L, 1L], report.Methods.Select(m => m.Cases));
    }

    [Fact]
    public async Task Report_RatedAtTheMonthsStart_IsACallback_AtTOrAtTheEndIsNot()
    {
        var start = November.FromUtc;

        var running = await ReportAsync(T,
            Case(start.AddDays(-5), rating: "verysatisfied", rated: start),
            Case(start.AddDays(-5), rating: "dissatisfied", rated: start - Second),
            Case(T.AddDays(-5), rating: "satisfied", rated: T),
            Case(T.AddDays(-5), rating: "dissatisfied", rated: T - Second));
        var finished = await ReportAsync(November.ToUtc.AddDays(3),
            Case(start.AddDays(5), rating: "satisfied", rated: November.ToUtc),
            Case(start.AddDays(5), rating: "satisfied", rated: November.ToUtc - Second));

        Assert.Equal(new SatisfactionSummary(1, 0, 1), running.Satisfaction);
        Assert.Equal(new SatisfactionSummary(0, 1, 0), finished.Satisfaction);
    }

    [Fact]
    public async Task Report_StreetWithoutAScore_HasNoRank_TheOthersAreNumberedFromOne()
    {
        // Street A: one case due and closed on time; streets B and the quiet one: nothing registered, no score.
        var report = await ReportAsync(T, Registered(T.AddDays(-2), T.AddDays(1), closed: T.AddHours(-1)));

        Assert.Equal(new int?[] { 1, null, null }, report.Streets.Select(s => s.Rank));
        Assert.Equal(100.0, report.Streets[0].Score);
        Assert.Equal(Grade.A, report.Streets[0].Grade);
        Assert.Null(report.Streets[1].Grade);
    }

    [Fact]
    public async Task Report_AsOf_IsNowWhileTheMonthRuns_ItsEndOnceOver()
    {
        Assert.Equal(T, (await ReportAsync(T)).AsOfUtc);
        Assert.Equal(November.ToUtc, (await ReportAsync(November.ToUtc)).AsOfUtc);
        Assert.Equal(November.ToUtc, (await ReportAsync(November.ToUtc.AddDays(1))).AsOfUtc);
    }

    // ── CaseDetailQuery: the month's cases and their 超期 flag as of T ───────────────────────────────────────────────

    private static async Task<List<CaseDetailLine>> DetailAsync(DateTime asOf, params ReportCase[] cases)
    {
        using var db = await CityAsync(cases);
        var details = new CaseDetailQuery(db.Connections, new ReferenceCatalog(db.Connections), Calendar);
        await using var connection = await details.OpenAsync();
        return (await details.ReadAsync(connection, new MonthlyReportRequest(Period.Month(2026, 11), ReportScope.City), asOf,
            showPhone: false)).ToList();
    }

    [Fact]
    public async Task Detail_ReportedAtTheMonthsStart_IsListed_JustBeforeAtTOrAtTheEndIsNot()
    {
        var start = November.FromUtc;

        var running = await DetailAsync(T, Case(start) with { CaseNo = "start" }, Case(start - Second) with { CaseNo = "before" },
            Case(T) with { CaseNo = "at-T" }, Case(T - Second) with { CaseNo = "before-T" });
        var finished = await DetailAsync(November.ToUtc,
            Case(November.ToUtc) with { CaseNo = "end" }, Case(November.ToUtc - Second) with { CaseNo = "last" });

        Assert.Equal(["start", "before-T"], running.Select(l => l.CaseNo));
        Assert.Equal(["last"], finished.Select(l => l.CaseNo));
    }

    [Fact]
    public async Task Detail_ResolvedExactlyAtItsDeadline_IsNotOverdue_OneSecondLaterIs()
    {
        var reported = T.AddDays(-3);
        var deadline = T.AddDays(-1);

        var lines = await DetailAsync(T,
            Case(reported, reported, reported.AddHours(1), deadline, resolved: deadline) with { CaseNo = "on-time" },
            Case(reported, reported, reported.AddHours(1), deadline, resolved: deadline + Second) with { CaseNo = "late" },
            Case(reported, reported, reported.AddHours(1), deadline, resolved: deadline, closed: deadline + Second) with { CaseNo = "closed-later" },
            Case(reported, reported, reported.AddHours(1), deadline, closed: deadline + Second) with { CaseNo = "closed-late" });

        Assert.Equal(new[] { ("on-time", false), ("late", true), ("closed-later", false), ("closed-late", true) },
            lines.Select(l => (l.CaseNo, l.IsOverdue)));
    }

    [Fact]
    public async Task Detail_OpenCaseWithItsDeadlineAtT_IsNotOverdue_OneSecondBeforeIs()
    {
        var reported = T.AddDays(-3);

        var lines = await DetailAsync(T,
            Case(reported, reported, reported.AddHours(1), T) with { CaseNo = "due-at-T" },
            Case(reported, reported, reported.AddHours(1), T - Second) with { CaseNo = "due-before-T" },
            Case(reported, reported, reported.AddHours(1), T.AddDays(-1), resolved: T) with { CaseNo = "resolved-at-T" });

        Assert.Equal(new[] { ("due-at-T", false, "派遣"), ("due-before-T", true, "派遣"), ("resolved-at-T", true, "派遣") },
            lines.Select(l => (l.CaseNo, l.IsOverdue, l.Status)));
        Assert.Null(lines[2].ResolvedAt);
    }

    [Fact]
    public async Task Detail_StageReachedExactlyAtT_IsNotShown_OneSecondBeforeIs()
    {
        var reported = T.AddDays(-3);

        var lines = await DetailAsync(T,
            Case(reported, T) with { CaseNo = "registered-at-T" },
            Case(reported, T - Second) with { CaseNo = "registered" },
            Case(reported, reported, T, T.AddDays(2)) with { CaseNo = "dispatched-at-T" },
            Case(reported, reported, reported.AddHours(1), T.AddDays(2), resolved: T.AddHours(-2), closed: T) with { CaseNo = "closed-at-T" },
            Case(reported, reported, reported.AddHours(1), T.AddDays(2), resolved: T.AddHours(-2), closed: T - Second) with { CaseNo = "closed" },
            Case(reported, rejected: T - Second) with { CaseNo = "rejected" },
            Case(reported, rejected: T) with { CaseNo = "rejected-at-T" });

        Assert.Equal(
            new[]
            {
                ("registered-at-T", "上报"), ("registered", "立案"), ("dispatched-at-T", "立案"), ("closed-at-T", "处置"), ("closed", "结案"),
                ("rejected", "不予立案"), ("rejected-at-T", "上报"),
            },
            lines.Select(l => (l.CaseNo, l.Status)));
        // Issue 15: the department is the one the department ranking counts the case under (as stored), so the 明细 reconciles
        // with it; the deadline is still shown only once the dispatch happened by T.
        Assert.Equal(("市政", (DateTime?)null), (lines[2].Department, lines[2].DeadlineAt));
    }

    // ── DashboardLoader: the callbacks per month the live rebuild reads ─────────────────────────────────────────────

    [Fact]
    public async Task Loader_CallbackAt2330OnTheMonthsLastDayLocal_IsThatMonths_MidnightIsTheNext()
    {
        var lastEvening = new DateTime(2026, 11, 30, 15, 30, 0, DateTimeKind.Utc);   // 23:30 in Shanghai
        using var db = await CityAsync(
            Case(lastEvening.AddDays(-3), rating: "satisfied", rated: lastEvening),
            Case(lastEvening.AddDays(-3), rating: "dissatisfied", rated: November.ToUtc - Second),
            Case(lastEvening.AddDays(-3), rating: "verysatisfied", rated: November.ToUtc),
            Case(lastEvening.AddDays(-40), rating: "satisfied", rated: November.FromUtc),
            Case(lastEvening.AddDays(-40), rating: "satisfied", rated: November.FromUtc - Second));
        var now = November.ToUtc.AddHours(2);

        var rebuilt = await new LiveTestPipeline(db.Connections, new FixedClock(now)).Loader.RebuildAsync(now, CancellationToken.None);

        Assert.Equal(new CallbackCounts(1, 1), rebuilt.State.CallbacksIn("2026-12"));
        Assert.Equal(new CallbackCounts(3, 2), rebuilt.State.CallbacksIn("2026-11"));
        Assert.Equal(new CallbackCounts(1, 1), rebuilt.State.CallbacksIn("2026-10"));
    }
}
