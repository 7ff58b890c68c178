using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>
/// Every comparison of the C# definitions, tried exactly on its boundary (a time equal to the period's start or end, to T,
/// to the deadline; a count equal to the days left) with the expected figure written out, so that flipping one
/// comparison (&lt; to &lt;=, &gt;= to &gt;) fails a test. Random data never lands on a boundary; these cases do.
/// The SQL forms of the same figures are pinned the same way in Features/QueryBoundaryTests.
/// </summary>
public sealed class DefinitionBoundaryTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.For("Asia/Shanghai");

    // November 2026 in Shanghai: [2026-10-31 16:00Z, 2026-11-30 16:00Z).
    private static readonly UtcRange November = Calendar.ToUtc(Period.Month(2026, 11));
    // T inside the month (the month still runs): 2026-11-18 08:00Z.
    private static readonly DateTime T = new(2026, 11, 18, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static CaseFacts Registered(DateTime registered, DateTime? deadline = null, DateTime? closed = null, int rework = 0) =>
        new(registered.AddHours(-1), registered, registered.AddMinutes(10), deadline, closed, closed, rework, null, null);

    private static IndicatorCounts Fold(DateTime asOf, params CaseFacts[] cases) => Indicators.Fold(cases, November, asOf);

    // ── Indicators.Fold: "in the period" is [From, To) and "by T" is strictly before T ──────────────────────────────

    [Fact]
    public void Fold_ReportedExactlyAtThePeriodStart_IsReported()
    {
        var c = new CaseFacts(November.FromUtc, null, null, null, null, null, 0, null, null);

        Assert.Equal(1, Fold(November.ToUtc, c).Reported);
    }

    [Fact]
    public void Fold_ReportedOneTickBeforeThePeriodStart_IsNotReported()
    {
        var c = new CaseFacts(November.FromUtc - Tick, null, null, null, null, null, 0, null, null);

        Assert.Equal(0, Fold(November.ToUtc, c).Reported);
    }

    [Fact]
    public void Fold_ReportedExactlyAtThePeriodEnd_BelongsToTheNextPeriod()
    {
        var c = new CaseFacts(November.ToUtc, null, null, null, null, null, 0, null, null);
        var december = Calendar.ToUtc(Period.Month(2026, 12));

        Assert.Equal(0, Indicators.Fold([c], November, December1Utc.AddDays(10)).Reported);
        Assert.Equal(1, Indicators.Fold([c], december, December1Utc.AddDays(10)).Reported);
    }

    [Fact]
    public void Fold_ReportedExactlyAtT_IsNotYetReported_OneTickBeforeIs()
    {
        var atT = new CaseFacts(T, null, null, null, null, null, 0, null, null);
        var justBefore = new CaseFacts(T - Tick, null, null, null, null, null, 0, null, null);

        Assert.Equal(0, Fold(T, atT).Reported);
        Assert.Equal(1, Fold(T, justBefore).Reported);
    }

    [Fact]
    public void Fold_RegisteredAtThePeriodStart_IsRegistered_AtItsEndOrAtT_IsNot()
    {
        Assert.Equal(1, Fold(T, Registered(November.FromUtc)).Registered);
        Assert.Equal(0, Fold(November.ToUtc.AddDays(5), Registered(November.ToUtc)).Registered);
        Assert.Equal(0, Fold(T, Registered(T)).Registered);
        Assert.Equal(1, Fold(T, Registered(T - Tick)).Registered);
    }

    [Fact]
    public void Fold_CaseClosedExactlyAtItsDeadline_IsClosedOnTime()
    {
        var deadline = T.AddHours(-2);
        var c = Registered(T.AddDays(-2), deadline, closed: deadline);

        var counts = Fold(T, c);

        Assert.Equal((1L, 1L, 1L), (counts.Due, counts.Closed, counts.ClosedOnTime));
        Assert.Equal(1.0, counts.OnTimeClosureRate);
    }

    [Fact]
    public void Fold_CaseClosedOneTickAfterItsDeadline_IsClosedLate()
    {
        var deadline = T.AddHours(-2);
        var c = Registered(T.AddDays(-2), deadline, closed: deadline + Tick);

        var counts = Fold(T, c);

        Assert.Equal((1L, 1L, 0L), (counts.Due, counts.Closed, counts.ClosedOnTime));
        Assert.Equal(0.0, counts.OnTimeClosureRate);
    }

    [Fact]
    public void Fold_DeadlineExactlyAtT_IsNotYetDue()
    {
        var c = Registered(T.AddDays(-2), deadline: T);

        var counts = Fold(T, c);

        Assert.Equal((1L, 0L, 0L), (counts.Registered, counts.Due, counts.Closed));
        Assert.Null(counts.ClosureRate);
    }

    [Fact]
    public void Fold_DeadlineOneTickBeforeT_IsDueAndNotClosed()
    {
        var c = Registered(T.AddDays(-2), deadline: T - Tick);

        var counts = Fold(T, c);

        Assert.Equal((1L, 1L, 0L), (counts.Registered, counts.Due, counts.Closed));
        Assert.Equal(0.0, counts.ClosureRate);
    }

    [Fact]
    public void Fold_ClosedExactlyAtTWithALaterDeadline_IsNeitherDueNorClosed()
    {
        var c = Registered(T.AddDays(-2), deadline: T.AddDays(1), closed: T);

        var counts = Fold(T, c);

        Assert.Equal((0L, 0L, 0L), (counts.Due, counts.Closed, counts.ClosedOnTime));
    }

    [Fact]
    public void Fold_ClosedOneTickBeforeTWithALaterDeadline_IsDueClosedAndOnTime()
    {
        var c = Registered(T.AddDays(-2), deadline: T.AddDays(1), closed: T - Tick);

        var counts = Fold(T, c);

        Assert.Equal((1L, 1L, 1L), (counts.Due, counts.Closed, counts.ClosedOnTime));
    }

    [Fact]
    public void Fold_ClosedWithoutADeadline_IsClosedButNotOnTime()
    {
        var c = Registered(T.AddDays(-2), deadline: null, closed: T.AddHours(-1));

        var counts = Fold(T, c);

        Assert.Equal((1L, 1L, 0L), (counts.Due, counts.Closed, counts.ClosedOnTime));
    }

    [Fact]
    public void Fold_ReworkedOnce_CountsAsReworked_NeverReworkedDoesNot()
    {
        var closed = T.AddHours(-1);

        var counts = Fold(T, Registered(T.AddDays(-2), T, closed, rework: 1), Registered(T.AddDays(-2), T, closed, rework: 0));

        Assert.Equal((2L, 1L), (counts.Closed, counts.ClosedReworked));
        Assert.Equal(0.5, counts.ReworkRate);
    }

    [Fact]
    public void Fold_ReworkedButNotClosedByT_IsNotAReworkedClosing()
    {
        var counts = Fold(T, Registered(T.AddDays(-2), T - Tick, closed: null, rework: 2));

        Assert.Equal((1L, 0L, 0L), (counts.Due, counts.Closed, counts.ClosedReworked));
    }

    [Theory]
    [InlineData(SatisfactionRating.VerySatisfied, 1)]
    [InlineData(SatisfactionRating.Satisfied, 1)]
    [InlineData(SatisfactionRating.Dissatisfied, 0)]
    public void Fold_RatingGiven_OnlyVerySatisfiedAndSatisfiedAreSatisfied(SatisfactionRating rating, long satisfied)
    {
        var c = new CaseFacts(T.AddDays(-5), null, null, null, null, null, 0, rating, T.AddHours(-1));

        var counts = Fold(T, c);

        Assert.Equal((1L, satisfied), (counts.Callbacks, counts.Satisfied));
    }

    [Fact]
    public void Fold_RatedAtThePeriodStart_Counts_AtTOrAtThePeriodEnd_DoesNot()
    {
        CaseFacts Rated(DateTime at) => new(at.AddDays(-40), null, null, null, null, null, 0, SatisfactionRating.Satisfied, at);

        Assert.Equal((1L, 1L), (Fold(T, Rated(November.FromUtc)).Callbacks, Fold(T, Rated(November.FromUtc)).Satisfied));
        Assert.Equal(0, Fold(T, Rated(November.FromUtc - Tick)).Callbacks);
        Assert.Equal((0L, 0L), (Fold(T, Rated(T)).Callbacks, Fold(T, Rated(T)).Satisfied));
        Assert.Equal(1, Fold(T, Rated(T - Tick)).Callbacks);
        var afterTheMonth = November.ToUtc.AddDays(3);
        Assert.Equal(0, Fold(afterTheMonth, Rated(November.ToUtc)).Callbacks);
    }

    [Fact]
    public void Fold_RatedAt2330OnTheMonthsLastDayLocal_IsThatMonthsCallback_MidnightIsTheNextMonths()
    {
        // 2026-11-30 23:30 in Shanghai is 15:30Z; 2026-12-01 00:00 local is 16:00Z.
        var lastEvening = new DateTime(2026, 11, 30, 15, 30, 0, DateTimeKind.Utc);
        CaseFacts Rated(DateTime at) => new(at.AddDays(-3), null, null, null, null, null, 0, SatisfactionRating.VerySatisfied, at);
        var later = December1Utc.AddDays(5);
        var december = Calendar.ToUtc(Period.Month(2026, 12));

        Assert.Equal(1, Indicators.Fold([Rated(lastEvening)], November, later).Callbacks);
        Assert.Equal(0, Indicators.Fold([Rated(lastEvening)], december, later).Callbacks);
        Assert.Equal(0, Indicators.Fold([Rated(December1Utc)], November, later).Callbacks);
        Assert.Equal(1, Indicators.Fold([Rated(December1Utc)], december, later).Callbacks);
    }

    [Fact]
    public void Fold_ResolvedAtThePeriodStart_CountsItsHours_AtTDoesNot()
    {
        CaseFacts Resolved(DateTime at) => new(at.AddHours(-5), at.AddHours(-4), at.AddHours(-3), null, at, null, 0, null, null);

        var atStart = Fold(T, Resolved(November.FromUtc));
        var atT = Fold(T, Resolved(T));
        var justBeforeT = Fold(T, Resolved(T - Tick));

        Assert.Equal((1L, 3.0), (atStart.ResolvedCount, atStart.ResolutionHours));
        Assert.Equal(3.0, atStart.AverageResolutionHours);
        Assert.Equal((0L, 0.0), (atT.ResolvedCount, atT.ResolutionHours));
        Assert.Null(atT.AverageResolutionHours);
        Assert.Equal(1, justBeforeT.ResolvedCount);
        Assert.Equal(0, Fold(T, Resolved(November.FromUtc - Tick)).ResolvedCount);
    }

    [Fact]
    public void Fold_ResolvedWithoutADispatch_HasNoResolutionTime()
    {
        var c = new CaseFacts(T.AddDays(-1), T.AddDays(-1), null, null, T.AddHours(-1), null, 0, null, null);

        Assert.Equal((0L, 0.0), (Fold(T, c).ResolvedCount, Fold(T, c).ResolutionHours));
    }

    [Fact]
    public void Fold_TwoResolvedCases_AddTheirHours()
    {
        var a = new CaseFacts(T.AddDays(-2), T.AddDays(-2), T.AddHours(-10), null, T.AddHours(-8), null, 0, null, null);
        var b = new CaseFacts(T.AddDays(-2), T.AddDays(-2), T.AddHours(-10), null, T.AddHours(-6), null, 0, null, null);

        var counts = Fold(T, a, b);

        Assert.Equal((2L, 6.0, 3.0), (counts.ResolvedCount, counts.ResolutionHours, counts.AverageResolutionHours!.Value));
    }

    [Fact]
    public void Counts_Add_SumsEveryField()
    {
        var a = new IndicatorCounts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5);
        var b = new IndicatorCounts(10, 20, 30, 40, 50, 60, 70, 80, 90, 100.25);

        Assert.Equal(new IndicatorCounts(11, 22, 33, 44, 55, 66, 77, 88, 99, 110.75), a.Add(b));
    }

    [Fact]
    public void Rate_ZeroDenominator_IsUnknown_OtherwiseTheQuotient()
    {
        Assert.Null(Indicators.Rate(0, 0));
        Assert.Equal(0.25, Indicators.Rate(1, 4));
        Assert.Equal(1.0, Indicators.Rate(3, 3));
    }

    // ── Overdue.IsOverdueAt (超期未处置): dispatched before T, deadline strictly before T, not resolved or closed by T ──────

    [Fact]
    public void IsOverdueAt_DeadlineExactlyNow_IsNotOverdue_OneTickEarlierIs()
    {
        var dispatched = T.AddHours(-4);
        Assert.False(Overdue.IsOverdueAt(dispatched, T, null, null, DeadlineHold.None, T));
        Assert.True(Overdue.IsOverdueAt(dispatched, T - Tick, null, null, DeadlineHold.None, T));
        Assert.False(Overdue.IsOverdueAt(dispatched, T + Tick, null, null, DeadlineHold.None, T));
    }

    [Fact]
    public void IsOverdueAt_PastDeadlineButNotDispatchedByT_OrResolvedOrClosedBeforeT_IsNotOverdue()
    {
        var deadline = T.AddDays(-1);
        Assert.False(Overdue.IsOverdueAt(null, deadline, null, null, DeadlineHold.None, T));
        Assert.False(Overdue.IsOverdueAt(T, deadline, null, null, DeadlineHold.None, T));
        Assert.False(Overdue.IsOverdueAt(T.AddDays(-2), deadline, T - Tick, null, DeadlineHold.None, T));
        Assert.False(Overdue.IsOverdueAt(T.AddDays(-2), deadline, null, T - Tick, DeadlineHold.None, T));
        // Resolved or closed exactly at T is not yet resolved "by T".
        Assert.True(Overdue.IsOverdueAt(T.AddDays(-2), deadline, T, null, DeadlineHold.None, T));
        Assert.True(Overdue.IsOverdueAt(T.AddDays(-2), deadline, null, T, DeadlineHold.None, T));
    }

    // ── Indicators.SatisfactionStreak ───────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void SatisfactionStreak_OnlyTheFirstRunningMonthIsSkippedWhenEmpty()
    {
        // An empty month that is not the first breaks the streak even when the first is running.
        Assert.Equal(1, Indicators.SatisfactionStreak([(0, 0), (4, 4), (0, 0), (2, 2)], firstMonthIsRunning: true));
        // An empty first month that is finished breaks at once.
        Assert.Equal(0, Indicators.SatisfactionStreak([(0, 0), (4, 4)], firstMonthIsRunning: false));
        // A running first month with callbacks counts like any other.
        Assert.Equal(2, Indicators.SatisfactionStreak([(1, 1), (4, 4), (3, 2)], firstMonthIsRunning: true));
    }

    // ── CompositeScore ──────────────────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void Compute_ZeroWeight_LeavesThatRateOut()
    {
        // 按期 0/2, 结案 2/2, 返工 0/2 (no-rework 1), no callbacks; on-time weight 0: (20·1 + 10·1) / 30 = 100.
        var counts = new IndicatorCounts(2, 2, 2, 2, 0, 0, 0, 0, 0, 0);

        Assert.Equal(100.0, CompositeScore.Compute(counts, new CompositeWeights(OnTimeClosure: 0)));
        Assert.Equal(37.5, CompositeScore.Compute(counts, new CompositeWeights()));
        Assert.Null(CompositeScore.Compute(counts, new CompositeWeights(0, 0, 0, 0)));
    }

    [Fact]
    public void Compute_RoundsToTwoDecimals()
    {
        // 按期 1/3, the only rate with weight: 33.333… → 33.33.
        var counts = new IndicatorCounts(3, 3, 3, 0, 1, 0, 0, 0, 0, 0);

        Assert.Equal(33.33, CompositeScore.Compute(counts, new CompositeWeights(50, 0, 0, 0)));
    }

    [Fact]
    public void GradeOf_NoScore_IsNoGrade()
    {
        Assert.Null(CompositeScore.GradeOf(null));
    }

    [Fact]
    public void Rank_NoScoreGoesLast_TiesByOnTimeRateThenByName()
    {
        // a: composite 100; b and c: composite 50 each (closed 1 of 2), c closed on time, b late; d and e: no rate, by name.
        var rows = new (string Name, IndicatorCounts Counts)[]
        {
            ("e", IndicatorCounts.Zero),
            ("b", new IndicatorCounts(2, 2, 2, 1, 0, 0, 0, 0, 0, 0)),
            ("d", IndicatorCounts.Zero),
            ("c", new IndicatorCounts(2, 2, 2, 1, 1, 0, 0, 0, 0, 0)),
            ("a", new IndicatorCounts(1, 1, 1, 1, 1, 0, 0, 0, 0, 0)),
        };
        var weights = new CompositeWeights(OnTimeClosure: 0, Closure: 1, NoRework: 0, Satisfaction: 0);

        var ranked = Ranking.Rank(rows, r => r.Counts, r => r.Name, weights).Select(r => r.Unit.Name);

        Assert.Equal(["a", "c", "b", "d", "e"], ranked);
    }

    [Fact]
    public void Rank_EqualCompositeAndOnTimeRate_OrdersByNameOrdinally()
    {
        var counts = new IndicatorCounts(1, 1, 1, 1, 1, 0, 0, 0, 0, 0);

        var ranked = Ranking.Rank([("b", counts), ("B", counts), ("a", counts)], r => r.Item2, r => r.Item1, new CompositeWeights())
            .Select(r => r.Unit.Item1);

        Assert.Equal(["B", "a", "b"], ranked);
    }

    [Fact]
    public void Rank_ScoreOfZero_RanksAboveNoScore_OnTimeRateOfZeroAboveNone()
    {
        var zero = new IndicatorCounts(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);   // every rate 0 (rework unknown): composite 0
        var none = IndicatorCounts.Zero;

        var ranked = Ranking.Rank([("z-none", none), ("a-zero", zero)], r => r.Item2, r => r.Item1, new CompositeWeights())
            .Select(r => r.Unit.Item1);
        var byOnTime = Ranking.Rank([("a-none", none), ("z-zero", zero)], r => r.Item2, r => r.Item1,
                new CompositeWeights(0, 0, 0, 0))
            .Select(r => r.Unit.Item1);

        Assert.Equal(["a-zero", "z-none"], ranked);
        Assert.Equal(["z-zero", "a-none"], byOnTime);
    }

    // ── RoadResponsibility.Fold: found in [From, To) before T and not rejected before T ──────────────────────────────

    private static RoadCaseFacts Road(DateTime reported, DateTime? rejected = null, DateTime? dispatched = null, DateTime? deadline = null,
        DateTime? resolved = null, DateTime? closed = null) => new(reported, rejected, dispatched, deadline, resolved, closed);

    private static RoadProblemCounts RoadFold(params RoadCaseFacts[] cases) => RoadResponsibility.Fold(cases, November, T);

    [Fact]
    public void RoadFold_ReportedAtThePeriodStart_IsFound_AtTOrBeforeTheStart_IsNot()
    {
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), RoadFold(Road(November.FromUtc)));
        Assert.Equal(RoadProblemCounts.Zero, RoadFold(Road(November.FromUtc - Tick)));
        Assert.Equal(RoadProblemCounts.Zero, RoadFold(Road(T)));
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), RoadFold(Road(T - Tick)));
    }

    [Fact]
    public void RoadFold_ReportedAtThePeriodEnd_IsTheNextPeriods()
    {
        var later = November.ToUtc.AddDays(3);

        Assert.Equal(0, RoadResponsibility.Fold([Road(November.ToUtc)], November, later).Found);
        Assert.Equal(1, RoadResponsibility.Fold([Road(November.ToUtc - Tick)], November, later).Found);
    }

    [Fact]
    public void RoadFold_RejectedExactlyAtT_IsStillFoundAndOpen_OneTickBeforeIsNotFound()
    {
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), RoadFold(Road(T.AddDays(-1), rejected: T)));
        Assert.Equal(RoadProblemCounts.Zero, RoadFold(Road(T.AddDays(-1), rejected: T - Tick)));
    }

    [Fact]
    public void RoadFold_ResolvedOrClosedExactlyAtT_IsStillOpen_OneTickBeforeIsResolved()
    {
        var reported = T.AddDays(-2);

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), RoadFold(Road(reported, resolved: T)));
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), RoadFold(Road(reported, closed: T)));
        Assert.Equal(new RoadProblemCounts(1, 1, 0, 0), RoadFold(Road(reported, resolved: T - Tick)));
        Assert.Equal(new RoadProblemCounts(1, 1, 0, 0), RoadFold(Road(reported, closed: T - Tick)));
    }

    [Fact]
    public void RoadFold_DeadlineExactlyAtT_IsNotOverdue_OneTickBeforeIs()
    {
        var reported = T.AddDays(-2);

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), RoadFold(Road(reported, dispatched: reported.AddHours(1), deadline: T)));
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 1), RoadFold(Road(reported, dispatched: reported.AddHours(1), deadline: T - Tick)));
    }

    [Fact]
    public void RoadFold_DispatchedExactlyAtT_IsNotOverdueYet_OneTickBeforeIs()
    {
        var reported = T.AddDays(-2);

        Assert.Equal(0, RoadFold(Road(reported, dispatched: T, deadline: T.AddDays(-1))).Overdue);
        Assert.Equal(1, RoadFold(Road(reported, dispatched: T - Tick, deadline: T.AddDays(-1))).Overdue);
    }

    [Fact]
    public void RoadFold_ResolvedPastItsDeadline_IsResolvedNotOverdue()
    {
        var reported = T.AddDays(-3);

        Assert.Equal(new RoadProblemCounts(1, 1, 0, 0),
            RoadFold(Road(reported, dispatched: reported.AddHours(1), deadline: reported.AddHours(2), resolved: T.AddHours(-1))));
    }

    // ── RoadResponsibility.StatusOf and DaysLeft ────────────────────────────────────────────────────────────────────

    [Fact]
    public void StatusOf_PatrolsMissingEqualToTheDaysLeft_IsAmber_OneMoreIsRed()
    {
        Assert.Equal(new RoadStatus(RoadStatusColour.Amber, RoadStatusReason.PatrolsBehind), RoadResponsibility.StatusOf(1, 3, 0, 2));
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.PatrolsMissed), RoadResponsibility.StatusOf(0, 3, 0, 2));
    }

    [Fact]
    public void StatusOf_PatrolsExactlyAsRequired_IsGreen_EvenWithNoDaysLeft()
    {
        Assert.Equal(new RoadStatus(RoadStatusColour.Green, RoadStatusReason.OnTrack), RoadResponsibility.StatusOf(3, 3, 0, 0));
        Assert.Equal(new RoadStatus(RoadStatusColour.Green, RoadStatusReason.OnTrack), RoadResponsibility.StatusOf(5, 3, 0, 0));
    }

    [Fact]
    public void StatusOf_OneOverdueProblem_IsRed_NoneLeavesThePatrolsToDecide()
    {
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.ProblemsOverdue), RoadResponsibility.StatusOf(3, 3, 1, 7));
        Assert.Equal(new RoadStatus(RoadStatusColour.Green, RoadStatusReason.OnTrack), RoadResponsibility.StatusOf(3, 3, 0, 7));
    }

    [Theory]
    [InlineData("2026-11-15", 7)] // the day before the week: all seven days
    [InlineData("2026-11-16", 7)] // Monday, the first day: today included
    [InlineData("2026-11-17", 6)]
    [InlineData("2026-11-22", 1)] // Sunday, the last day
    [InlineData("2026-11-23", 0)] // the end day itself: over
    [InlineData("2026-11-30", 0)]
    public void DaysLeft_AroundTheWeeksEdges(string today, int expected)
    {
        Assert.Equal(expected, RoadResponsibility.DaysLeft(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23), DateOnly.Parse(today)));
    }

    // ── BusinessCalendar and Period ─────────────────────────────────────────────────────────────────────────────────

    private static readonly DateTime December1Utc = new(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void AsOf_NowExactlyAtThePeriodEnd_IsTheEnd_OneTickBeforeIsNow()
    {
        var november = Period.Month(2026, 11);

        Assert.Equal(December1Utc, Calendar.AsOf(november, December1Utc));
        Assert.Equal(December1Utc - Tick, Calendar.AsOf(november, December1Utc - Tick));
        Assert.Equal(December1Utc, Calendar.AsOf(november, December1Utc + Tick));
    }

    [Fact]
    public void LocalDate_2330AndMidnightOnTheMonthsLastDay_FallOnEitherSide()
    {
        var lastEvening = new DateTime(2026, 11, 30, 15, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new DateOnly(2026, 11, 30), Calendar.LocalDate(lastEvening));
        Assert.Equal(new DateOnly(2026, 11, 30), Calendar.LocalDate(December1Utc - Tick));
        Assert.Equal(new DateOnly(2026, 12, 1), Calendar.LocalDate(December1Utc));
        Assert.Equal(Period.Month(2026, 11), Calendar.ThisMonth(lastEvening));
        Assert.Equal(Period.Month(2026, 12), Calendar.ThisMonth(December1Utc));
        Assert.Equal(Period.Day(new DateOnly(2026, 12, 1)), Calendar.Today(December1Utc));
        Assert.Equal(Period.Week(new DateOnly(2026, 11, 30)), Calendar.ThisWeek(December1Utc));
    }

    [Fact]
    public void LocalDate_UnspecifiedKind_IsReadAsUtc()
    {
        var unspecified = new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Unspecified);

        Assert.Equal(new DateOnly(2026, 12, 1), Calendar.LocalDate(unspecified));
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0), Calendar.ToLocal(unspecified));
    }

    [Fact]
    public void UtcRange_ContainsItsStart_NotItsEnd_NorNull()
    {
        Assert.True(November.Contains(November.FromUtc));
        Assert.False(November.Contains(November.FromUtc - Tick));
        Assert.False(November.Contains(November.ToUtc));
        Assert.True(November.Contains(November.ToUtc - Tick));
        Assert.False(November.Contains((DateTime?)null));
        Assert.True(November.Contains((DateTime?)November.FromUtc));
    }

    [Fact]
    public void ToUtc_SkippedLocalTime_MovesForward()
    {
        // Berlin skipped 2026-03-29 02:00–03:00 local: 02:30 is taken as 03:00 CEST = 01:00Z.
        var berlin = BusinessCalendar.For("Europe/Berlin");

        Assert.Equal(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), berlin.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0)));
        Assert.Equal(new DateTime(2026, 3, 29, 0, 59, 0, DateTimeKind.Utc), berlin.ToUtc(new DateTime(2026, 3, 29, 1, 59, 0)));
    }

    [Fact]
    public void For_NoZoneGiven_IsShanghai()
    {
        Assert.Equal(BusinessCalendar.DefaultTimeZone, BusinessCalendar.For(null).Zone.Id);
        Assert.Equal(BusinessCalendar.DefaultTimeZone, BusinessCalendar.For(" ").Zone.Id);
        Assert.Equal("Europe/Berlin", BusinessCalendar.For("Europe/Berlin").Zone.Id);
    }

    [Theory]
    [InlineData("1999-12-31", false)]
    [InlineData("2000-01-01", true)]
    [InlineData("2099-12-31", true)]
    [InlineData("2100-01-01", false)]
    public void CalendarRange_FirstAndLastDayAreInside(string day, bool inside)
    {
        Assert.Equal(inside, CalendarRange.Contains(DateOnly.Parse(day)));
        Assert.Equal(inside, CalendarRange.TryParseDay(day, out _));
    }

    [Theory]
    [InlineData("2000-W01", true)]
    [InlineData("1999-W52", false)]
    [InlineData("2099-W53", true)]   // 2099 has 53 ISO weeks
    [InlineData("2100-W01", false)]
    [InlineData("2026-W53", true)]   // 2026 has 53 ISO weeks
    [InlineData("2025-W53", false)]  // 2025 has 52
    [InlineData("2025-W52", true)]
    [InlineData("2026-W00", false)]
    [InlineData("2026-W1", true)]
    [InlineData("2026-w01", true)]
    [InlineData("2026-X01", false)]
    [InlineData("2026W01", false)]
    [InlineData("2026-W001", false)]
    [InlineData("+026-W01", false)]
    [InlineData("2026-W+1", false)]
    public void TryParseIsoWeek_AtTheEdgesOfTheRange(string text, bool valid)
    {
        Assert.Equal(valid, Period.TryParseIsoWeek(text, out var week));
        if (valid) Assert.Equal(PeriodKind.Week, week.Kind);
        else Assert.Null(week);
    }

    [Theory]
    [InlineData("2000-01", true)]
    [InlineData("1999-12", false)]
    [InlineData("2099-12", true)]
    [InlineData("2100-01", false)]
    [InlineData("2026-13", false)]
    [InlineData("2026-1", false)]
    [InlineData("2026-011", false)]
    public void TryParseMonth_AtTheEdgesOfTheRange(string text, bool valid)
    {
        Assert.Equal(valid, Period.TryParseMonth(text, out var month));
        if (valid) Assert.Equal(PeriodKind.Month, month.Kind);
        else Assert.Null(month);
    }

    [Theory]
    [InlineData("2026-11-16", "2026-11-16")] // Monday is its own week's start
    [InlineData("2026-11-22", "2026-11-16")] // Sunday belongs to the week before it
    [InlineData("2026-11-23", "2026-11-23")]
    public void Week_MondayAndSunday_AreTheWeeksEdges(string day, string monday)
    {
        var week = Period.Week(DateOnly.Parse(day));

        Assert.Equal((DateOnly.Parse(monday), DateOnly.Parse(monday).AddDays(7)), (week.Start, week.End));
    }

    [Theory]
    [InlineData(PeriodKind.Day, "2026-11-30")]
    [InlineData(PeriodKind.Week, "2026-W49")]
    [InlineData(PeriodKind.Month, "2026-11")]
    public void Label_OfEachKind(PeriodKind kind, string label)
    {
        var day = new DateOnly(2026, 11, 30);
        var period = kind switch
        {
            PeriodKind.Day => Period.Day(day),
            PeriodKind.Week => Period.Week(day),
            _ => Period.Month(2026, 11),
        };

        Assert.Equal(label, period.Label);
    }

    [Fact]
    public void SameLastYear_Week53_IsTheLastWeekOfAYearWithout53()
    {
        Assert.True(Period.TryParseIsoWeek("2026-W53", out var week53));

        Assert.Equal("2025-W52", week53.SameLastYear().Label);
        Assert.Equal("2025-W47", Period.Week(new DateOnly(2026, 11, 18)).SameLastYear().Label);
    }

    // ── ReporterPhone: 11 digits keep 3 + 4, shorter ones their last 2 ──────────────────────────────────────────────

    [Theory]
    [InlineData("13812345678", "138****5678")]  // exactly 11
    [InlineData("1381234567", "********67")]    // 10: the short rule
    [InlineData("123", "*23")]                  // 3: the last two kept
    [InlineData("12", "**")]                    // 2: nothing kept
    [InlineData("1", "*")]
    [InlineData("   ", "")]
    public void Mask_AtTheLengthBoundaries(string phone, string expected)
    {
        Assert.Equal(expected, ReporterPhone.Mask(phone));
    }

    [Fact]
    public void ForViewer_WithPii_IsTrimmed_NoPhoneIsEmpty()
    {
        Assert.Equal("13812345678", ReporterPhone.ForViewer(" 13812345678 ", hasPii: true));
        Assert.Equal("", ReporterPhone.ForViewer(null, hasPii: true));
        Assert.Equal("", ReporterPhone.ForViewer(null, hasPii: false));
    }

    // ── A closing at T, a resolution before the deadline with the closing after it ──────────────────────────────────

    [Fact]
    public void Fold_ClosedExactlyAtT_IsDueButNotYetClosed()
    {
        var counts = Fold(T, Registered(T.AddDays(-2), deadline: T.AddDays(-1), closed: T));

        Assert.Equal((1L, 1L, 0L), (counts.Registered, counts.Due, counts.Closed));
    }

    [Fact]
    public void IsResolvedLate_ResolvedBeforeTheDeadlineAndClosedAfterIt_IsNotLate() =>
        Assert.False(Overdue.IsResolvedLate(T.AddHours(-5), T.AddHours(-3), T.AddHours(-4), T.AddHours(-1), T));
}
