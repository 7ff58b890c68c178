using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>The one ranking rule (Ranking.Rank): who gets a rank, how ties are numbered, where the unranked go.</summary>
public sealed class RankingTests
{
    private static readonly CompositeWeights Weights = new();

    private static IndicatorCounts Counts(long due = 10, long closed = 10, long onTime = 8, long reworked = 1, long callbacks = 4, long satisfied = 3) =>
        new(Reported: due, Registered: due, Due: due, Closed: closed, ClosedOnTime: onTime, ClosedReworked: reworked,
            Callbacks: callbacks, Satisfied: satisfied, ResolvedCount: 0, ResolutionHours: 0);

    private static List<(string Name, int? Rank)> Rank(params (string Name, IndicatorCounts Counts)[] units) =>
        Ranking.Rank(units, u => u.Counts, u => u.Name, Weights).Select(r => (r.Unit.Name, r.Rank)).ToList();

    [Fact]
    public void Rank_EqualComposite_HigherOnTimeRateFirst()
    {
        // Both score 84: 40 + 20 + 9 + 15 and 45 + 18 + 10 + 11.
        var lowerOnTime = ("A街道", Counts());
        var higherOnTime = ("B街道", Counts(due: 10, closed: 9, onTime: 9, reworked: 0, callbacks: 20, satisfied: 11));
        var best = ("C街道", Counts(onTime: 10, callbacks: 4, satisfied: 4));
        var unknown = ("D街道", IndicatorCounts.Zero);

        var ranked = Rank(unknown, lowerOnTime, higherOnTime, best);

        Assert.Equal(CompositeScore.Compute(lowerOnTime.Item2, Weights), CompositeScore.Compute(higherOnTime.Item2, Weights));
        Assert.Equal(new[] { "C街道", "B街道", "A街道", "D街道" }, ranked.Select(r => r.Name));
        // The tie-break decides the number too: equal composite, different 按期结案率 → two ranks.
        Assert.Equal(new int?[] { 1, 2, 3, null }, ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Rank_HigherCompositeWithALowerOnTimeRate_StillFirst()
    {
        var steady = ("甲街道", Counts(onTime: 7, reworked: 0, callbacks: 4, satisfied: 4));
        var punctual = ("乙街道", Counts(onTime: 8, reworked: 5, callbacks: 4, satisfied: 0));
        Assert.True(CompositeScore.Compute(steady.Item2, Weights) > CompositeScore.Compute(punctual.Item2, Weights));
        Assert.True(steady.Item2.OnTimeClosureRate < punctual.Item2.OnTimeClosureRate);

        Assert.Equal([("甲街道", (int?)1), ("乙街道", 2)], Rank(punctual, steady));
    }

    [Fact]
    public void Rank_EqualCompositeAndOnTimeRate_ShareARankAndTheNextSkips()
    {
        var same = Counts(due: 4, closed: 4, onTime: 3, reworked: 0, callbacks: 2, satisfied: 2);

        var ranked = Rank(("乙街道", same), ("丁街道", Counts(onTime: 2)), ("甲街道", same), ("丙街道", Counts(onTime: 10, satisfied: 4)));

        // 丙 first; 乙 and 甲 tie (ordered by name, ordinal), both 2nd; 丁 is 4th, not 3rd (competition ranking 1, 2, 2, 4).
        Assert.Equal(new (string, int?)[] { ("丙街道", 1), ("乙街道", 2), ("甲街道", 2), ("丁街道", 4) }, ranked);
    }

    [Fact]
    public void Rank_OnTimeRatesThatReadTheSame_ShareARank()
    {
        // Only 结案率 weighs, both 100 %; 按期结案率 1/3 and 3333/10000 both read 33.33 %.
        var weights = new CompositeWeights(OnTimeClosure: 0, Closure: 1, NoRework: 0, Satisfaction: 0);
        var third = new IndicatorCounts(3, 3, 3, 3, 1, 0, 0, 0, 0, 0);
        var almostThird = new IndicatorCounts(10_000, 10_000, 10_000, 10_000, 3_333, 0, 0, 0, 0, 0);
        var lower = new IndicatorCounts(10_000, 10_000, 10_000, 10_000, 3_332, 0, 0, 0, 0, 0);

        var ranked = Ranking.Rank([("b", third), ("c", lower), ("a", almostThird)], u => u.Item2, u => u.Item1, weights)
            .Select(r => (r.Unit.Item1, r.Rank));

        Assert.Equal(FigureFormat.Rate(third.OnTimeClosureRate), FigureFormat.Rate(almostThird.OnTimeClosureRate));
        Assert.Equal(new (string, int?)[] { ("a", 1), ("b", 1), ("c", 3) }, ranked);
    }

    [Fact]
    public void Rank_AllTied_AllFirst()
    {
        var same = Counts();

        Assert.Equal(new int?[] { 1, 1, 1 }, Rank(("b", same), ("a", same), ("c", same)).Select(r => r.Rank));
    }

    [Fact]
    public void Rank_UnitsWithoutComposite_FollowUnrankedByName()
    {
        // No rate at all → no composite → no rank, after every ranked unit however low its score.
        var ranked = Ranking.Rank(
            [("Z", IndicatorCounts.Zero), ("low", Counts(closed: 0, onTime: 0, callbacks: 1, satisfied: 0)), ("A", IndicatorCounts.Zero)],
            u => u.Item2, u => u.Item1, Weights);

        Assert.Equal(0, ranked[0].Composite);
        Assert.Equal((1, Grade.E), (ranked[0].Rank!.Value, ranked[0].Grade!.Value));
        Assert.Equal(new (string, int?, double?, Grade?)[] { ("A", null, null, null), ("Z", null, null, null) },
            ranked.Skip(1).Select(r => (r.Unit.Item1, r.Rank, r.Composite, r.Grade)));
    }

    [Fact]
    public void Rank_CompositeWithoutOnTimeRate_IsRankedAfterAnEqualCompositeWithOne()
    {
        // 满意率 100 % alone (nothing due) scores 100, as does a unit with every rate at 100 %; the one with 按期结案率 leads.
        var onlyCallbacks = new IndicatorCounts(0, 0, 0, 0, 0, 0, 3, 3, 0, 0);
        var perfect = Counts(onTime: 10, reworked: 0, callbacks: 3, satisfied: 3);

        var ranked = Rank(("a", onlyCallbacks), ("b", perfect));

        Assert.Equal(new (string, int?)[] { ("b", 1), ("a", 2) }, ranked);
    }

    [Fact]
    public void Rank_NoUnits_IsEmpty() => Assert.Empty(Rank());
}
