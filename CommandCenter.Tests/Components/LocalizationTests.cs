using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CommandCenter.Tests.Components;

/// <summary>Every visible string has both languages: every resource's two files agree and every key the UI asks for exists.</summary>
public partial class LocalizationTests
{
    private static readonly string ProjectDir = AppLaunch.ProjectDir;

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(ProjectDir, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    /// <summary>Every resource of the app, by its English (neutral) file under Resources/.</summary>
    public static TheoryData<string> Resources() =>
        [.. Directory.EnumerateFiles(Path.Combine(ProjectDir, "Resources"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".zh-CN.resx", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Path.Combine(ProjectDir, "Resources"), f))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Each resource has the same keys in English and Chinese, no empty text, and the same placeholders ({0}, {1:N0}…) in
    /// both languages for every key: a translation that drops or adds one shows a wrong figure or throws.
    /// </summary>
    [Theory]
    [MemberData(nameof(Resources))]
    public void Resource_EnglishAndChinese_HaveTheSameKeysPlaceholdersAndNoEmptyValues(string resource)
    {
        var english = Load(resource);
        var chinese = Load(resource.Replace(".resx", ".zh-CN.resx", StringComparison.Ordinal));

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.DoesNotContain(english, e => string.IsNullOrWhiteSpace(e.Value));
        Assert.DoesNotContain(chinese, e => string.IsNullOrWhiteSpace(e.Value));
        Assert.Empty(english.Keys.Where(k => Placeholders(english[k]) != Placeholders(chinese[k]))
            .Select(k => $"{k}: {english[k]} / {chinese[k]}"));
    }

    private static string Placeholders(string text) => string.Join(",", Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void Ui_EveryLocalizerKeyUsed_ExistsInTheResources()
    {
        var keys = Load("SharedResource.resx").Keys.ToHashSet();
        var used = Directory.EnumerateFiles(ProjectDir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LocalizerKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(used);
        Assert.Empty(used.Where(u => !keys.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}"));
    }

    [Fact]
    public void AuditPage_EveryAuditAction_HasALabelInBothLanguages()
    {
        var actions = typeof(CommandCenter.Security.AuditActions)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => $"Audit.Action.{f.GetRawConstantValue()}")
            .ToList();

        Assert.NotEmpty(actions);
        Assert.Empty(actions.Except(Load("SharedResource.resx").Keys));
        Assert.Empty(actions.Except(Load("SharedResource.zh-CN.resx").Keys));
    }

    [GeneratedRegex("""\bL\["([A-Za-z0-9_.]+)"\]""")]
    private static partial Regex LocalizerKey();
}
