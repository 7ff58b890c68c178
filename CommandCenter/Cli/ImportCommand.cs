using System.Diagnostics;
using System.Text;
using System.Text.Json;
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
        var batch = new List<CaseImport>(batchSize);
        var batchLines = new List<long>(batchSize);
        // Reported at each flush, with the batch's refused cases, so the report runs in line order.
        var badLines = new List<(long Line, string Reason)>();
        long lineNo = 0, created = 0, skipped = 0, failed = 0;
        var watch = Stopwatch.StartNew();

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true,
            new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (Parse(line, refData, now, out var reason) is { } item)
            {
                batch.Add(item);
                batchLines.Add(lineNo);
                if (batch.Count == batchSize) await FlushAsync();
            }
            else
            {
                failed++;
                badLines.Add((lineNo, reason!));
            }
        }
        await FlushAsync();
        watch.Stop();

        var summary = new ImportSummary(lineNo, created, skipped, failed, watch.Elapsed);
        await output.WriteLineAsync($"Imported {path}: {lineNo:N0} lines, {created:N0} cases created, {skipped:N0} already there (skipped), " +
                                    $"{failed:N0} lines failed, in {watch.Elapsed.TotalSeconds:F1} s ({Rate(created, watch.Elapsed)}).");
        return summary;

        async Task FlushAsync()
        {
            if (batch.Count > 0)
            {
                var result = await cases.ImportAsync(batch, Actor, cancellationToken);
                created += result.Created;
                skipped += result.Skipped;
                failed += result.Failed.Count;
                badLines.AddRange(result.Failed.Select(f => (batchLines[f.Index], f.Reason)));
            }
            foreach (var (line, why) in badLines.OrderBy(b => b.Line)) await errors.WriteLineAsync($"line {line}: {why}");
            if (batch.Count == 0 && badLines.Count == 0) return;
            batch.Clear();
            batchLines.Clear();
            badLines.Clear();
            await output.WriteLineAsync($"{lineNo:N0} lines read: {created:N0} created, {skipped:N0} skipped, {failed:N0} failed " +
                                        $"({Rate(created, watch.Elapsed)})");
        }
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
