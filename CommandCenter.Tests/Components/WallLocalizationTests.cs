using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CommandCenter.Tests.Components;

/// <summary>The wall's strings (WallResource): both languages complete, and every key the wall asks for exists.</summary>
public partial class WallLocalizationTests
{
    private static readonly string ProjectDir = AppLaunch.ProjectDir;

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(ProjectDir, "Resources", "Features", "Wall", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [Fact]
    public void WallResources_TheStreakReadsAsOnTheWall()
    {
        Assert.Equal("连续 {0} 个月 100%", Load("WallResource.zh-CN.resx")["Satisfaction.Streak"]);
    }

    [Fact]
    public void WallUi_EveryLiteralKey_ExistsInTheResources()
    {
        var keys = Load("WallResource.resx").Keys.ToHashSet();
        var files = Directory.EnumerateFiles(Path.Combine(ProjectDir, "Features", "Wall"), "*.*", SearchOption.AllDirectories)
            .Append(Path.Combine(ProjectDir, "Features", "Admin", "DisplaysPage.razor"))
            .Append(Path.Combine(ProjectDir, "Features", "Admin", "DisplaysPage.razor.cs"))
            .Append(Path.Combine(ProjectDir, "Components", "Layout", "ReconnectModal.razor"))
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal));
        var used = files.SelectMany(f => WallKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value))).ToList();

        Assert.True(used.Count > 50, $"only {used.Count} keys found");
        Assert.Empty(used.Where(u => !keys.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}"));
    }

    [Fact]
    public void WallUi_KeysBuiltFromCodes_ExistForEveryCode()
    {
        var keys = Load("WallResource.zh-CN.resx").Keys.ToHashSet();
        var expected = Enum.GetValues<CommandCenter.Domain.CaseSource>().Select(s => $"Source.{s.ToString().ToLowerInvariant()}")
            .Concat(Enum.GetValues<CommandCenter.Domain.CaseStep>().Select(s => $"Step.{CommandCenter.Domain.DomainCodes.Code(s)}"))
            .Concat(Enum.GetValues<CommandCenter.Features.Wall.WallBoard>().Select(b => $"Board.{b.ToString().ToLowerInvariant()}"))
            .Concat(Enum.GetValues<CommandCenter.Features.Wall.WallConnection>().Select(c => $"Header.{c}"));

        Assert.All(expected, k => Assert.Contains(k, keys));
    }

    // S["…"] and W["…"] name WallResource keys in the wall's components and the displays page.
    [GeneratedRegex("""\b[SW]\["([A-Za-z0-9_.]+)"[\],]""")]
    private static partial Regex WallKey();
}
