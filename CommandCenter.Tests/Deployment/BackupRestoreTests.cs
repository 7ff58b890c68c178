using System.Net;
using System.Text.RegularExpressions;
using CommandCenter.Cli;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Tests.Deployment;

/// <summary>
/// <c>backup FILE</c> (<see cref="BackupCommand"/>): a copy taken while the app runs and its simulator writes holds every
/// row that was there before the backup began, and an app started fresh on the restored copy (the restore steps of
/// docs/deploy.md: copy the file into place, start) has exactly the copy's rows and accepts the API key the copy holds.
/// </summary>
public sealed partial class BackupRestoreTests
{
    private static readonly string[] Tables = ["cases", "case_events", "patrols", "users", "api_keys", "display_devices"];

    [Fact]
    public async Task BackupOfARunningApp_RestoredIntoAFreshApp_HasEveryRow()
    {
        var root = Path.Combine(Path.GetTempPath(), $"cc-backup-{Guid.NewGuid():N}");
        await using var running = new AppProcess("Production", Path.Combine(root, "running"),
            "--ForwardedHeaders:KnownProxies:0=127.0.0.1", "--Demo:Enabled=true", "--Demo:HistoryDays=20", "--Demo:CasesPerDay=30",
            "--Demo:SatisfactionMonths=2", "--Simulator:Enabled=true", "--Simulator:Speed=100");
        var (created, keyOutput) = await running.RunCliAsync("apikey", "create", "backup-test", "--scopes", "read");
        Assert.True(created == 0, keyOutput);
        var apiKey = ApiKey().Match(keyOutput).Value;
        await running.StartAsync();
        var before = Counts(running.DatabaseFile);

        var file = Path.Combine(root, "commandcenter-backup.db");
        var (exitCode, output) = await running.RunCliAsync("backup", file);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Backed up to {file}:", output);
        Assert.False(File.Exists(file + ".partial"));
        Assert.False(File.Exists(file + "-wal"), "the backup is one self-contained file");
        var backedUp = Counts(file);
        foreach (var table in Tables) Assert.True(backedUp[table] >= before[table], $"{table}: {backedUp[table]} in the backup, {before[table]} before it");
        Assert.True(backedUp["cases"] > 0);
        running.Kill();

        await using var restored = new AppProcess("Production", Path.Combine(root, "restored"),
            "--ForwardedHeaders:KnownProxies:0=127.0.0.1", "--Demo:Enabled=true");
        File.Copy(file, restored.DatabaseFile);
        await restored.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(restored.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/dashboard")).StatusCode);
        Assert.Equal(backedUp, Counts(restored.DatabaseFile));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Backup_NeverOverwrites_AndLeavesNothingWhenTheSourceIsMissing()
    {
        using var db = TestDatabase.CreateMigrated();
        var existing = Path.Combine(Path.GetTempPath(), $"cc-backup-{Guid.NewGuid():N}.db");
        File.WriteAllText(existing, "an older backup");
        try
        {
            var refused = Assert.Throws<BackupCommand.BackupException>(() => BackupCommand.Backup(db.Options.ConnectionString, existing));
            Assert.Equal($"{existing} exists; a backup never overwrites a file. Choose a new name.", refused.Message);
            Assert.Equal("an older backup", File.ReadAllText(existing));

            var missing = Path.Combine(Path.GetTempPath(), $"cc-missing-{Guid.NewGuid():N}.db");
            var target = Path.Combine(Path.GetTempPath(), $"cc-backup-{Guid.NewGuid():N}.db");
            var noSource = Assert.Throws<BackupCommand.BackupException>(() => BackupCommand.Backup($"Data Source={missing}", target));
            Assert.Equal($"No database at {missing}.", noSource.Message);
            Assert.False(File.Exists(target) || File.Exists(target + ".partial") || File.Exists(missing));
        }
        finally
        {
            File.Delete(existing);
        }
    }

    [Fact]
    public void Backup_OfAStoppedApp_CopiesEveryRow_AndLeavesTheSourceAsItWas()
    {
        using var db = TestDatabase.CreateWithReference();
        SqliteConnection.ClearAllPools();
        var target = Path.Combine(Path.GetTempPath(), $"cc-backup-{Guid.NewGuid():N}.db");
        var sourceBytes = File.ReadAllBytes(db.Path);
        try
        {
            var summary = BackupCommand.Backup(db.Options.ConnectionString, target);

            Assert.Equal(new FileInfo(target).Length, summary.Bytes);
            Assert.Equal(Counts(db.Path), Counts(target));
            Assert.Equal(sourceBytes, File.ReadAllBytes(db.Path));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(target);
        }
    }

    private static Dictionary<string, long> Counts(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            counts[table] = (long)command.ExecuteScalar()!;
        }
        return counts;
    }

    [GeneratedRegex("cck_[A-Za-z0-9_-]+")]
    private static partial Regex ApiKey();
}
