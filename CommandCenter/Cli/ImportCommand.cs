using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Microsoft.Data.Sqlite;
using CommandCenter.Apis;
using CommandCenter.Data;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;

namespace CommandCenter.Cli;

/// <summary>
/// What an import run did. <see cref="IndexesPending"/>: the indexes it set aside could not be built again (the running app
/// or the next start builds them).
/// </summary>
public sealed record ImportSummary(long Lines, long Created, long Skipped, long Failed, TimeSpan Elapsed, bool IndexesPending = false);

/// <summary>
/// <c>import FILE.ndjson</c>: one case per line, in the API's JSON shape plus its ordered <c>events</c>. The file is streamed and
/// checked and folded on one thread (<see cref="BulkImport.PrepareImportAsync"/>) while the batch before is written on another
/// (<see cref="BulkImport.ImportAsync(PreparedImport, CancellationToken)"/>); a bad line (malformed JSON, an unknown code, a step the
/// workflow refuses) is reported by its line number and the run goes on. A case whose externalId exists is skipped, so a second
/// run of the same file adds nothing. On SQLite a large file is written with the secondary indexes set aside and built again
/// at the end (<see cref="ImportIndexPolicy"/>, <see cref="DeferredIndexes"/>), also when the run fails.
/// </summary>
public sealed class ImportCommand(BulkImport cases, ReferenceCatalog catalog, DbConnectionFactory connections, TimeProvider clock)
{
    public const int DefaultBatchSize = 2000;
    public const string Actor = "import";

    public async Task<ImportSummary> RunAsync(string path, TextWriter output, TextWriter errors, int batchSize = DefaultBatchSize,
        ImportIndexes indexes = ImportIndexes.Auto, CancellationToken cancellationToken = default)
    {
        var refData = await catalog.GetAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var watch = Stopwatch.StartNew();
        var total = CountLines(path);

        // Set aside at once when told to; on auto, after the first batch shows the file is mostly new (not a re-run).
        // setAside is the import lock, held while this run has the indexes set aside.
        var sqlite = connections.Provider == DatabaseProvider.Sqlite;
        IDisposable? setAside = null;
        var decided = !sqlite || indexes != ImportIndexes.Auto;
        async Task BatchWrittenAsync(long batchLines, long batchCreated)
        {
            if (decided) return;
            decided = true;
            if (ImportIndexPolicy.MostlyNew(batchLines, batchCreated))
                setAside = await SetIndexesAsideAsync(total, output, now, onlyIfItPays: true, cancellationToken);
        }

        (long Lines, long Created, long Skipped, long Failed) counts;
        try
        {
            if (sqlite && indexes == ImportIndexes.Defer) setAside = await SetIndexesAsideAsync(total, output, now, onlyIfItPays: false, cancellationToken);
            counts = await WriteAsync(path, total, refData, now, output, errors, batchSize, watch, BatchWrittenAsync, cancellationToken);
        }
        catch when (setAside is not null)
        {
            // Whatever stopped the run, the indexes go back now; if even that fails, the app or the next start builds them.
            await TryBuildIndexesAgainAsync(output, errors);
            setAside.Dispose();
            throw;
        }
        var pending = false;
        if (setAside is not null)
        {
            pending = !await TryBuildIndexesAgainAsync(output, errors);
            setAside.Dispose();
        }
        watch.Stop();
        var (lines, created, skipped, failed) = counts;
        await output.WriteLineAsync($"Imported {path}: {lines:N0} lines, {created:N0} cases created, {skipped:N0} already there (skipped), " +
                                    $"{failed:N0} lines failed, in {watch.Elapsed.TotalSeconds:F1} s ({Rate(created, watch.Elapsed)}).");
        return new ImportSummary(lines, created, skipped, failed, watch.Elapsed, pending);
    }

    /// <summary>
    /// Sets the secondary indexes aside (<see cref="DeferredIndexes"/>) and returns the import lock that marks them as this run's;
    /// null when they stay: on auto when the file is too small for the table, or when another import has them set aside.
    /// </summary>
    private async Task<IDisposable?> SetIndexesAsideAsync(long total, TextWriter output, DateTime now, bool onlyIfItPays,
        CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        var inTable = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM cases;");
        if (onlyIfItPays && !ImportIndexPolicy.PaysOff(total, inTable)) return null;
        var held = DeferredIndexes.TryHoldImportLock(connection.ConnectionString);
        if (held is null)
        {
            await output.WriteLineAsync("Another import has the indexes set aside; this one writes with them.");
            return null;
        }
        IReadOnlyList<string> names;
        try
        {
            names = DeferredIndexes.Defer(connection, connections.WriteGate, now);
        }
        catch
        {
            held.Dispose();
            throw;
        }
        // From here the caller owns the lock and builds the indexes again, also if this line cannot be written.
        await Report(output, $"{total:N0} lines for a table of {inTable:N0} cases: {names.Count} secondary indexes are set aside and " +
                           "built again at the end.");
        return held;
    }

    /// <summary>Builds the set-aside indexes; false (and why, on <paramref name="errors"/>) when that failed. Never throws.</summary>
    private async Task<bool> TryBuildIndexesAgainAsync(TextWriter output, TextWriter errors)
    {
        IReadOnlyList<(string Name, TimeSpan Took)> built;
        try
        {
            await using var connection = (SqliteConnection)await connections.OpenAsync();
            built = DeferredIndexes.Restore(connection, connections.WriteGate);
        }
        catch (Exception ex)
        {
            await Report(errors, $"The indexes set aside could not be built again ({ex.Message}). They stay listed in deferred_indexes; " +
                                 "the running app builds them within a minute, or the next start of the app or of any command.");
            return false;
        }
        await Report(output, $"Built {built.Count} indexes again in {built.Sum(b => b.Took.TotalSeconds):F1} s.");
        return true;
    }

    /// <summary>Writes a line where a failing writer (a closed pipe) must not hide what matters more: the indexes, the original error.</summary>
    private static async Task Report(TextWriter writer, string line)
    {
        try
        {
            await writer.WriteLineAsync(line);
        }
        catch (Exception)
        {
            // Nothing else to tell it to.
        }
    }

    private async Task<(long Lines, long Created, long Skipped, long Failed)> WriteAsync(string path, long total, ReferenceData refData,
        DateTime now, TextWriter output, TextWriter errors, int batchSize, Stopwatch watch, Func<long, long, Task> batchWritten,
        CancellationToken cancellationToken)
    {
        long created = 0, skipped = 0, failed = 0, lines = 0;

        // Reading, checking and folding lines overlaps with writing the previous batch; two batches wait at most, so memory stays bounded.
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadAsync(path, refData, now, batchSize, batches.Writer, cancellationToken), cancellationToken);
        await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
        {
            var bad = batch.BadLines;
            var batchLines = batch.Cases.Cases.Count + bad.Count;
            var batchCreated = 0L;
            if (batch.Cases.Cases.Count > 0)
            {
                var result = await cases.ImportAsync(batch.Cases, cancellationToken);
                batchCreated = result.Created;
                created += result.Created;
                skipped += result.Skipped;
                bad.AddRange(result.Failed.Select(f => (batch.LineNumbers[f.Index], f.Reason)));
            }
            failed += bad.Count;
            lines = batch.LastLine;
            foreach (var (line, why) in bad.OrderBy(b => b.Line)) await errors.WriteLineAsync($"line {line}: {OneLine(why)}");
            await output.WriteLineAsync($"{lines:N0} of {total:N0} lines read: {created:N0} created, {skipped:N0} skipped, {failed:N0} failed " +
                                        $"({Rate(created, watch.Elapsed)})");
            if (batch.Cases.Cases.Count > 0) await batchWritten(batchLines, batchCreated);
        }
        await reading;
        return (lines, created, skipped, failed);
    }

    /// <summary>The number of lines in the file (a last line without a newline counts), read as bytes: a fraction of the import.</summary>
    private static long CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        long count = 0;
        var last = (byte)'\n';
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        return last == (byte)'\n' ? count : count + 1;
    }

    /// <summary>A batch of good lines with their line numbers, and the lines among them that could not be read.</summary>
    private sealed record Batch(PreparedImport Cases, List<long> LineNumbers, List<(long Line, string Reason)> BadLines, long LastLine);

    private async Task ReadAsync(string path, ReferenceData refData, DateTime now, int batchSize, ChannelWriter<Batch> batches,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions { BufferSize = 0, Options = FileOptions.SequentialScan });
            var items = new List<CaseImport>(batchSize);
            var lineNumbers = new List<long>(batchSize);
            var badLines = new List<(long Line, string Reason)>();
            long lineNo = 0;
            await foreach (var line in NdjsonLines.ReadAsync(file, cancellationToken))
            {
                lineNo = line.Number;
                if (line.IsBlank) continue;
                if (Parse(line, refData, now, out var reason) is { } item)
                {
                    items.Add(item);
                    lineNumbers.Add(lineNo);
                }
                else
                {
                    badLines.Add((lineNo, reason!));
                }
                if (items.Count + badLines.Count >= batchSize)
                {
                    await batches.WriteAsync(await PrepareAsync(lineNo), cancellationToken);
                    items = new List<CaseImport>(batchSize);
                    lineNumbers = new List<long>(batchSize);
                    badLines = [];
                }
            }
            await batches.WriteAsync(await PrepareAsync(lineNo), cancellationToken);
            batches.Complete();

            async Task<Batch> PrepareAsync(long lastLine) =>
                new(await cases.PrepareImportAsync(items, Actor, cancellationToken), lineNumbers, badLines, lastLine);
        }
        catch (Exception ex)
        {
            batches.Complete(ex);
        }
    }

    /// <summary>A reason as one line of the report: control characters (a quoted value may hold any) are written as \uXXXX.</summary>
    private static string OneLine(string reason) =>
        reason.Any(char.IsControl)
            ? string.Concat(reason.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : reason;

    private static string Rate(long created, TimeSpan elapsed) =>
        $"{(elapsed.TotalSeconds > 0 ? created / elapsed.TotalSeconds : 0):N0} cases/s";

    /// <summary>
    /// One line as a case with its steps, or null with the reason. Whatever the line holds, it is its own failure, never the run's:
    /// it is checked to be UTF-8, and an error reading it that is not a JSON error (none is known) is reported like one.
    /// </summary>
    private static CaseImport? Parse(NdjsonLine line, ReferenceData refData, DateTime now, out string? reason)
    {
        if (line.Problem is { } problem)
        {
            reason = problem;
            return null;
        }
        try
        {
            var request = JsonSerializer.Deserialize<CaseCreateRequest>(line.Bytes.Span, IntakeRequests.Json);
            if (request is null)
            {
                reason = "A line must be a JSON object.";
                return null;
            }
            var errors = new IntakeRequests.Errors();
            var item = IntakeRequests.ToImport(request, refData, now, errors);
            reason = item is null ? errors.ToString() : null;
            return item;
        }
        catch (JsonException ex)
        {
            var (field, message) = IntakeRequests.JsonProblem<CaseCreateRequest>(ex);
            reason = field == "body" ? message : $"{field}: {message}";
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reason = $"The line cannot be read ({ex.GetType().Name}: {ex.Message}).";
            return null;
        }
    }
}
