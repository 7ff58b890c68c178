using CommandCenter.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CommandCenter.Tests.Security;

public sealed class MigrationTests
{
    [Fact]
    public void SqlServerMigrations_EveryScript_ParsesAsTSql()
    {
        var scripts = DatabaseMigrator.Scripts(DatabaseProvider.SqlServer);
        Assert.Contains(scripts, s => s.Name.EndsWith("0002_security.sql", StringComparison.Ordinal));
        foreach (var (name, sql) in scripts)
        {
            new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
            Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}");
        }
    }
}
