using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Cli;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;

namespace CommandCenter.Tests.Cli;

/// <summary>
/// Whatever a line of an import file holds, the import reports it as <c>line N: why</c> and goes on: the good lines of its batch
/// are written, and a value the database refuses at write time fails its own line only.
/// </summary>
public sealed partial class ImportBadLinesTests : IDisposable
{
    private static readonly DateTimeOffset Now = ImportScratch.Now;
    private readonly ImportScratch _scratch = new("cc-import-bad");

    private TestDatabase Db => _scratch.Db;
    private string ImportFile => _scratch.File;

    public void Dispose() => _scratch.Dispose();

    private ImportCommand Command() => _scratch.Command();

    /// <summary>A good line: a case with <paramref name="steps"/> of register, dispatch, resolve, verify.</summary>
    private static Dictionary<string, object?> Case(string externalId, int steps = 4)
    {
        object[] loop =
        [
            new { eventId = $"{externalId}-1", type = "register", at = "2026-03-02T09:10:00+08:00" },
            new { eventId = $"{externalId}-2", type = "dispatch", at = "2026-03-02T09:20:00+08:00", departmentCode = "municipal" },
            new { eventId = $"{externalId}-3", type = "resolve", at = "2026-03-02T15:00:00+08:00", method = "service" },
            new { eventId = $"{externalId}-4", type = "verify", at = "2026-03-02T16:00:00+08:00", passed = true },
        ];
        return new Dictionary<string, object?>
        {
            ["externalId"] = externalId,
            ["source"] = "supervisor",
            ["categoryCode"] = "manhole",
            ["regionCode"] = "G01",
            ["description"] = "井盖缺失",
            ["lat"] = 36.98,
            ["lng"] = 117.17,
            ["reportedAt"] = "2026-03-02T09:00:00+08:00",
            ["events"] = loop[..steps],
        };
    }

    private static string Json(Dictionary<string, object?> line) => JsonSerializer.Serialize(line);

    /// <summary>The line numbers of <c>line N: why</c> reports; every line of <paramref name="errors"/> must be one.</summary>
    private static List<long> Reported(string errors) =>
        errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
        {
            var match = ReportLine().Match(l);
            Assert.True(match.Success, $"not a line report: {l}");
            return long.Parse(match.Groups[1].Value);
        }).ToList();

    [GeneratedRegex(@"^line ([0-9]+): \S")]
    private static partial Regex ReportLine();

    [Fact]
    public async Task Import_NaNCoordinate_ReportsTheLineAndWritesTheRestOfItsBatch()
    {
        var nan = Json(Case("nan")).Replace("\"lat\":36.98", "\"lat\":\"NaN\"", StringComparison.Ordinal);
        Assert.Contains("\"lat\":\"NaN\"", nan);
        await File.WriteAllLinesAsync(ImportFile, [Json(Case("before")), nan, Json(Case("after"))]);
        var errors = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, TextWriter.Null, errors);

        Assert.Equal((2L, 1L), (summary.Created, summary.Failed));
        Assert.Equal([2L], Reported(errors.ToString()));
        Assert.Contains("lat", errors.ToString());
        Assert.Equal(2, Db.Count("cases", "external_id IN ('before', 'after')"));
        Assert.Equal(0, Db.Count("cases", "external_id = 'nan'"));
    }

    [Fact]
    public async Task CommandLine_ImportWithANaNLine_ExitsWithCode1AndTheGoodLinesIn()
    {
        var nan = Json(Case("cli-nan")).Replace("\"lat\":36.98", "\"lat\":\"NaN\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(ImportFile, [Json(Case("cli-before")), nan, Json(Case("cli-after"))]);

        var exitCode = await CommandLine.TryRunAsync(["import", ImportFile, $"--ConnectionStrings:CommandCenter={Db.Options.ConnectionString}"]);

        Assert.Equal(1, exitCode);
        Assert.Equal(2, Db.Count("cases", "external_id IN ('cli-before', 'cli-after') AND status = 'closed'"));
    }

    [Fact]
    public async Task Import_RowsTheDatabaseRefusesAtWriteTime_FailTheirOwnLinesOnly()
    {
        using (var connection = Db.Open())
        {
            // Refusals no check before the writer knows of: one on a case row, one on the third event of another case.
            connection.Execute("""
                CREATE TRIGGER refuse_case BEFORE INSERT ON cases WHEN NEW.external_id = 'refused-case'
                BEGIN SELECT RAISE(ABORT, 'no such case here'); END;
                CREATE TRIGGER refuse_event BEFORE INSERT ON case_events WHEN NEW.event_id = 'refused-event-3'
                BEGIN SELECT RAISE(ABORT, 'no such event here'); END;
                """);
        }
        await File.WriteAllLinesAsync(ImportFile,
            [Json(Case("ok-1")), Json(Case("refused-case")), Json(Case("ok-2")), Json(Case("refused-event")), Json(Case("ok-3"))]);
        var errors = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, TextWriter.Null, errors);

        Assert.Equal((3L, 2L), (summary.Created, summary.Failed));
        Assert.Equal([2L, 4L], Reported(errors.ToString()));
        Assert.Contains("no such case here", errors.ToString());
        Assert.Contains("no such event here", errors.ToString());
        Assert.Equal(3, Db.Count("cases"));
        Assert.Equal(3 * 5, Db.Count("case_events"));
        Assert.Equal(0, Db.Count("cases", "external_id LIKE 'refused%'"));
        Assert.Equal(0, Db.Count("case_events", "event_id LIKE 'refused%'"));
    }

    /// <summary>Ways a line goes bad; each is bad whatever the JSON options (strings for numbers allowed or not).</summary>
    private static readonly Func<Random, int, byte[]>[] BadLines =
    [
        // Random bytes (never a blank line: the first one is not white space).
        (random, _) =>
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            bytes[0] = (byte)random.Next(0x21, 0x7F);
            return bytes.Select(b => b == (byte)'\n' ? (byte)'?' : b).ToArray();
        },
        // Cut JSON.
        (random, i) => { var line = Utf8(Case($"cut-{i}")); return line[..random.Next(1, line.Length - 1)]; },
        // Wrong types.
        (_, i) => Utf8(Case($"type-{i}"), l => l["lat"] = true),
        (_, i) => Utf8(Case($"type-{i}"), l => l["isUrgent"] = "yes"),
        (_, i) => Utf8(Case($"type-{i}"), l => l["description"] = 42),
        (_, i) => Utf8(Case($"type-{i}"), l => l["events"] = new { type = "register" }),
        (_, i) => Utf8(Case($"type-{i}"), l => l["reportedAt"] = 20260302),
        // NaN and infinities, as strings and as bare words.
        (_, i) => Replace(Case($"nan-{i}"), "\"lat\":36.98", "\"lat\":\"NaN\""),
        (_, i) => Replace(Case($"inf-{i}"), "\"lng\":117.17", "\"lng\":\"-Infinity\""),
        (_, i) => Replace(Case($"inf-{i}"), "\"lat\":36.98", "\"lat\":Infinity"),
        (_, i) => Replace(Case($"nan-{i}"), "\"lng\":117.17", "\"lng\":NaN"),
        // Huge numbers.
        (_, i) => Replace(Case($"huge-{i}"), "\"lat\":36.98", "\"lat\":1e308"),
        (_, i) => Replace(Case($"huge-{i}"), "\"lat\":36.98", "\"lat\":1e400"),
        (_, i) => Replace(Case($"huge-{i}"), "\"lng\":117.17", "\"lng\":-123456789012345678901234567890"),
        // Control characters: escaped (refused as text) and raw (malformed JSON).
        (_, i) => Utf8(Case($"ctrl-{i}"), l => l["description"] = "井盖\u0000缺失"),
        (_, i) => Utf8(Case($"ctrl-{i}"), l => l["address"] = "路口\u0007"),
        (_, i) => Replace(Case($"ctrl-{i}"), "井盖缺失", "井盖\u0001缺失"),
        // Invalid UTF-8 inside a string and at the end of the line.
        (_, i) => Splice(Case($"utf8-{i}"), "井盖缺失", [0xE4, 0xBA]),
        (_, i) => [.. Utf8(Case($"utf8-{i}")), 0xFF],
        (_, i) => Splice(Case($"utf8-{i}"), "井盖缺失", [0xED, 0xA0, 0x80]),
        // Very long lines: a description far over its limit, and a line over the importer's line limit.
        (_, i) => Utf8(Case($"long-{i}"), l => l["description"] = new string('长', 50_000)),
        (_, i) => Utf8(Case($"longer-{i}"), l => l["description"] = new string('x', 1_100_000)),
        (_, i) => Utf8(Case($"longest-{i}"), l => l["description"] = new string('x', 3_000_000)),
        // Unknown codes, missing or repeated fields, refused steps.
        (_, i) => Utf8(Case($"code-{i}"), l => l["categoryCode"] = "ufo"),
        (_, i) => Utf8(Case($"missing-{i}"), l => l.Remove("externalId")),
        (_, i) => Utf8(Case($"pair-{i}"), l => l.Remove("lng")),
        (_, i) => Replace(Case($"twice-{i}"), "\"source\":\"supervisor\"", "\"source\":\"supervisor\",\"source\":\"hotline\""),
        (_, i) => Utf8(Case($"step-{i}"), l => l["events"] = new object[] { new { eventId = $"step-{i}-1", type = "verify", at = "2026-03-02T10:00:00+08:00", passed = true } }),
        (_, i) => Utf8(Case($"deep-{i}"), l => l["events"] = Nest(40)),
        (_, _) => "[1, 2, 3]"u8.ToArray(),
        (_, _) => "null"u8.ToArray(),
        (_, _) => "\"a string\""u8.ToArray(),
    ];

    private static byte[] Utf8(Dictionary<string, object?> line, Action<Dictionary<string, object?>>? change = null)
    {
        change?.Invoke(line);
        return Encoding.UTF8.GetBytes(Json(line));
    }

    private static byte[] Replace(Dictionary<string, object?> line, string what, string with)
    {
        var json = JsonSerializer.Serialize(line, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains(what, json);
        return Encoding.UTF8.GetBytes(json.Replace(what, with, StringComparison.Ordinal));
    }

    /// <summary>The line with <paramref name="bytes"/> put inside the text <paramref name="inside"/>.</summary>
    private static byte[] Splice(Dictionary<string, object?> line, string inside, byte[] bytes)
    {
        var json = Replace(line, inside, inside + "\u0001");
        var at = Array.IndexOf(json, (byte)0x01);
        return [.. json[..at], .. bytes, .. json[(at + 1)..]];
    }

    private static object Nest(int depth) => depth == 0 ? "x" : new object[] { Nest(depth - 1) };

    [Theory]
    [InlineData(20261202, 37)]
    [InlineData(7, 2000)]
    public async Task Import_RandomBadLinesAmongGoodOnes_EveryGoodLineInEveryBadLineReportedByItsNumber(int seed, int batchSize)
    {
        var random = new Random(seed);
        var good = new Dictionary<long, (string ExternalId, int Steps)>();
        var bad = new List<long>();
        using (var file = File.Create(ImportFile))
        {
            for (var lineNo = 1L; lineNo <= 400; lineNo++)
            {
                byte[] line;
                if (random.Next(2) == 0)
                {
                    var steps = random.Next(0, 5);
                    good[lineNo] = ($"good-{lineNo}", steps);
                    line = Utf8(Case($"good-{lineNo}", steps));
                }
                else
                {
                    bad.Add(lineNo);
                    line = BadLines[random.Next(BadLines.Length)](random, (int)lineNo);
                }
                file.Write(line);
                file.Write(random.Next(4) == 0 ? "\r\n"u8 : "\n"u8);
            }
        }
        var errors = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, TextWriter.Null, errors, batchSize);

        Assert.Equal(bad, Reported(errors.ToString()).Order());
        Assert.Equal((400L, good.Count, 0L, bad.Count), (summary.Lines, summary.Created, summary.Skipped, summary.Failed));
        Assert.Equal(good.Count, Db.Count("cases"));
        Assert.Equal(good.Values.Sum(g => 1 + g.Steps), Db.Count("case_events"));
        using var connection = Db.Open();
        var written = connection.Query<(string ExternalId, long Events)>(
            "SELECT c.external_id, COUNT(e.id) FROM cases c JOIN case_events e ON e.case_id = c.id GROUP BY c.external_id").ToDictionary(r => r.ExternalId, r => r.Events);
        foreach (var (externalId, steps) in good.Values) Assert.Equal(1 + steps, written[externalId]);
    }
}
