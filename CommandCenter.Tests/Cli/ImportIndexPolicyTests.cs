using CommandCenter.Cli;

namespace CommandCenter.Tests.Cli;

public sealed class ImportIndexPolicyTests
{
    [Theory]
    [InlineData(200_000, 38_000, true)]     // history into a young database
    [InlineData(200_000, 0, true)]
    [InlineData(250_000, 1_000_000, true)]  // a quarter of the table: building costs no more than keeping up
    [InlineData(249_999, 1_000_000, false)]
    [InlineData(9_999, 0, false)]           // too small to be worth unindexed reads
    [InlineData(10_000, 0, true)]
    public void PaysOff(long lines, long cases, bool expected) => Assert.Equal(expected, ImportIndexPolicy.PaysOff(lines, cases));

    [Theory]
    [InlineData(2_000, 2_000, true)]
    [InlineData(2_000, 1_000, true)]
    [InlineData(2_000, 999, false)]
    [InlineData(2_000, 0, false)]   // a second run: everything skipped
    [InlineData(0, 0, false)]
    public void MostlyNew(long lines, long created, bool expected) => Assert.Equal(expected, ImportIndexPolicy.MostlyNew(lines, created));
}
