using CommandCenter.Data;

namespace CommandCenter.Tests.Data;

/// <summary>What the SQL Server migrator decides without a server: the start-up check's message and the lock's name.</summary>
public class SqlServerMigratorTests
{
    [Fact]
    public void SnapshotIsolationProblem_On_IsNone() => Assert.Null(DatabaseMigrator.SnapshotIsolationProblem("cc", 1));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void SnapshotIsolationProblem_NotOn_SaysWhatAnAdministratorRuns(int state)
    {
        var problem = DatabaseMigrator.SnapshotIsolationProblem("cc]x", state);

        Assert.NotNull(problem);
        Assert.Contains("ALTER DATABASE [cc]]x] SET ALLOW_SNAPSHOT_ISOLATION ON;", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MigrationLockResource_OnePerDatabase()
    {
        Assert.NotEqual(DatabaseMigrator.MigrationLockResource("a"), DatabaseMigrator.MigrationLockResource("b"));
        Assert.True(DatabaseMigrator.MigrationLockResource(new string('x', 128)).Length <= 255, "sp_getapplock takes at most 255 characters");
    }
}
