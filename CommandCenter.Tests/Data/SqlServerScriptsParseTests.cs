using System.Reflection;
using System.Text.RegularExpressions;
using CommandCenter.Data;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Cases;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CommandCenter.Tests.Data;

/// <summary>
/// No SQL Server runs in CI, so every text SQL Server would execute is at least parsed as T-SQL: a typo in the production
/// dialect must not wait for a production deploy to show up.
/// </summary>
public partial class SqlServerScriptsParseTests
{
    private static readonly Assembly App = typeof(DatabaseMigrator).Assembly;

    private static readonly IReadOnlyList<FieldInfo> StaticFields = App.GetTypes()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(f => !f.DeclaringType!.IsGenericTypeDefinition)
        .ToList();

    /// <summary>
    /// Every text SQL Server executes, keyed "DeclaringType.Field" (the namespace only where two types share a name, so theory
    /// names stay short): the SQL Server side of every <see cref="DialectSql"/> field, and every <c>const string</c> named
    /// <c>…Sql</c> (a text both engines share). The semantic checks (<see cref="SqlServerSemantics.SqlServerSemanticsTests"/>) read the same set.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> QueryTexts = KeyByShortestUniqueName(StaticFields
        .Where(f => f.FieldType == typeof(DialectSql)
            || (f is { IsLiteral: true } && f.FieldType == typeof(string) && f.Name.EndsWith("Sql", StringComparison.Ordinal))));

    private static string SqlServerText(FieldInfo field) =>
        field.FieldType == typeof(DialectSql) ? ((DialectSql)field.GetValue(null)!).SqlServer : (string)field.GetRawConstantValue()!;

    private static Dictionary<string, string> KeyByShortestUniqueName(IEnumerable<FieldInfo> fields) => fields
        .GroupBy(f => $"{f.DeclaringType!.Name}.{f.Name}")
        .SelectMany(g => g.Count() == 1
            ? g.Select(f => (Key: g.Key, Field: f))
            : g.Select(f => (Key: $"{f.DeclaringType!.FullName}.{f.Name}", Field: f)))
        .ToDictionary(x => x.Key, x => SqlServerText(x.Field));

    private const string MigrationPrefix = "CommandCenter.Data.Migrations.SqlServer.";

    public static TheoryData<string> MigrationNames() =>
        new(DatabaseMigrator.Scripts(DatabaseProvider.SqlServer).Select(s => s.Name.Replace(MigrationPrefix, "")));

    public static TheoryData<string> QueryTextNames() => new(QueryTexts.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Scripts_SqlServer_AreEmbedded()
    {
        var scripts = DatabaseMigrator.Scripts(DatabaseProvider.SqlServer);

        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains(".Data.Migrations.SqlServer.", s.Name, StringComparison.Ordinal));
        Assert.Contains(scripts, s => s.Sql.Contains("CREATE TABLE case_events", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MigrationNames))]
    public void Migration_SqlServer_ParsesWithoutErrors(string name)
    {
        var sql = DatabaseMigrator.Scripts(DatabaseProvider.SqlServer).Single(s => s.Name == MigrationPrefix + name).Sql;

        var errors = Parse(sql);

        Assert.True(errors.Count == 0, $"{name}:\n{Describe(errors)}");
    }

    [Fact]
    public void QueryTexts_FoundByReflection_IncludeTheKnownOnes()
    {
        Assert.Contains($"{nameof(CaseService)}.{nameof(CaseService.InsertCaseSql)}", QueryTexts.Keys);
        Assert.Contains($"{nameof(CaseNumbering)}.{nameof(CaseNumbering.NextCaseNoSql)}", QueryTexts.Keys);
        Assert.Contains($"{nameof(CaseService)}.{nameof(CaseService.UpdateStateSql)}", QueryTexts.Keys);
        Assert.Contains($"{nameof(ReferenceAdminCommands)}.{nameof(ReferenceAdminCommands.InsertRoadAssignmentSql)}", QueryTexts.Keys);
        Assert.Contains(QueryTexts.Keys, k => k.StartsWith($"{nameof(ReferenceAdminQueries)}.", StringComparison.Ordinal));
        Assert.Equal(CaseService.InsertCaseSql.SqlServer, QueryTexts[$"{nameof(CaseService)}.{nameof(CaseService.InsertCaseSql)}"]);
    }

    /// <summary>
    /// One convention for texts that differ by engine: a <see cref="DialectSql"/>. A pair of constants named …Sqlite/…SqlServer
    /// (the old convention) would escape the parse above, so none may exist.
    /// </summary>
    [Fact]
    public void DialectTexts_AreDialectSqlValues_NotNamedConstantPairs()
    {
        var pairs = StaticFields
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string)
                && (f.Name.EndsWith("Sqlite", StringComparison.Ordinal) || f.Name.EndsWith("SqlServer", StringComparison.Ordinal)))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}");

        Assert.Empty(pairs);
    }

    [Theory]
    [MemberData(nameof(QueryTextNames))]
    public void QueryText_SqlServerOrShared_ParsesWithoutErrors(string field)
    {
        var sql = ExpandDapperLists(QueryTexts[field]);

        var errors = Parse(sql);

        Assert.True(errors.Count == 0, $"{field}:\n{Describe(errors)}\n{sql}");
        // An empty or comment-only text parses too, and would do nothing on the server.
        Assert.True(StatementCount(sql) > 0, $"{field} holds no statement");
    }

    private static int StatementCount(string sql)
    {
        using var reader = new StringReader(sql);
        var script = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out _);
        return script.Batches.Sum(b => b.Statements.Count);
    }

    [Fact]
    public void Parser_SqliteOnlyText_ReportsErrors()
    {
        // ON CONFLICT … RETURNING is SQLite's upsert, not T-SQL: the parser must notice.
        var errors = Parse(CaseNumbering.NextCaseNoSql.Sqlite);

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Parser_TruncatedStatement_ReportsErrors()
    {
        var errors = Parse("SELECT id, case_no FROM cases WHERE");

        Assert.NotEmpty(errors);
    }

    private static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    /// <summary>Dapper expands <c>IN @List</c> into <c>IN (@List1, @List2, …)</c> before SQL Server sees it.</summary>
    internal static string ExpandDapperLists(string sql) => DapperList().Replace(sql, "IN (@$1)");

    [GeneratedRegex(@"\bIN\s+@(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex DapperList();

    private static string Describe(IEnumerable<ParseError> errors) =>
        string.Join("\n", errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Message}"));
}
