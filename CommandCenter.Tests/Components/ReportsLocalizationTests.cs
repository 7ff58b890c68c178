using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CommandCenter.Features.Reports;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Components;

/// <summary>The monthly report's own strings: both languages complete, every key the report's pages ask for present.</summary>
public partial class ReportsLocalizationTests
{
    private static readonly string ProjectDir = AppLaunch.ProjectDir;

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(ProjectDir, "Resources", "Features", "Reports", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [Fact]
    public void ReportPages_EveryKeyUsed_ExistsIncludingEverySummaryFigure()
    {
        var keys = Load("ReportsResource.resx").Keys.ToHashSet();
        var folder = Path.Combine(ProjectDir, "Features", "Reports");
        var used = Directory.EnumerateFiles(folder, "*.razor")
            .SelectMany(f => LocalizerKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();
        var figures = new MonthlyReportQuery(null!, null!, null!, null!, null!, null!, new())
            .Summarize(CommandCenter.Domain.IndicatorCounts.Zero, CommandCenter.Domain.IndicatorCounts.Zero, CommandCenter.Domain.IndicatorCounts.Zero)
            .Select(l => (File: "summary", Key: "Figure." + l.Key));

        Assert.NotEmpty(used);
        Assert.Empty(used.Concat(figures).Where(u => !keys.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}"));
    }

    [Fact]
    public void ReportsResource_ChineseCulture_ResolvesFromTheSatelliteAssembly()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }),
            NullLoggerFactory.Instance);
        var localizer = factory.Create(typeof(ReportsResource));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("月报", localizer["Title"].Value);
            Assert.False(localizer["Figure.OnTimeClosureRate"].ResourceNotFound);
            Assert.Equal("按期结案率", localizer["Figure.OnTimeClosureRate"].Value);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Monthly report", localizer["Title"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [GeneratedRegex("""\bS\["([A-Za-z0-9_.]+)"\]""")]
    private static partial Regex LocalizerKey();
}
