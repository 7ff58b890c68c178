using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>占比 rounded by the largest remainder to the shown 0.01 %: the shown shares add up to 100.00 %.</summary>
public sealed class SharesTests
{
    private static string[] Shown(params long[] counts) => Shares.Of(counts).Select(FigureFormat.Rate).ToArray();

    [Fact]
    public void Of_ThreeEqualCounts_AddUpTo100WhereRoundingEachGives99_99()
    {
        var naive = Enumerable.Repeat(FigureFormat.Rate(1.0 / 3), 3).ToArray();

        Assert.Equal(["33.33%", "33.33%", "33.33%"], naive); // 99.99 % in all
        Assert.Equal(["33.34%", "33.33%", "33.33%"], Shown(1, 1, 1));
    }

    [Fact]
    public void Of_SixEqualCounts_AddUpTo100WhereRoundingEachGives100_02()
    {
        Assert.Equal("16.67%", FigureFormat.Rate(1.0 / 6)); // 100.02 % in all
        Assert.Equal(["16.67%", "16.67%", "16.67%", "16.67%", "16.66%", "16.66%"], Shown(1, 1, 1, 1, 1, 1));
    }

    [Fact]
    public void Of_TheMissingStepGoesToTheLargestRemainderNotTheLargestCount()
    {
        // 6 : 5 : 2 of 13 = 46.153…, 38.461…, 15.384…: each rounded, 99.99 %; the step goes to 15.384… (remainder .84).
        Assert.Equal(["46.15%", "38.46%", "15.38%"], new[] { 6.0 / 13, 5.0 / 13, 2.0 / 13 }.Select(r => FigureFormat.Rate(r)));
        Assert.Equal(["46.15%", "38.46%", "15.39%"], Shown(6, 5, 2));
        // 8 : 6 : 5 of 19 = 42.105…, 31.578…, 26.315…: each rounded, 100.01 %; nothing goes up to 42.11.
        Assert.Equal(["42.11%", "31.58%", "26.32%"], new[] { 8.0 / 19, 6.0 / 19, 5.0 / 19 }.Select(r => FigureFormat.Rate(r)));
        Assert.Equal(["42.10%", "31.58%", "26.32%"], Shown(8, 6, 5));
        // Seven equal remainders (1 / 7 = 14.2857…): four steps are missing, they go to the first four listed.
        Assert.Equal(["14.29%", "14.29%", "14.29%", "14.29%", "14.28%", "14.28%", "14.28%"], Shown(1, 1, 1, 1, 1, 1, 1));
    }

    [Fact]
    public void Of_TheTargetMix_IsExact() => Assert.Equal(["70.00%", "20.00%", "10.00%"], Shown(14, 4, 2));

    [Fact]
    public void Of_NothingToShare_IsDashesNotZeroPercent()
    {
        Assert.Equal([null, null, null], Shares.Of([0, 0, 0]));
        Assert.Equal(["—", "—"], Shown(0, 0));
        Assert.Equal(["100.00%", "0.00%"], Shown(5, 0));
    }

    [Fact]
    public void Of_NegativeCount_IsRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => Shares.Of([3, -1]));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Of_RandomCounts_AddUpTo100_EachWithinOneStepOfItsExactShare_ChartAndTextAlike(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 2000; run++)
        {
            var counts = Enumerable.Range(0, random.Next(1, 8)).Select(_ => (long)random.Next(0, random.Next(2) == 0 ? 20 : 5000)).ToArray();
            var total = counts.Sum();
            if (total == 0) continue;
            var shares = Shares.Of(counts);

            // As shown: whole steps of 0.01 %, read back from the text, that add up to 100.00 %.
            var steps = shares.Select(s => long.Parse(FigureFormat.Rate(s).TrimEnd('%').Replace(".", ""))).ToArray();
            Assert.Equal(10_000, steps.Sum());
            for (var i = 0; i < counts.Length; i++)
            {
                Assert.True(Math.Abs(steps[i] - counts[i] * 10_000.0 / total) < 1, $"{string.Join(":", counts)} → {steps[i]}");
                // The chart plots the very digits the text shows.
                Assert.Equal(steps[i] / 100.0, FigureFormat.ChartPercent(shares[i]));
                Assert.Equal(FigureFormat.Rate(shares[i]), FigureFormat.ChartPercent(shares[i])!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%");
            }
        }
    }
}
