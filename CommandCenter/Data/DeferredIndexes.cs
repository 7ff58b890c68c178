using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Data;

/// <summary>
/// SQLite only: the secondary indexes of <c>cases</c> and <c>case_events</c>, set aside for a large import and built again at
/// its end. Keeping ten indexes up to date row by row costs about twice the rest of the import; building them once from the
/// finished table is a sort. The unique indexes (case_no, external_id, event_id) always stay: idempotency rests on them.
/// <para>
/// Each index is recorded in <c>deferred_indexes</c> in the transaction that drops it and removed from there in the one that
/// builds it back. The import holds <see cref="TryHoldImportLock">an OS lock</see> on a file beside the database while it has
/// them set aside; the lock goes with its process. So records without a lock holder belong to an import that died, and
/// <see cref="RestoreAbandoned"/> builds them: at every start (<see cref="DatabaseMigrator"/>) and every minute in the running
/// app (<see cref="DeferredIndexWatcher"/>). Only a plain <c>CREATE INDEX ix_… ON cases|case_events (columns)</c> is ever run
/// from that table.
/// </para>
/// </summary>
public static partial class DeferredIndexes
{
    /// <summary>
    /// Takes the import lock of the database: a file <c>&lt;database&gt;.import-lock</c> opened exclusively, released when disposed
    /// or when the process ends. Null when another process holds it. An in-memory database needs no lock.
    /// </summary>
    public static IDisposable? TryHoldImportLock(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not { Length: > 0 } file || file == ":memory:" || builder.Mode == SqliteOpenMode.Memory) return new MemoryStream();
        try
        {
            return new FileStream(Path.GetFullPath(file) + ".import-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Builds the indexes an import set aside and can no longer build (it was killed, or its own rebuild failed); none while
    /// that import still holds the lock. Logs what it did.
    /// </summary>
    public static IReadOnlyList<(string Name, TimeSpan Took)> RestoreAbandoned(DbConnectionFactory connections, ILogger logger)
    {
        using var connection = new SqliteConnection(connections.ConnectionString);
        connection.Open();
        var pending = Pending(connection);
        if (pending.Count == 0) return [];
        using var held = TryHoldImportLock(connections.ConnectionString);
        if (held is null)
        {
            logger.LogInformation("{Count} indexes are set aside by an import that is still running: {Names}", pending.Count, string.Join(", ", pending));
            return [];
        }
        var built = Restore(connection, connections.WriteGate);
        logger.LogWarning("Built {Count} indexes again that an interrupted import had set aside: {Names} ({Seconds:F1} s)",
            built.Count, string.Join(", ", built.Select(b => b.Name)), built.Sum(b => b.Took.TotalSeconds));
        return built;
    }

    /// <summary>Drops the secondary indexes of cases and case_events, recording each; returns their names.</summary>
    public static IReadOnlyList<string> Defer(SqliteConnection connection, SqliteWriteGate gate, DateTime now)
    {
        using var write = gate.Begin(connection);
        var tx = write.Transaction;
        var indexes = connection.Query<(string Name, string Sql)>("""
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name IN ('cases', 'case_events') AND sql IS NOT NULL
            ORDER BY name
            """, transaction: tx)
            .Where(i => IsPlainIndex(i.Name, i.Sql))
            .ToList();
        foreach (var (name, sql) in indexes)
        {
            connection.Execute("INSERT INTO deferred_indexes (name, definition, deferred_at) VALUES (@Name, @Sql, @Now)",
                new { Name = name, Sql = sql, Now = DapperSetup.Normalize(now) }, tx);
            // The name matched IsPlainIndex: letters, digits and underscores only.
            connection.Execute($"DROP INDEX {name}", transaction: tx);
        }
        write.Commit();
        return indexes.Select(i => i.Name).ToList();
    }

    /// <summary>The names of the indexes set aside and not yet built again.</summary>
    public static IReadOnlyList<string> Pending(SqliteConnection connection) =>
        connection.Query<string>("SELECT name FROM deferred_indexes ORDER BY name").ToList();

    /// <summary>
    /// Builds every recorded index, each in its own write transaction (so this process's writers queue at the gate for one
    /// index at a time instead of running into SQLite's busy timeout), and returns what it
    /// built with how long each took. A record that is not a plain index of cases or case_events is refused, not run.
    /// </summary>
    public static IReadOnlyList<(string Name, TimeSpan Took)> Restore(SqliteConnection connection, SqliteWriteGate gate)
    {
        var records = connection.Query<(string Name, string Definition)>("SELECT name, definition FROM deferred_indexes ORDER BY name").ToList();
        var bad = records.Where(r => !IsPlainIndex(r.Name, r.Definition)).Select(r => r.Name).ToList();
        if (bad.Count > 0)
            throw new InvalidOperationException(
                $"deferred_indexes holds {string.Join(", ", bad)} with a definition that is not a plain CREATE INDEX on cases or " +
                "case_events; nothing was run. Remove those rows and create the indexes from the migrations by hand.");

        var built = new List<(string, TimeSpan)>();
        // SQLite may sort with helper threads while it builds an index; per connection, so it is put back after.
        var threads = connection.ExecuteScalar<long>("PRAGMA threads;");
        connection.Execute("PRAGMA threads = 2;");
        try
        {
            foreach (var (name, definition) in records)
            {
                var watch = Stopwatch.StartNew();
                using var write = gate.Begin(connection);
                var tx = write.Transaction;
                var exists = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = @name",
                    new { name }, tx) > 0;
                if (!exists) connection.Execute(definition, transaction: tx);
                connection.Execute("DELETE FROM deferred_indexes WHERE name = @name", new { name }, tx);
                write.Commit();
                built.Add((name, watch.Elapsed));
            }
        }
        finally
        {
            connection.Execute($"PRAGMA threads = {threads};");
        }
        return built;
    }

    private static bool IsPlainIndex(string name, string sql) => PlainIndex().Match(sql) is { Success: true } m && m.Groups["name"].Value == name;

    [GeneratedRegex(@"\ACREATE INDEX (?<name>ix_[a-z0-9_]+) ON (cases|case_events) \([a-z0-9_]+(, [a-z0-9_]+)*\)\z")]
    private static partial Regex PlainIndex();
}
