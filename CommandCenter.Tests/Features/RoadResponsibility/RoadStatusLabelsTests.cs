using System.Globalization;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;

namespace CommandCenter.Tests.Features.RoadResponsibility;

/// <summary>
/// The one set of road status labels: every colour and reason is worded in both languages. The wall board
/// (RoadsBoardTests), the /schedule table (ScheduleComponentTests) and the report workbook (MonthlyReportWorkbookTests)
/// each check that they show exactly these texts.
/// </summary>
public sealed class RoadStatusLabelsTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN"), English = CultureInfo.GetCultureInfo("en");

    public static TheoryData<string> Keys()
    {
        var keys = new TheoryData<string>();
        foreach (var colour in Enum.GetValues<RoadStatusColour>())
        {
            keys.Add($"RoadStatus.Colour.{colour}");
            keys.Add($"RoadStatus.Meaning.{colour}");
        }
        foreach (var reason in Enum.GetValues<RoadStatusReason>()) keys.Add($"RoadStatus.Reason.{reason}");
        return keys;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryColourAndReason_HasALabelInBothLanguages(string key)
    {
        var chinese = RoadStatusLabels.Text(key, Chinese);
        var english = RoadStatusLabels.Text(key, English);

        Assert.False(string.IsNullOrWhiteSpace(chinese));
        Assert.False(string.IsNullOrWhiteSpace(english));
        Assert.NotEqual(chinese, english);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", chinese);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english);
    }

    [Fact]
    public void Labels_ByEnum_AreTheResourceTexts()
    {
        Assert.Equal(("红灯", "有超期问题", "巡查达标且无超期问题"), (RoadStatusLabels.Colour(RoadStatusColour.Red, Chinese),
            RoadStatusLabels.Reason(RoadStatusReason.ProblemsOverdue, Chinese), RoadStatusLabels.Meaning(RoadStatusColour.Green, Chinese)));
        Assert.Equal(("Amber", "Patrols behind (still possible)"),
            (RoadStatusLabels.Colour(RoadStatusColour.Amber, English), RoadStatusLabels.Reason(RoadStatusReason.PatrolsBehind, English)));
        // Every reason reads differently: a reader can tell them apart.
        Assert.Equal(4, Enum.GetValues<RoadStatusReason>().Select(r => RoadStatusLabels.Reason(r, Chinese)).Distinct().Count());
    }

    [Fact]
    public void Labels_WithoutACulture_FollowTheUiCulture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = English;
            Assert.Equal("On track", RoadStatusLabels.Reason(RoadStatusReason.OnTrack));
            CultureInfo.CurrentUICulture = Chinese;
            Assert.Equal("正常", RoadStatusLabels.Reason(RoadStatusReason.OnTrack));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Text_UnknownKey_Throws() => Assert.Throws<InvalidOperationException>(() => RoadStatusLabels.Text("RoadStatus.Nope", Chinese));
}
