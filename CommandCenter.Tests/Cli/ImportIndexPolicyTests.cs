using CommandCenter.Cli;

namespace CommandCenter.Tests.Cli;

public sealed class ImportIndexPolicyTests
{
    [Theory]
    [InlineData(ImportIndexes.Auto, 200_000, 38_000, true)]     // history into a young database
    [InlineData(ImportIndexes.Auto, 200_000, 0, true)]
    [InlineData(ImportIndexes.Auto, 250_000, 1_000_000, true)]  // a quarter of the table: building costs no more than keeping up
    [InlineData(ImportIndexes.Auto, 249_999, 1_000_000, false)]
    [InlineData(ImportIndexes.Auto, 9_999, 0, false)]           // too small to be worth unindexed reads
    [InlineData(ImportIndexes.Auto, 10_000, 0, true)]
    [InlineData(ImportIndexes.Keep, 5_000_000, 0, false)]
    [InlineData(ImportIndexes.Defer, 1, 5_000_000, true)]
    public void ShouldDefer(ImportIndexes mode, long lines, long cases, bool expected) =>
        Assert.Equal(expected, ImportIndexPolicy.ShouldDefer(mode, lines, cases));
}
