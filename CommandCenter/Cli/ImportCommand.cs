using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CommandCenter.Apis;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;

namespace CommandCenter.Cli;

/// <summary>What an import run did.</summary>
public sealed record ImportSummary(long Lines, long Created, long Skipped, long Failed, TimeSpan Elapsed);

/// <summary>
/// <c>import FILE.ndjson</c>: one case per line, in the API's JSON shape plus its ordered <c>events</c>. The file is streamed and
/// written in batches through <see cref="CaseService.ImportAsync"/>; a bad line (malformed JSON, an unknown code, a step the
/// workflow refuses) is reported by its line number and the run goes on. A case whose externalId exists is skipped, so a second
/// run of the same file adds nothing.
/// </summary>
public sealed class ImportCommand(CaseService cases, ReferenceCatalog catalog, TimeProvider clock)
{
    public const int DefaultBatchSize = 2000;
    public const string Actor = "import";

    public async Task<ImportSummary> RunAsync(string path, TextWriter output, TextWriter errors, int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        var refData = await catalog.GetAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        long created = 0, skipped = 0, failed = 0, lines = 0;
        var watch = Stopwatch.StartNew();

        // Reading and checking lines overlaps with writing the previous batch; two batches wait at most, so memory stays bounded.
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadAsync(path, refData, now, batchSize, batches.Writer, cancellationToken), cancellationToken);
        await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
        {
            var bad = batch.BadLines;
            if (batch.Cases.Count > 0)
            {
                var result = await cases.ImportAsync(batch.Cases, Actor, cancellationToken);
                created += result.Created;
                skipped += result.Skipped;
                bad.AddRange(result.Failed.Select(f => (batch.LineNumbers[f.Index], f.Reason)));
            }
            failed += bad.Count;
            lines = batch.LastLine;
            foreach (var (line, why) in bad.OrderBy(b => b.Line)) await errors.WriteLineAsync($"line {line}: {why}");
            await output.WriteLineAsync($"{lines:N0} lines read: {created:N0} created, {skipped:N0} skipped, {failed:N0} failed " +
                                        $"({Rate(created, watch.Elapsed)})");
        }
        await reading;
        watch.Stop();

        await output.WriteLineAsync($"Imported {path}: {lines:N0} lines, {created:N0} cases created, {skipped:N0} already there (skipped), " +
                                    $"{failed:N0} lines failed, in {watch.Elapsed.TotalSeconds:F1} s ({Rate(created, watch.Elapsed)}).");
        return new ImportSummary(lines, created, skipped, failed, watch.Elapsed);
    }

    /// <summary>A batch of good lines with their line numbers, and the lines among them that could not be read.</summary>
    private sealed record Batch(List<CaseImport> Cases, List<long> LineNumbers, List<(long Line, string Reason)> BadLines, long LastLine);

    private static async Task ReadAsync(string path, ReferenceData refData, DateTime now, int batchSize, ChannelWriter<Batch> batches,
        CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true,
                new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
            var batch = NewBatch();
            long lineNo = 0;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (Parse(line, refData, now, out var reason) is { } item)
                {
                    batch.Cases.Add(item);
                    batch.LineNumbers.Add(lineNo);
                }
                else
                {
                    batch.BadLines.Add((lineNo, reason!));
                }
                if (batch.Cases.Count + batch.BadLines.Count >= batchSize)
                {
                    await batches.WriteAsync(batch with { LastLine = lineNo }, cancellationToken);
                    batch = NewBatch();
                }
            }
            await batches.WriteAsync(batch with { LastLine = lineNo }, cancellationToken);
            batches.Complete();
        }
        catch (Exception ex)
        {
            batches.Complete(ex);
        }

        Batch NewBatch() => new(new List<CaseImport>(batchSize), new List<long>(batchSize), [], 0);
    }

    private static string Rate(long created, TimeSpan elapsed) =>
        $"{(elapsed.TotalSeconds > 0 ? created / elapsed.TotalSeconds : 0):N0} cases/s";

    /// <summary>One line as a case with its steps, or null with the reason.</summary>
    private static CaseImport? Parse(string line, ReferenceData refData, DateTime now, out string? reason)
    {
        CaseCreateRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<CaseCreateRequest>(line, IntakeRequests.Json);
        }
        catch (JsonException ex)
        {
            var (field, message) = IntakeRequests.JsonProblem<CaseCreateRequest>(ex);
            reason = field == "body" ? message : $"{field}: {message}";
            return null;
        }
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
}
