using CommandCenter.Data;
using CommandCenter.Extensions;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Cli;

/// <summary>What a backup wrote: the file, its size and the rows of the main tables in it.</summary>
public sealed record BackupSummary(string File, long Bytes, long Cases, long CaseEvents, long Patrols);

/// <summary>
/// 备份 <c>backup FILE</c>: a consistent copy of the SQLite database through SQLite's online backup API, safe while the app
/// runs and writes (the copy is one committed state; in WAL mode the app's writers are not held up). The copy is written
/// to <c>FILE.partial</c>, switched out of WAL so that it is one self-contained file, checked with <c>PRAGMA
/// quick_check</c>, and only then renamed to <c>FILE</c>: a failed backup leaves no file that looks like a backup. An
/// existing <c>FILE</c> is never overwritten. Nothing is migrated or written in the source (unlike the other commands,
/// which migrate first). SQL Server has its own backups (<c>BACKUP DATABASE</c>); restore steps: docs/deploy.md.
/// </summary>
public static class BackupCommand
{
    private const string Name = "backup";
    private const string QuickCheck = "PRAGMA quick_check;";
    private const string SingleFile = "PRAGMA journal_mode = DELETE;";
    private const string CountRows = "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM case_events), (SELECT COUNT(*) FROM patrols);";

    /// <summary>The exit code when <paramref name="args"/> is <c>backup …</c>; null otherwise. Reads the app's configuration for the database.</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || !args[0].Equals(Name, StringComparison.OrdinalIgnoreCase)) return null;
        var file = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : null;
        if (file is null)
        {
            await Console.Error.WriteLineAsync("Usage: backup FILE   (a new file; SQLite only)");
            return 2;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args.Where(a => a.Contains('=')).ToArray() });
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.AddApplicationServices();
        await using var app = builder.Build();
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            await Console.Error.WriteLineAsync("backup copies an SQLite database; on SQL Server use the server's BACKUP DATABASE.");
            return 2;
        }
        try
        {
            var summary = Backup(database.ConnectionString, file);
            Console.WriteLine($"Backed up to {summary.File}: {summary.Bytes / 1048576.0:F1} MB, {summary.Cases:N0} cases, " +
                              $"{summary.CaseEvents:N0} case events, {summary.Patrols:N0} patrols.");
            return 0;
        }
        catch (BackupException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (SqliteException ex)
        {
            await Console.Error.WriteLineAsync($"The backup failed and was not kept: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Copies the database of <paramref name="connectionString"/> to the new file <paramref name="file"/>.</summary>
    public static BackupSummary Backup(string connectionString, string file)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target)) throw new BackupException($"{target} exists; a backup never overwrites a file. Choose a new name.");
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        if (!File.Exists(source.DataSource)) throw new BackupException($"No database at {source.DataSource}.");
        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            BackupSummary summary;
            using (var from = new SqliteConnection(source.ToString()))
            using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                from.Open();
                to.Open();
                // One step over all pages under one read transaction: the copy is one committed state.
                from.BackupDatabase(to);
                Execute(to, SingleFile);
                if (Scalar(to, QuickCheck) is not "ok" and var problem)
                    throw new BackupException($"The copy failed SQLite's check ({problem}) and was not kept.");
                summary = Counts(to, target);
            }
            File.Move(partial, target);
            return summary with { Bytes = new FileInfo(target).Length };
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static BackupSummary Counts(SqliteConnection connection, string file)
    {
        using var command = connection.CreateCommand();
        command.CommandText = CountRows;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new BackupSummary(file, 0, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    /// <summary>A backup refused or failed, with what to do.</summary>
    public sealed class BackupException(string message) : Exception(message);
}
