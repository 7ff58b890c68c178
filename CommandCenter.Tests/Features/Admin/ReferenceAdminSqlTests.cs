using System.Reflection;
using CommandCenter.Features.Admin.Reference;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CommandCenter.Tests.Features.Admin;

public class ReferenceAdminSqlTests
{
    public static TheoryData<string> SqlServerTexts()
    {
        var data = new TheoryData<string>();
        foreach (var type in new[] { typeof(ReferenceAdminQueries), typeof(ReferenceAdminCommands) })
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            if (field is { IsLiteral: true } && field.FieldType == typeof(string)
                && (field.Name.EndsWith("Sql", StringComparison.Ordinal) || field.Name.EndsWith("SqlServer", StringComparison.Ordinal)))
                data.Add($"{type.Name}.{field.Name}");
        return data;
    }

    [Theory]
    [MemberData(nameof(SqlServerTexts))]
    public void SqlText_NotSqliteOnly_ParsesAsTSql(string name)
    {
        var typeName = name[..name.IndexOf('.')];
        var type = typeof(ReferenceAdminQueries).Assembly.GetTypes().Single(t => t.Name == typeName && t.Namespace == typeof(ReferenceAdminQueries).Namespace);
        var sql = (string)type.GetField(name[(typeName.Length + 1)..], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;

        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")));
    }

    [Fact]
    public void SqlTexts_BothClasses_AreFound() => Assert.True(SqlServerTexts().Count >= 40);

    [Fact]
    public void Inserts_EveryEntity_HasBothDialects()
    {
        var names = typeof(ReferenceAdminCommands).GetFields(BindingFlags.NonPublic | BindingFlags.Static).Select(f => f.Name).ToHashSet();
        foreach (var sqlite in names.Where(n => n.EndsWith("Sqlite", StringComparison.Ordinal)))
            Assert.Contains(sqlite[..^"Sqlite".Length] + "SqlServer", names);
    }
}
