using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>The one format per kind of figure (docs/domain.md, "Numbers and ranks"), whatever the thread's culture.</summary>
public sealed class FigureFormatTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(7, "7")]
    [InlineData(1234, "1,234")]
    [InlineData(1234567, "1,234,567")]
    public void Count_IsWholeWithGroupSeparators(long value, string expected) => Assert.Equal(expected, FigureFormat.Count(value));

    [Theory]
    [InlineData(1.0 / 3, "33.33%")]
    [InlineData(1.0, "100.00%")]
    [InlineData(0.0, "0.00%")]
    [InlineData(0.99995, "100.00%")]
    [InlineData(0.015, "1.50%")]
    public void Rate_IsAPercentageWithTwoDecimals(double rate, string expected) => Assert.Equal(expected, FigureFormat.Rate(rate));

    [Theory]
    [InlineData(61.666, "61.67")]
    [InlineData(95, "95.00")]
    [InlineData(0, "0.00")]
    public void Score_HasTwoDecimals(double score, string expected) => Assert.Equal(expected, FigureFormat.Score(score));

    [Fact]
    public void Hours_HaveTwoDecimals() => Assert.Equal("38.00", FigureFormat.Hours(38));

    [Theory]
    [InlineData(2.0, "+200.00%")]
    [InlineData(-0.5, "-50.00%")]
    [InlineData(0.0, "0.00%")]
    public void Growth_IsASignedPercentage(double growth, string expected) => Assert.Equal(expected, FigureFormat.Growth(growth));

    [Theory]
    [InlineData(0.05, "+5.00")]
    [InlineData(-0.125, "-12.50")]
    [InlineData(0.0, "0.00")]
    public void Points_AreTheDifferenceTimesHundredSigned(double difference, string expected) => Assert.Equal(expected, FigureFormat.Points(difference));

    [Theory]
    [InlineData(2, "+2")]
    [InlineData(-1234, "-1,234")]
    [InlineData(0, "0")]
    public void Difference_IsASignedCount(long difference, string expected) => Assert.Equal(expected, FigureFormat.Difference(difference));

    [Fact]
    public void NoValue_IsADashInEveryKind()
    {
        Assert.Equal("—", FigureFormat.Rate(null));
        Assert.Equal("—", FigureFormat.Score(null));
        Assert.Equal("—", FigureFormat.Hours(null));
        Assert.Equal("—", FigureFormat.Growth(null));
        Assert.Equal("—", FigureFormat.Points(null));
        Assert.All(Enum.GetValues<FigureKind>(), kind => Assert.Equal("—", FigureFormat.Of(kind, null)));
    }

    [Theory]
    [InlineData(FigureKind.Count, 1234.0, "1,234")]
    [InlineData(FigureKind.Rate, 0.5, "50.00%")]
    [InlineData(FigureKind.Hours, 38.0, "38.00")]
    [InlineData(FigureKind.Score, 61.67, "61.67")]
    public void Of_AKind_IsThatKindsFormat(FigureKind kind, double value, string expected) => Assert.Equal(expected, FigureFormat.Of(kind, value));

    [Fact]
    public void Formats_DoNotFollowTheThreadCulture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(("1,234", "33.33%", "61.67"), (FigureFormat.Count(1234), FigureFormat.Rate(1.0 / 3), FigureFormat.Score(61.666)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Charts_RoundAsTheTablesShow()
    {
        Assert.Equal(33.33, FigureFormat.ChartPercent(1.0 / 3));
        Assert.Equal(61.67, FigureFormat.ChartScore(61.666));
        Assert.Null(FigureFormat.ChartPercent(null));
        Assert.Null(FigureFormat.ChartScore(null));
    }
}
