using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Tests.Domain.Dashboard;

/// <summary>
/// The live figures of <see cref="DashboardProjection"/> with cases exactly on each boundary (local midnight, the same time
/// yesterday, now, the month's start, a campaign ending on the week's Monday), each with the expected figure written out,
/// so that flipping one comparison of the projection fails a test.
/// </summary>
public sealed class DashboardBoundaryTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.For("Asia/Shanghai");
    // Wednesday 2026-11-18 16:00 in Shanghai.
    private static readonly DateTime Now = new(2026, 11, 18, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime TodayStart = new(2026, 11, 17, 16, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime YesterdayStart = TodayStart.AddDays(-1);
    private static readonly DateTime YesterdaySameTime = Now.AddDays(-1);
    private static readonly DateTime MonthStart = new(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static DashboardReference Reference(params LiveAssignment[] assignments) => new(
        [new NamedRef(2, "S01", "济阳街道"), new NamedRef(3, "S02", "济北街道")],
        [new NamedRef(1, "municipal", "市政")],
        [new NamedRef(1, "manhole", "井盖")],
        [new RoadRef(1, "R01", "纬二路", 2), new RoadRef(2, "R02", "经十路", 2)],
        [new LeaderRef(1, "L01", "王局长", "局长", 3), new LeaderRef(2, "L02", "李局长", "副局长", 1)],
        assignments.Length > 0 ? assignments : [new LiveAssignment(1, 1, 1, new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31))]);

    private static long _id;

    private static LiveCase Case(DateTime reported, CaseStatus status = CaseStatus.Reported, long? road = null) => new()
    {
        Id = Interlocked.Increment(ref _id), CaseNo = $"C{_id}", Source = CaseSource.Hotline, CategoryId = 1, StreetId = 2,
        RoadId = road, Description = "井盖缺失", ReportedAt = reported, Status = status,
    };

    private static DashboardSnapshot Build(IEnumerable<LiveCase> cases, IEnumerable<LivePatrol>? patrols = null,
        DashboardReference? reference = null, IReadOnlyDictionary<string, CallbackCounts>? callbacks = null) =>
        DashboardProjection.Build(
            new DashboardState(reference ?? Reference(), Calendar, 0, 0, cases, patrols ?? [],
                callbacks ?? new Dictionary<string, CallbackCounts>(), [], Now),
            Now, new CompositeWeights());

    [Fact]
    public void Today_ReportedAtLocalMidnightIsToday_YesterdayCountsOnlyBeforeTheSameTime()
    {
        var snapshot = Build(
        [
            Case(TodayStart),                     // today, hour 0
            Case(YesterdaySameTime),              // yesterday, hour 16: not before the same time yesterday
            Case(YesterdaySameTime - Tick),       // yesterday, hour 15
            Case(YesterdayStart),                 // yesterday, hour 0
            Case(YesterdayStart - Tick),          // the day before yesterday
        ]);

        Assert.Equal(new Compared(1, 2), snapshot.Today.Reported);
        Assert.Equal(new HourlyPoint(0, 1, 1), snapshot.Hourly[0]);
        Assert.Equal(new HourlyPoint(15, 0, 1), snapshot.Hourly[15]);
        Assert.Equal(new HourlyPoint(16, 0, 1), snapshot.Hourly[16]);   // the current hour has a value, 0
        Assert.Equal(new HourlyPoint(17, null, 0), snapshot.Hourly[17]); // hours still to come have none
        Assert.Equal(1, snapshot.BySource.Single(s => s.Code == CaseSource.Hotline.Code()).Count);
        Assert.Equal(1, snapshot.TopCategories.Single().Count);
    }

    [Fact]
    public void Today_EachStepIsCountedTodayOrBeforeTheSameTimeYesterday()
    {
        var c = Case(YesterdayStart.AddHours(-5), CaseStatus.Resolved);
        c.RegisteredAt = YesterdaySameTime;
        c.DispatchedAt = YesterdaySameTime - Tick;
        c.ResolvedAt = TodayStart;
        c.Resolutions.Add(TodayStart);
        var closedToday = Case(YesterdayStart.AddHours(-5), CaseStatus.Closed);
        closedToday.ClosedAt = Now - Tick;

        var today = Build([c, closedToday]).Today;

        Assert.Equal(new Compared(0, 0), today.Registered);
        Assert.Equal(new Compared(0, 1), today.Dispatched);
        Assert.Equal(new Compared(1, 0), today.Resolved);
        Assert.Equal(new Compared(1, 0), today.Closed);
    }

    [Fact]
    public void Overdue_DeadlineExactlyNowIsNot_OneTickBeforeIs_ResolvedCasesAreNot()
    {
        LiveCase Dispatched(DateTime deadline, DateTime? resolvedAt = null)
        {
            var c = Case(Now.AddDays(-3), resolvedAt is null ? CaseStatus.Dispatched : CaseStatus.Resolved);
            c.DispatchedAt = Now.AddDays(-3);
            c.DeadlineAt = deadline;
            c.ResolvedAt = resolvedAt;
            return c;
        }

        var today = Build([Dispatched(Now), Dispatched(Now - Tick), Dispatched(Now.AddDays(-1), resolvedAt: Now.AddHours(-1))]).Today;

        Assert.Equal((2L, 1L), (today.InProgress, today.Overdue));
    }

    [Theory]
    [InlineData(CaseStatus.Reported, 1)]
    [InlineData(CaseStatus.Resolved, 1)]
    [InlineData(CaseStatus.Closed, 0)]
    [InlineData(CaseStatus.Rejected, 0)]
    public void UrgentOpen_IsUrgentAndNeitherClosedNorRejected(CaseStatus status, long expected)
    {
        var urgent = Case(Now.AddDays(-2), status);
        urgent.IsUrgent = true;

        Assert.Equal(expected, Build([urgent, Case(Now.AddDays(-2))]).Today.UrgentOpen);
    }

    [Fact]
    public void Escalation_CountsRegisteredAndDispatchedCasesByLevel()
    {
        LiveCase At(EscalationLevel level, CaseStatus status)
        {
            var c = Case(Now.AddDays(-2), status);
            c.Level = level;
            return c;
        }

        var snapshot = Build(
        [
            At(EscalationLevel.Grid, CaseStatus.Registered), At(EscalationLevel.Grid, CaseStatus.Dispatched),
            At(EscalationLevel.Community, CaseStatus.Dispatched), At(EscalationLevel.Street, CaseStatus.Registered),
            At(EscalationLevel.Street, CaseStatus.Resolved), At(EscalationLevel.Grid, CaseStatus.Reported),
        ]);

        Assert.Equal(new EscalationFigures(2, 1, 1), snapshot.Escalation);
    }

    [Fact]
    public void Methods_ResolvedFromTheMonthsStartUpToNow_ByMethod()
    {
        LiveCase Resolved(DateTime at, ResolutionMethod method)
        {
            var c = Case(at.AddDays(-1), CaseStatus.Resolved);
            c.ResolvedAt = at;
            c.Method = method;
            return c;
        }

        var snapshot = Build(
        [
            Resolved(MonthStart, ResolutionMethod.Service), Resolved(MonthStart - Tick, ResolutionMethod.Service),
            Resolved(Now - Tick, ResolutionMethod.Management), Resolved(Now, ResolutionMethod.Enforcement),
            Resolved(Now.AddDays(-1), ResolutionMethod.Enforcement),
        ]);

        Assert.Equal(new MethodMix(1, 1, 1), snapshot.Methods);
    }

    [Fact]
    public void Leaders_CampaignEndingOnTheWeeksMondayCounts_StartingTheMondayAfterDoesNot()
    {
        var reference = Reference(
            new LiveAssignment(1, 1, 1, new DateOnly(2026, 3, 1), new DateOnly(2026, 11, 16)),   // ends on this week's Monday
            new LiveAssignment(2, 2, 2, new DateOnly(2026, 11, 23), new DateOnly(2026, 12, 31)), // starts next Monday
            new LiveAssignment(3, 2, 2, new DateOnly(2026, 3, 1), new DateOnly(2026, 11, 15)),   // ended last Sunday
            new LiveAssignment(4, 2, 1, new DateOnly(2026, 11, 22), new DateOnly(2026, 12, 31))); // starts this Sunday

        var leaders = Build([], reference: reference).Leaders;

        Assert.Equal([("L01", "R01"), ("L02", "R01")], leaders.Select(l => (l.LeaderCode, l.RoadCode)));
    }

    [Fact]
    public void Leaders_PatrolsFromTheWeeksStartBeforeNow_OnTheirOwnRoad()
    {
        var weekStart = new DateTime(2026, 11, 15, 16, 0, 0, DateTimeKind.Utc);   // Monday 2026-11-16 00:00 local
        LivePatrol[] patrols =
        [
            new(1, 1, 1, weekStart), new(2, 1, 1, weekStart - Tick), new(3, 1, 1, Now - Tick), new(4, 1, 1, Now),
            new(5, 1, 2, Now.AddHours(-1)), new(6, 2, 1, Now.AddHours(-1)),
        ];

        var leader = Build([], patrols).Leaders.Single();

        // Two of three by Wednesday with five days left (today included): behind, still possible.
        Assert.Equal((2L, 3), (leader.PatrolsThisWeek, leader.RequiredPerWeek));
        Assert.Equal(new RoadStatus(RoadStatusColour.Amber, RoadStatusReason.PatrolsBehind), leader.Status);
    }

    [Fact]
    public void Leaders_ProblemsOfTheWeekAndSinceTheCampaignStart_OnAssignedRoadsOnly()
    {
        var campaignStart = new DateTime(2026, 2, 28, 16, 0, 0, DateTimeKind.Utc);   // 2026-03-01 local
        var weekStart = new DateTime(2026, 11, 15, 16, 0, 0, DateTimeKind.Utc);
        var overdue = Case(weekStart, CaseStatus.Dispatched, road: 1);
        overdue.DispatchedAt = weekStart;
        overdue.DeadlineAt = Now - Tick;

        var leader = Build(
        [
            overdue,
            Case(campaignStart, road: 1), Case(campaignStart - Tick, road: 1), Case(weekStart - Tick, road: 1),
            Case(Now, road: 1), Case(Now.AddHours(-1), road: 2),
        ]).Leaders.Single();

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 1), leader.ThisWeek);
        Assert.Equal(new RoadProblemCounts(3, 0, 3, 1), leader.SinceCampaignStart);
        Assert.Equal(RoadStatusColour.Red, leader.Status.Colour);
    }

    [Fact]
    public void Rankings_FoldedFromTheWorkingSet_RankStreetsWithAComposite_LeaveTheOthersUnranked()
    {
        var closed = Case(MonthStart, CaseStatus.Closed);
        closed.RegisteredAt = MonthStart;
        closed.DispatchedAt = MonthStart.AddHours(1);
        closed.DeadlineAt = MonthStart.AddDays(2);
        closed.ResolvedAt = closed.ClosedAt = MonthStart.AddDays(2);
        closed.DepartmentId = 1;
        var lastMonth = Case(MonthStart - Tick, CaseStatus.Closed);
        lastMonth.StreetId = 3;
        lastMonth.RegisteredAt = lastMonth.ClosedAt = MonthStart - Tick;

        var snapshot = Build([closed, lastMonth]);

        Assert.Equal(new (int?, string, double?)[] { (1, "S01", 100.0), (null, "S02", null) },
            snapshot.StreetRanking.Select(r => (r.Rank, r.Code, r.Composite)));
        Assert.Equal((1L, 1L, 1L), (snapshot.StreetRanking[0].Counts.Due, snapshot.StreetRanking[0].Counts.Closed,
            snapshot.StreetRanking[0].Counts.ClosedOnTime));
        Assert.Equal(IndicatorCounts.Zero, snapshot.StreetRanking[1].Counts);
        Assert.Equal(1, snapshot.DepartmentRanking.Single().Counts.ClosedOnTime);
    }

    [Fact]
    public void Satisfaction_RunningMonthWithoutCallbacksKeepsTheStreak_AndShowsTwelveMonthsOldestFirst()
    {
        var callbacks = new Dictionary<string, CallbackCounts>
        {
            ["2026-10"] = new(5, 5), ["2026-09"] = new(2, 2), ["2026-08"] = new(3, 2), ["2025-12"] = new(1, 1),
        };

        var satisfaction = Build([], callbacks: callbacks).Satisfaction;

        Assert.Equal(2, satisfaction.Streak);
        Assert.Equal(new MonthSatisfaction("2026-11", 0, 0), satisfaction.ThisMonth);
        Assert.Equal(12, satisfaction.Last12Months.Count);
        Assert.Equal(("2025-12", 1L), (satisfaction.Last12Months[0].Month, satisfaction.Last12Months[0].Callbacks));
        Assert.Equal("2026-11", satisfaction.Last12Months[^1].Month);
    }

    // ── DashboardState: the cursor, the ticker and the callbacks at their edges ─────────────────────────────────────

    private static DashboardState State(IEnumerable<LatestEvent>? latest = null, params LiveCase[] cases) =>
        new(Reference(), Calendar, 10, 5, cases, [], new Dictionary<string, CallbackCounts>(), latest ?? [], Now);

    private static LatestEvent Latest(long id) => new(id, Now, $"C{id}", "report", "", "", "", null, false);

    [Fact]
    public void Apply_OlderEventThanTheCursorOrTheTime_KeepsBoth_ANewerOneMovesThem()
    {
        var c = Case(Now.AddDays(-1));
        var state = State(null, c);

        state.Apply(new LiveEvent(9, c.Id, CaseStep.Register, Now.AddHours(-1), Now.AddHours(-1)));
        Assert.Equal((10L, Now), (state.LastEventId, state.DataAsOf));
        state.Apply(new LiveEvent(11, c.Id, CaseStep.Register, Now, Now.AddSeconds(1)));
        Assert.Equal((11L, Now.AddSeconds(1)), (state.LastEventId, state.DataAsOf));
        state.SkipTo(7);
        Assert.Equal(11, state.LastEventId);
        state.SkipTo(12);
        Assert.Equal(12, state.LastEventId);
    }

    [Fact]
    public void Apply_PatrolAlreadyHeld_IsIgnored()
    {
        var state = State();

        state.Apply(new LivePatrol(6, 1, 1, Now));
        state.Apply(new LivePatrol(6, 1, 1, Now));

        Assert.Equal(6, state.Patrols.Single().Id);
        Assert.Equal(6, state.LastPatrolId);
    }

    [Fact]
    public void Apply_PatrolWithALowerIdArrivingLater_IsAdded()
    {
        // On SQL Server ids commit out of order: patrol 5 can reach the feed after patrol 6 and must not be lost.
        var state = State();

        state.Apply(new LivePatrol(6, 1, 1, Now));
        state.Apply(new LivePatrol(5, 1, 1, Now));

        Assert.Equal([5L, 6L], state.Patrols.Select(p => p.Id).Order());
        Assert.Equal(6, state.LastPatrolId);
    }

    [Fact]
    public void Apply_SecondRatingOfACase_IsNotASecondCallback()
    {
        var c = Case(Now.AddDays(-3));
        var state = State(null, c);

        state.Apply(new LiveEvent(11, c.Id, CaseStep.Satisfaction, Now, Now, Rating: SatisfactionRating.Dissatisfied));
        state.Apply(new LiveEvent(12, c.Id, CaseStep.Satisfaction, Now, Now, Rating: SatisfactionRating.VerySatisfied));

        Assert.Equal(new CallbackCounts(1, 0), state.CallbacksIn("2026-11"));
    }

    [Fact]
    public void Apply_EventOlderThanTheWholeTicker_IsAppendedWhileThereIsRoom_DroppedWhenFull()
    {
        var c = Case(Now.AddDays(-3));
        var notFull = State(Enumerable.Range(0, DashboardState.LatestCount - 1).Select(i => Latest(100 - i)), c);
        var full = State(Enumerable.Range(0, DashboardState.LatestCount).Select(i => Latest(100 - i)), Case(Now.AddDays(-3)));
        var fullCase = full.Cases.Single();

        notFull.Apply(new LiveEvent(50, c.Id, CaseStep.Register, Now, Now));
        full.Apply(new LiveEvent(50, fullCase.Id, CaseStep.Register, Now, Now));

        Assert.Equal((DashboardState.LatestCount, 50L), (notFull.Latest.Count, notFull.Latest[^1].EventId));
        Assert.Equal((DashboardState.LatestCount, 81L), (full.Latest.Count, full.Latest[^1].EventId));
    }

    [Fact]
    public void Apply_EventBetweenTickerRows_IsInsertedInIdOrder_TheOldestDropsWhenFull()
    {
        var c = Case(Now.AddDays(-3));
        var state = State(Enumerable.Range(0, DashboardState.LatestCount).Select(i => Latest(100 - 2 * i)), c);

        state.Apply(new LiveEvent(97, c.Id, CaseStep.Register, Now, Now));

        Assert.Equal(new long[] { 100, 98, 97, 96 }, state.Latest.Take(4).Select(l => l.EventId));
        Assert.Equal((DashboardState.LatestCount, 64L), (state.Latest.Count, state.Latest[^1].EventId));
    }

    [Theory]
    [InlineData(EscalationLevel.Grid, EscalationLevel.Community)]
    [InlineData(EscalationLevel.Community, EscalationLevel.Street)]
    [InlineData(EscalationLevel.Street, EscalationLevel.Street)]
    public void Apply_EscalationWithoutALevel_GoesOneUpToTheStreetAtMost(EscalationLevel from, EscalationLevel to)
    {
        var c = Case(Now.AddDays(-3), CaseStatus.Registered);
        c.Level = from;
        var state = State(null, c);

        state.Apply(new LiveEvent(11, c.Id, CaseStep.Escalate, Now, Now));

        Assert.Equal(to, state.Cases.Single().Level);
    }
}
