namespace CommandCenter.Domain;

/// <summary>
/// A unit (street or department) in a ranking (排名): its rank, null when it has no 综合指标值 (shown "—"), with the
/// composite and grade the rank was decided on.
/// </summary>
public sealed record Ranked<T>(T Unit, int? Rank, double? Composite, Grade? Grade);

/// <summary>
/// 排名: the one ranking rule of the wall boards, <c>GET /api/v1/indicators</c>, the monthly report (preview, print, xlsx)
/// and the dashboard API (docs/domain.md, "Numbers and ranks").
/// </summary>
public static class Ranking
{
    /// <summary>
    /// Ranks every unit given. A unit with a 综合指标值 gets a rank; units without one follow, unranked (null, "—"), in the
    /// same order. Order: composite descending, then 按期结案率 descending (a "—" after every rate), then name (ordinal).
    /// Both are compared as they are shown (the composite is computed at two decimals, the rate is rounded to the two
    /// decimals of its percentage), so two rows that read the same share a rank.
    /// Number: competition ranking over (composite, 按期结案率): units equal on both share a rank and the next rank skips
    /// (1, 1, 3); the name only orders units that share a rank.
    /// </summary>
    public static IReadOnlyList<Ranked<T>> Rank<T>(IEnumerable<T> units, Func<T, IndicatorCounts> counts, Func<T, string> name,
        CompositeWeights weights)
    {
        var ordered = units
            .Select(u => (Unit: u, Composite: CompositeScore.Compute(counts(u), weights), OnTime: AsShown(counts(u).OnTimeClosureRate)))
            .OrderByDescending(u => u.Composite ?? double.NegativeInfinity)
            .ThenByDescending(u => u.OnTime ?? double.NegativeInfinity)
            .ThenBy(u => name(u.Unit), StringComparer.Ordinal)
            .ToList();
        var ranked = new List<Ranked<T>>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (unit, composite, onTime) = ordered[i];
            int? rank = composite is null ? null
                : i > 0 && ordered[i - 1].Composite == composite && ordered[i - 1].OnTime == onTime ? ranked[i - 1].Rank
                : i + 1;
            ranked.Add(new Ranked<T>(unit, rank, composite, CompositeScore.GradeOf(composite)));
        }
        return ranked;
    }

    /// <summary>A rate at the precision <see cref="FigureFormat.Rate"/> shows it (0.00 %).</summary>
    private static double? AsShown(double? rate) => rate is { } r ? Math.Round(r, 4, MidpointRounding.AwayFromZero) : null;
}
