using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Features.Cases;

/// <summary>
/// SQLite settings of an import's connection, put back on the pooled connection afterwards. SQLite in WAL mode with
/// synchronous=NORMAL cannot corrupt, it may only lose the last commits on power loss: fine for a re-runnable import.
/// A larger page cache keeps the indexes of cases and case_events in memory while a batch is written, and checkpoints
/// every 80 MB of WAL instead of every 4 MB spare most of the fsyncs. Foreign keys are not checked again row by row:
/// every id written was just looked up in the reference data (<see cref="CaseService.UnknownReference"/>,
/// <see cref="BulkImport.PrepareImportAsync"/>), and the case ids of the events are the ones the import's transaction inserted.
/// </summary>
public static class ImportTuning
{
    private static readonly (string Pragma, string Value)[] ImportPragmas =
        [("synchronous", "NORMAL"), ("cache_size", "-65536"), ("wal_autocheckpoint", "20000"), ("foreign_keys", "OFF")];

    /// <summary>Sets the import's settings on <paramref name="connection"/> (SQLite only) and returns what puts them back.</summary>
    public static async Task<Func<Task>> UseAsync(DbConnection connection)
    {
        if (connection is not SqliteConnection) return () => Task.CompletedTask;
        var before = new List<string>();
        foreach (var (pragma, value) in ImportPragmas)
        {
            // PRAGMA takes no parameters; the values are this class's constants and the numbers SQLite just returned.
            before.Add($"PRAGMA {pragma} = {(await connection.ExecuteScalarAsync<long>($"PRAGMA {pragma};")).ToString(CultureInfo.InvariantCulture)};");
            await connection.ExecuteAsync($"PRAGMA {pragma} = {value};");
        }
        return () => connection.ExecuteAsync(string.Concat(before));
    }
}
