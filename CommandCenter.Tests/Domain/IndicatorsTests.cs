using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

public class IndicatorsTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly Period March = Period.Month(2026, 3);
    /// [2026-02-28T16:00Z, 2026-03-31T16:00Z): March in Shanghai.
    private static readonly UtcRange MarchUtc = Shanghai.ToUtc(March);
    private static readonly DateTime EndOfMarch = MarchUtc.ToUtc;

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static CaseFacts Case(DateTime reported, DateTime? registered = null, DateTime? dispatched = null, DateTime? deadline = null,
        DateTime? resolved = null, DateTime? closed = null, int rework = 0, SatisfactionRating? rating = null, DateTime? ratedAt = null) =>
        new(reported, registered, dispatched, deadline, resolved, closed, rework, rating, ratedAt);

    /// <summary>
    /// Seven cases around March 2026, evaluated as of the end of March. By hand:
    /// reported 6 (#1 #2 #3 #4 #6 #7), registered 5 (#1 #2 #3 #4 #7), due 4 (#1 #2 #7 closed, #3 past its deadline; #4 neither),
    /// closed 3, on time 2 (#2 closed after its deadline), reworked 1 (#2), callbacks 3 (#1 #2 #5), satisfied 2 (#1 #5),
    /// resolved in March 4 (#1 24 h, #2 96 h, #5 72 h, #7 13 h = 205 h).
    /// </summary>
    private static readonly CaseFacts[] MarchCases =
    [
        // #1 closed on time, satisfied.
        Case(Utc(3, 2, 1), Utc(3, 2, 2), Utc(3, 2, 3), Utc(3, 4, 3), Utc(3, 3, 3), Utc(3, 3, 5), 0, SatisfactionRating.Satisfied, Utc(3, 4, 0)),
        // #2 reworked once, closed late, dissatisfied.
        Case(Utc(3, 5, 1), Utc(3, 5, 2), Utc(3, 5, 2), Utc(3, 7, 2), Utc(3, 9, 2), Utc(3, 9, 4), 1, SatisfactionRating.Dissatisfied, Utc(3, 10, 0)),
        // #3 open past its deadline.
        Case(Utc(3, 10, 0), Utc(3, 10, 1), Utc(3, 10, 1), Utc(3, 12, 1)),
        // #4 open, deadline after the end of March: not due yet.
        Case(Utc(3, 30, 10), Utc(3, 30, 11), Utc(3, 30, 11), Utc(4, 1, 11)),
        // #5 reported and registered in February; resolved and rated in March.
        Case(Utc(2, 27, 10), Utc(2, 27, 11), Utc(2, 27, 12), Utc(3, 1, 12), Utc(3, 2, 12), Utc(3, 2, 13), 0, SatisfactionRating.VerySatisfied, Utc(3, 3, 0)),
        // #6 rejected.
        Case(Utc(3, 15, 0)),
        // #7 closed before its deadline, which falls after the end of March.
        Case(Utc(3, 30, 11), Utc(3, 30, 12), Utc(3, 30, 12), Utc(4, 1, 12), Utc(3, 31, 1), Utc(3, 31, 2)),
    ];

    private static IndicatorCounts FoldMarch() => Indicators.Fold(MarchCases, MarchUtc, EndOfMarch);

    [Fact]
    public void Fold_MarchCases_CountsReportedAndRegisteredInThePeriod()
    {
        var counts = FoldMarch();

        Assert.Equal(6, counts.Reported);
        Assert.Equal(5, counts.Registered);
    }

    [Fact]
    public void Fold_MarchCases_DueAreRegisteredCasesClosedByTOrPastTheirDeadline()
    {
        var counts = FoldMarch();

        Assert.Equal(4, counts.Due);
    }

    [Fact]
    public void Fold_MarchCases_CountsClosedAndClosedOnTimeWithTheirRates()
    {
        var counts = FoldMarch();

        Assert.Equal(3, counts.Closed);
        Assert.Equal(2, counts.ClosedOnTime);
        Assert.Equal(0.75, counts.ClosureRate);
        Assert.Equal(0.5, counts.OnTimeClosureRate);
    }

    [Fact]
    public void Fold_MarchCases_ReworkRateIsReworkedClosedOverClosed()
    {
        var counts = FoldMarch();

        Assert.Equal(1, counts.ClosedReworked);
        Assert.Equal(1.0 / 3, counts.ReworkRate!.Value, 10);
    }

    [Fact]
    public void Fold_MarchCases_SatisfactionRateCountsCallbacksMadeInThePeriod()
    {
        var counts = FoldMarch();

        Assert.Equal(3, counts.Callbacks);
        Assert.Equal(2, counts.Satisfied);
        Assert.Equal(2.0 / 3, counts.SatisfactionRate!.Value, 10);
    }

    [Fact]
    public void Fold_MarchCases_AverageResolutionHoursIsMeanDispatchToResolve()
    {
        var counts = FoldMarch();

        Assert.Equal(4, counts.ResolvedCount);
        Assert.Equal(205, counts.ResolutionHours, 10);
        Assert.Equal(51.25, counts.AverageResolutionHours!.Value, 10);
    }

    [Fact]
    public void Fold_NoCases_GivesZeroCountsAndNoRates()
    {
        var counts = Indicators.Fold([], MarchUtc, EndOfMarch);

        Assert.Equal(IndicatorCounts.Zero, counts);
        Assert.Null(counts.ClosureRate);
        Assert.Null(counts.OnTimeClosureRate);
        Assert.Null(counts.ReworkRate);
        Assert.Null(counts.SatisfactionRate);
        Assert.Null(counts.AverageResolutionHours);
    }

    [Fact]
    public void Fold_DueButNothingClosed_ClosureIsZeroAndReworkIsUnknown()
    {
        var counts = Indicators.Fold([MarchCases[2]], MarchUtc, EndOfMarch);

        Assert.Equal(1, counts.Due);
        Assert.Equal(0.0, counts.ClosureRate);
        Assert.Equal(0.0, counts.OnTimeClosureRate);
        Assert.Null(counts.ReworkRate);
        Assert.Null(counts.SatisfactionRate);
        Assert.Null(counts.AverageResolutionHours);
    }

    [Fact]
    public void Fold_CaseReportedAt2330OnTheLastDayOfTheMonth_BelongsToThatMonthNotTheNext()
    {
        // 2026-03-31T15:30Z is 23:30 on 31 March in Shanghai; 16:00Z is already 1 April there.
        var lateOnTheLastDay = Case(Utc(3, 31, 15, 30), registered: Utc(3, 31, 15, 45));
        var firstMinuteOfApril = Case(Utc(3, 31, 16, 0), registered: Utc(3, 31, 16, 1));
        var april = Shanghai.ToUtc(Period.Month(2026, 4));

        var inMarch = Indicators.Fold([lateOnTheLastDay, firstMinuteOfApril], MarchUtc, EndOfMarch);
        var inApril = Indicators.Fold([lateOnTheLastDay, firstMinuteOfApril], april, april.ToUtc);

        Assert.Equal(1, inMarch.Reported);
        Assert.Equal(1, inMarch.Registered);
        Assert.Equal(1, inApril.Reported);
        Assert.Equal(1, inApril.Registered);
        Assert.Equal(new DateTime(2026, 2, 28, 16, 0, 0, DateTimeKind.Utc), MarchUtc.FromUtc);
        Assert.Equal(new DateTime(2026, 3, 31, 16, 0, 0, DateTimeKind.Utc), MarchUtc.ToUtc);
    }

    [Fact]
    public void Fold_LastMonthAsOfItsEnd_CaseClosedAfterTheEndDoesNotCountAsClosed()
    {
        var now = Utc(4, 10, 0);
        var asOf = Shanghai.AsOf(March, now);
        // Past its deadline within March, closed on 2 April: due for March but not closed in March's report.
        var closedLate = Case(Utc(3, 20, 0), Utc(3, 20, 1), Utc(3, 20, 1), Utc(3, 22, 1), Utc(4, 1, 0), Utc(4, 2, 0));
        // Deadline in April, closed on 2 April: not due for March at all.
        var dueInApril = Case(Utc(3, 28, 0), Utc(3, 28, 0), Utc(3, 28, 0), Utc(4, 5, 0), Utc(4, 1, 0), Utc(4, 2, 0));

        var report = Indicators.Fold([closedLate, dueInApril], MarchUtc, asOf);
        var ifEvaluatedNow = Indicators.Fold([closedLate, dueInApril], MarchUtc, now);

        Assert.Equal(EndOfMarch, asOf);
        Assert.Equal(1, report.Due);
        Assert.Equal(0, report.Closed);
        Assert.Equal(0.0, report.ClosureRate);
        Assert.Equal(0, report.ResolvedCount);
        Assert.Equal(2, ifEvaluatedNow.Closed);
    }

    [Fact]
    public void Fold_RunningPeriod_IgnoresWhatHappensAfterNow()
    {
        var now = Utc(3, 10, 0);
        var closedLater = Case(Utc(3, 2, 1), Utc(3, 2, 2), Utc(3, 2, 3), Utc(3, 20, 3), Utc(3, 11, 3), Utc(3, 12, 5));

        var counts = Indicators.Fold([closedLater], MarchUtc, Shanghai.AsOf(March, now));

        Assert.Equal(1, counts.Registered);
        Assert.Equal(0, counts.Due);
        Assert.Equal(0, counts.ResolvedCount);
        Assert.Null(counts.ClosureRate);
    }

    [Fact]
    public void SatisfactionStreak_AllMonthsAtHundredPercent_CountsThemAll()
    {
        var months = Enumerable.Repeat((12L, 12L), 45).ToList();

        Assert.Equal(45, Indicators.SatisfactionStreak(months, firstMonthIsRunning: false));
    }

    [Fact]
    public void SatisfactionStreak_MonthBelowHundredPercent_EndsTheStreak()
    {
        Assert.Equal(2, Indicators.SatisfactionStreak([(5, 5), (3, 3), (2, 1), (4, 4)], firstMonthIsRunning: false));
    }

    [Fact]
    public void SatisfactionStreak_NinetyNinePercent_Breaks()
    {
        Assert.Equal(0, Indicators.SatisfactionStreak([(100, 99), (5, 5)], firstMonthIsRunning: false));
        Assert.Equal(1, Indicators.SatisfactionStreak([(5, 5), (100, 99), (5, 5)], firstMonthIsRunning: false));
    }

    [Fact]
    public void SatisfactionStreak_RunningMonthWithoutCallbacks_IsSkipped()
    {
        Assert.Equal(2, Indicators.SatisfactionStreak([(0, 0), (5, 5), (3, 3)], firstMonthIsRunning: true));
    }

    [Fact]
    public void SatisfactionStreak_FinishedMonthWithoutCallbacks_Breaks()
    {
        Assert.Equal(0, Indicators.SatisfactionStreak([(0, 0), (5, 5), (3, 3)], firstMonthIsRunning: false));
        Assert.Equal(1, Indicators.SatisfactionStreak([(5, 5), (0, 0), (3, 3)], firstMonthIsRunning: true));
    }

    [Fact]
    public void SatisfactionStreak_RunningMonthBelowHundredPercent_Breaks()
    {
        Assert.Equal(0, Indicators.SatisfactionStreak([(2, 1), (5, 5)], firstMonthIsRunning: true));
    }

    [Fact]
    public void SatisfactionStreak_NoMonths_IsZero()
    {
        Assert.Equal(0, Indicators.SatisfactionStreak([], firstMonthIsRunning: true));
    }

    /// <summary>Due 10, closed 10, on time 8, reworked 1, callbacks 4, satisfied 3: rates 0.8 / 1.0 / 0.1 / 0.75.</summary>
    private static IndicatorCounts Counts(long due = 10, long closed = 10, long onTime = 8, long reworked = 1, long callbacks = 4, long satisfied = 3) =>
        new(Reported: due, Registered: due, Due: due, Closed: closed, ClosedOnTime: onTime, ClosedReworked: reworked,
            Callbacks: callbacks, Satisfied: satisfied, ResolvedCount: 0, ResolutionHours: 0);

    [Fact]
    public void CompositeScore_DefaultWeights_IsTheWeightedMeanTimesHundred()
    {
        // 50 × 0.8 + 20 × 1.0 + 10 × (1 − 0.1) + 20 × 0.75 = 40 + 20 + 9 + 15 = 84
        var score = CompositeScore.Compute(Counts(), new CompositeWeights());

        Assert.Equal(84.0, score);
    }

    [Fact]
    public void CompositeScore_MarchCases_IsSixtyGradeC()
    {
        // 50 × 0.5 + 20 × 0.75 + 10 × (1 − 1/3) + 20 × 2/3 = 25 + 15 + 6.67 + 13.33 = 60
        var score = CompositeScore.Compute(FoldMarch(), new CompositeWeights());

        Assert.Equal(60.0, score);
        Assert.Equal(Grade.C, CompositeScore.GradeOf(score));
    }

    [Fact]
    public void CompositeScore_NoCallbacks_RescalesTheRemainingWeights()
    {
        // (40 + 20 + 9) / 80 × 100 = 86.25
        var score = CompositeScore.Compute(Counts(callbacks: 0, satisfied: 0), new CompositeWeights());

        Assert.Equal(86.25, score);
    }

    [Fact]
    public void CompositeScore_OnlySatisfactionKnown_IsTheSatisfactionRate()
    {
        var score = CompositeScore.Compute(Counts(due: 0, closed: 0, onTime: 0, reworked: 0), new CompositeWeights());

        Assert.Equal(75.0, score);
    }

    [Fact]
    public void CompositeScore_NoRateKnown_IsNull()
    {
        var score = CompositeScore.Compute(IndicatorCounts.Zero, new CompositeWeights());

        Assert.Null(score);
        Assert.Null(CompositeScore.GradeOf(score));
    }

    [Fact]
    public void CompositeScore_ConfiguredWeights_AreUsed()
    {
        // Only 按期结案率 weighted: the score is the on-time rate.
        var score = CompositeScore.Compute(Counts(), new CompositeWeights(OnTimeClosure: 1, Closure: 0, NoRework: 0, Satisfaction: 0));

        Assert.Equal(80.0, score);
    }

    [Theory]
    [InlineData(100.0, Grade.A)]
    [InlineData(90.0, Grade.A)]
    [InlineData(89.99, Grade.B)]
    [InlineData(75.0, Grade.B)]
    [InlineData(74.99, Grade.C)]
    [InlineData(60.0, Grade.C)]
    [InlineData(59.99, Grade.D)]
    [InlineData(40.0, Grade.D)]
    [InlineData(39.99, Grade.E)]
    [InlineData(0.0, Grade.E)]
    public void GradeOf_Boundaries_GiveTheGrade(double score, Grade expected)
    {
        Assert.Equal(expected, CompositeScore.GradeOf(score));
    }
}
