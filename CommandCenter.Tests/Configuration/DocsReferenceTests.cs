using System.Text.RegularExpressions;

namespace CommandCenter.Tests.Configuration;

/// <summary>
/// README.md and docs/*.md name the code they describe in backticks. A name the code no longer has (a renamed class, a
/// removed method, a moved file) makes the docs lie to the next engineer, so every such name must still exist: a type or
/// member (<c>`DashboardTailer`</c>, <c>`RoadResponsibility.StatusOf`</c>) as an identifier in the sources, a path
/// (<c>`Data/DialectSql.cs`</c>, <c>`bench/`</c>) as a file or folder of the repository.
/// </summary>
public sealed partial class DocsReferenceTests
{
    private static readonly string Root = FindRepositoryRoot();

    public static TheoryData<string> DocumentNames() =>
        new(new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f))));

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public void CodeNamedInTheDocs_StillExists(string document)
    {
        var identifiers = SourceIdentifiers.Value;
        var missing = new List<string>();
        foreach (var name in BacktickedNames(File.ReadAllText(Path.Combine(Root, document))))
        {
            if (LooksLikePath(name))
            {
                if (!PathExists(name)) missing.Add(name);
            }
            else if (CodeName().IsMatch(name))
            {
                var parts = name.TrimEnd(')', '(').Split('.');
                if (parts.Any(p => !identifiers.Contains(p))) missing.Add(name);
            }
        }

        Assert.True(missing.Count == 0, $"{document} names what the code does not have: {string.Join(", ", missing.Distinct())}");
    }

    [Fact]
    public void Check_NotesARenamedMember()
    {
        Assert.Contains("DashboardTailer", SourceIdentifiers.Value);
        Assert.DoesNotContain(string.Concat("Dashboard", "Tailer", "Gone"), SourceIdentifiers.Value);
        Assert.True(PathExists("CommandCenter/Data/DialectSql.cs"));
        Assert.True(PathExists("Data/DialectSql.cs"));
        Assert.True(PathExists("ReconnectModal.razor.js"));
        Assert.False(PathExists("Data/NoSuchFile.cs"));
    }

    private static IEnumerable<string> BacktickedNames(string markdown)
    {
        // Fenced blocks are commands and samples, not names.
        var prose = FencedBlock().Replace(markdown, "");
        return InlineCode().Matches(prose).Select(m => m.Groups[1].Value.Trim());
    }

    private static bool LooksLikePath(string name) =>
        !name.Contains(' ') && !name.Contains(':') && !name.StartsWith('/') && !name.Contains('*') && !name.Contains('{')
        && (name.EndsWith('/') || PathWithExtension().IsMatch(name));

    /// <summary>Files the docs tell an operator to create; they are not in the repository.</summary>
    private static readonly string[] OperatorFiles = ["CommandCenter/appsettings.Production.json"];

    /// <summary>
    /// Relative to the repository root, or to the app's project folder (docs say `Data/…` for `CommandCenter/Data/…`); a bare
    /// file name anywhere in the repository.
    /// </summary>
    private static bool PathExists(string name) =>
        OperatorFiles.Contains(name)
        || new[] { Root, Path.Combine(Root, "CommandCenter"), Path.Combine(Root, "CommandCenter", "Features") }
            .Any(baseDir => File.Exists(Path.Combine(baseDir, name)) || Directory.Exists(Path.Combine(baseDir, name)))
        || (!name.Contains('/') && RepositoryFileNames.Value.Contains(name));

    private static readonly Lazy<HashSet<string>> RepositoryFileNames = new(() => Directory
        .EnumerateFiles(Root, "*", SearchOption.AllDirectories)
        .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("/node_modules/") && !f.Contains("/.git/"))
        .Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal));

    private static readonly Lazy<HashSet<string>> SourceIdentifiers = new(() =>
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "CommandCenter", "CommandCenter.Tests", "bench" })
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, folder), "*.*", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
            if (!file.EndsWith(".cs", StringComparison.Ordinal) && !file.EndsWith(".razor", StringComparison.Ordinal)) continue;
            foreach (Match m in Identifier().Matches(File.ReadAllText(file))) words.Add(m.Value);
            words.Add(Path.GetFileNameWithoutExtension(file));
        }
        return words;
    });

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.sample.json"))) return dir.FullName;
        throw new InvalidOperationException("appsettings.sample.json not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex InlineCode();

    /// <summary>PascalCase names with an optional member chain and call parentheses: `Type`, `Type.Member`, `Type.Method()`.</summary>
    [GeneratedRegex(@"^[A-Z][a-z]+[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*(\(\))?$|^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*(\(\))?$")]
    private static partial Regex CodeName();

    [GeneratedRegex(@"^[\w.\-/]+\.(cs|razor|sql|json|md|sh|js|css|csproj|resx|ps1|txt|html)$")]
    private static partial Regex PathWithExtension();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*\b")]
    private static partial Regex Identifier();
}
