namespace CommandCenter.Domain;

/// <summary>
/// 占比: the shares of a whole, rounded to the decimals they are shown with (<see cref="FigureFormat.RatePattern"/>, a
/// percentage with two decimals) by the largest remainder method, so that the shown shares add up to exactly 100.00 %
/// and every place that shows a share (wall tile, its bar, the API, the report) shows the same digits. Rounding each
/// share on its own can miss: 1 : 1 : 1 gives 33.33 % three times, 99.99 % in all.
/// </summary>
public static class Shares
{
    /// <summary>100 % in steps of the last decimal <see cref="FigureFormat.RatePattern"/> shows (0.01 %).</summary>
    private const long Whole = 10_000;

    /// <summary>
    /// Each count's share of their sum as a fraction 0–1, rounded to whole steps of 0.01 % (the rate format's two
    /// decimals of a percentage); the shares add up to exactly 1. Each share first takes its exact value rounded down; the steps still
    /// missing go one each to the largest remainders (on equal remainders, to the count listed first). All null ("—")
    /// when the sum is 0.
    /// </summary>
    public static IReadOnlyList<double?> Of(IReadOnlyList<long> counts)
    {
        if (counts.Any(c => c < 0)) throw new ArgumentOutOfRangeException(nameof(counts), "A count cannot be negative.");
        var total = counts.Sum();
        if (total == 0) return counts.Select(_ => (double?)null).ToArray();

        var steps = new long[counts.Count];
        var remainders = new long[counts.Count];
        for (var i = 0; i < counts.Count; i++)
            steps[i] = Math.DivRem(checked(counts[i] * Whole), total, out remainders[i]);
        var missing = Whole - steps.Sum();
        foreach (var i in Enumerable.Range(0, counts.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)missing))
            steps[i]++;
        return steps.Select(s => (double?)(s / (double)Whole)).ToArray();
    }
}
