using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CommandCenter.Features.Schedule;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tests.Features.Schedule;

/// <summary>/schedule's strings: both languages have every key, and every key the code asks for exists.</summary>
public partial class ScheduleLocalizationTests
{
    private static readonly string ProjectDir = AppLaunch.ProjectDir;
    private static readonly string ResourceDir = Path.Combine(ProjectDir, "Resources", "Features", "Schedule");

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(ResourceDir, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [Fact]
    public void Code_EveryKeyUsed_ExistsIncludingTheEnumAndDayKeys()
    {
        var keys = Load("ScheduleResource.resx").Keys.ToHashSet();
        var used = Directory.EnumerateFiles(Path.Combine(ProjectDir, "Features", "Schedule"))
            .Append(Path.Combine(ProjectDir, "Components", "Layout", "MainLayout.razor"))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet();
        // Keys built from values at run time.
        used.UnionWith(Enum.GetNames<RosterIssueKind>().Select(k => $"Schedule.Rule.{k}"));
        used.UnionWith(Enumerable.Range(0, 7).Select(d => $"Schedule.Day.{d}"));
        used.UnionWith(new[] { "walk", "bike", "drive" }.SelectMany(m => new[] { $"Schedule.Mode.{m}", $"Schedule.ModeShort.{m}" }));
        used.UnionWith(new[] { "grid", "community", "street" }.Select(l => $"Schedule.Level.{l}"));

        Assert.True(used.Count > 100);
        Assert.DoesNotContain(used, k => !keys.Contains(k));
    }

    [Fact]
    public void Localizer_ZhCn_ResolvesFromTheResourceNotTheKey()
    {
        var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<ScheduleResource>>();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("周调度 · 领导包路", localizer["Schedule.Title"].Value);
            Assert.False(localizer["Schedule.Rule.DayOutsideWeek"].ResourceNotFound);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("Weekly review · road responsibility", localizer["Schedule.Title"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// "Schedule.X" and "Nav.Schedule" in S[...], s[...], SL[...] or as error codes; an interpolated key stops at its "{".
    [GeneratedRegex("""
        "((?:Schedule\.|Nav\.Schedule)[A-Za-z0-9_.]*)
        """)]
    private static partial Regex Key();
}
