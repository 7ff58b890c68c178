using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Tests.Data;

public sealed class MigrationTests : IDisposable
{
    private readonly TestDatabase _db = TestDatabase.CreateEmpty();

    public void Dispose() => _db.Dispose();

    private List<(string Type, string Name, string? Sql)> Schema()
    {
        using var connection = _db.Open();
        return connection.Query<(string, string, string?)>("SELECT type, name, sql FROM sqlite_master ORDER BY name").ToList();
    }

    /// <summary>DbUp's journal; its name is DbUp's default unless the migrator configures one.</summary>
    private string JournalTable()
    {
        using var connection = _db.Open();
        return connection.QuerySingle<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND lower(replace(name, '_', '')) = 'schemaversions'");
    }

    [Fact]
    public void Migrate_SecondRun_LeavesTheSchemaUnchanged()
    {
        _db.Migrate();
        var afterFirst = Schema();

        _db.Migrate();
        var afterSecond = Schema();

        Assert.NotEmpty(afterFirst);
        Assert.Equal(afterFirst, afterSecond);
    }

    [Fact]
    public void Migrate_SecondRun_RunsNoScriptAgain()
    {
        _db.Migrate();
        var journal = JournalTable();
        var journalled = _db.Count(journal);

        _db.Migrate();

        Assert.Equal(DatabaseMigrator.Scripts(DatabaseProvider.Sqlite).Count, journalled);
        Assert.Equal(journalled, _db.Count(journal));
    }

    [Theory]
    [InlineData("regions")]
    [InlineData("departments")]
    [InlineData("categories")]
    [InlineData("roads")]
    [InlineData("leaders")]
    [InlineData("road_assignments")]
    [InlineData("cases")]
    [InlineData("case_events")]
    [InlineData("patrols")]
    [InlineData("patrol_plans")]
    [InlineData("duty_roster")]
    public void Migrate_EmptyFile_CreatesTable(string table)
    {
        _db.Migrate();

        Assert.Contains(Schema(), o => o.Type == "table" && o.Name == table);
    }

    [Fact]
    public void Migrate_EmptyFile_SwitchesToWalMode()
    {
        _db.Migrate();

        using var connection = _db.Open();
        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode;"));
    }

    [Fact]
    public void Migrate_FileInAMissingFolder_CreatesTheFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "commandcenter-tests", Guid.NewGuid().ToString("N"), "App_Data");
        var options = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "commandcenter.db")};Pooling=False" };
        try
        {
            new DatabaseMigrator(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseMigrator>.Instance).Migrate();

            Assert.True(File.Exists(Path.Combine(folder, "commandcenter.db")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
