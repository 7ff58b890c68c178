using System.Security.Cryptography;
using CommandCenter.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Deployment;

/// <summary>
/// Upgrades go one way: a database that a newer version of the app migrated (its journal lists a script this version does
/// not have) is refused before anything is written to it, at start and by the command line.
/// </summary>
public sealed class NewerDatabaseTests
{
    private const string FutureScript = "CommandCenter.Data.Migrations.Sqlite.9001_from_a_newer_version.sql";

    private static TestDatabase MigratedByANewerVersion()
    {
        var db = TestDatabase.CreateWithReference();
        using (var connection = db.Open())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO SchemaVersions (ScriptName, Applied) VALUES ($name, '2027-01-01 00:00:00')";
            command.Parameters.AddWithValue("$name", FutureScript);
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        return db;
    }

    [Fact]
    public void Migrate_ADatabaseANewerVersionMigrated_IsRefused_AndWritesNothing()
    {
        using var db = MigratedByANewerVersion();
        var before = Fingerprint(db.Path);

        var error = Assert.Throws<InvalidOperationException>(db.Migrate);

        Assert.Equal($"The database {db.Path} was migrated by a newer version of CommandCenter: it has 1 migration(s) this version " +
                     "does not know (9001_from_a_newer_version.sql). Nothing was written to it. Run the version that migrated it, or " +
                     "restore the backup taken before the upgrade (docs/deploy.md, \"Upgrades\").", error.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Fingerprint(db.Path));
    }

    [Fact]
    public void UnknownScripts_AreTheJournalledOnesThisVersionDoesNotHave()
    {
        var known = DatabaseMigrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name).ToList();

        Assert.Empty(DatabaseMigrator.UnknownScripts(known, DatabaseProvider.Sqlite));
        Assert.Equal([FutureScript], DatabaseMigrator.UnknownScripts([.. known, FutureScript], DatabaseProvider.Sqlite));
        Assert.Empty(DatabaseMigrator.UnknownScripts(known.Take(2), DatabaseProvider.Sqlite));
    }

    [Fact]
    public void TheApp_OnADatabaseANewerVersionMigrated_DoesNotStart()
    {
        using var db = MigratedByANewerVersion();
        using var app = new App(db);

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("was migrated by a newer version of CommandCenter", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The bytes of the file and of its write-ahead log (an empty log, which the read-only check may leave, holds no write).</summary>
    private static string Fingerprint(string file) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))) + "/" +
        (File.Exists(file + "-wal") && new FileInfo(file + "-wal").Length > 0 ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file + "-wal"))) : "no log");

    private sealed class App(TestDatabase db) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:CommandCenter", db.Options.ConnectionString);
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("Simulator:Enabled", "false");
        }
    }
}
