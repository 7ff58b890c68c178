using System.Text.Json;
using CommandCenter.Cli;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;

namespace CommandCenter.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = ImportScratch.Now;
    private readonly ImportScratch _scratch = new("cc-import");

    private TestDatabase Db => _scratch.Db;
    private string ImportFile => _scratch.File;

    public void Dispose() => _scratch.Dispose();

    private ImportCommand Command() => _scratch.Command();

    private static string Line(string externalId, object[]? events = null, Action<Dictionary<string, object?>>? change = null)
    {
        var line = new Dictionary<string, object?>
        {
            ["externalId"] = externalId,
            ["source"] = "supervisor",
            ["categoryCode"] = "manhole",
            ["regionCode"] = "G01",
            ["description"] = "井盖缺失",
            ["reportedAt"] = "2026-03-02T09:00:00+08:00",
            ["events"] = events ?? [],
        };
        change?.Invoke(line);
        return JsonSerializer.Serialize(line);
    }

    private static readonly object[] ClosedLoop =
    [
        new { eventId = "{0}-1", type = "register", at = "2026-03-02T09:10:00+08:00" },
        new { eventId = "{0}-2", type = "dispatch", at = "2026-03-02T09:20:00+08:00", departmentCode = "municipal" },
        new { eventId = "{0}-3", type = "resolve", at = "2026-03-02T15:00:00+08:00", method = "service" },
        new { eventId = "{0}-4", type = "verify", at = "2026-03-02T16:00:00+08:00", passed = true },
    ];

    private static object[] Loop(string id) =>
        ClosedLoop.Select(e => (object)JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.Serialize(e).Replace("{0}", id))!).ToArray();

    /// <summary>Lines 2, 3, 4, 6 and 8 are bad; line 5 is blank.</summary>
    private string[] MixedFile() =>
    [
        Line("good-1", Loop("good-1")),
        "{\"externalId\": \"broken\", \"source\": ",
        Line("bad-category", change: l => l["categoryCode"] = "ufo"),
        Line("bad-order", [new { eventId = "bad-order-1", type = "verify", at = "2026-03-02T10:00:00+08:00", passed = true }]),
        "",
        Line("x", change: l => l.Remove("externalId")),
        Line("good-2"),
        Line("no-offset", change: l => l["reportedAt"] = "2026-03-02T09:00:00"),
        Line("good-3", Loop("good-3")),
    ];

    [Fact]
    public async Task Import_GoodAndBadLines_WritesGoodOnesAndReportsBadOnesByLineNumber()
    {
        await File.WriteAllLinesAsync(ImportFile, MixedFile());
        var output = new StringWriter();
        var errors = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, output, errors);

        Assert.Equal((3L, 0L, 5L), (summary.Created, summary.Skipped, summary.Failed));
        Assert.Equal(3, Db.Count("cases"));
        Assert.Equal(3 + 4 + 4, Db.Count("case_events"));
        Assert.Equal(2, Db.Count("cases", "status = 'closed'"));
        var report = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["line 2:", "line 3:", "line 4:", "line 6:", "line 8:"], report.Select(l => l[..7]));
        Assert.Contains("Malformed JSON", report[0]);
        Assert.Contains("Unknown category code 'ufo'", report[1]);
        Assert.Contains("cannot take the step verify", report[2]);
        Assert.Contains("externalId is required for import", report[3]);
        Assert.Contains("no UTC offset", report[4]);
        Assert.Contains("3 cases created", output.ToString());
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondRunAddsNothing()
    {
        await File.WriteAllLinesAsync(ImportFile, MixedFile());
        await Command().RunAsync(ImportFile, TextWriter.Null, TextWriter.Null);
        var cases = Db.Count("cases");
        var events = Db.Count("case_events");

        var again = await Command().RunAsync(ImportFile, TextWriter.Null, TextWriter.Null);

        Assert.Equal((0L, 3L), (again.Created, again.Skipped));
        Assert.Equal((cases, events), (Db.Count("cases"), Db.Count("case_events")));
    }

    [Fact]
    public async Task Import_BatchesOfTwo_ReportsTheSameLineNumbers()
    {
        await File.WriteAllLinesAsync(ImportFile, MixedFile());
        var errors = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, TextWriter.Null, errors, batchSize: 2);

        Assert.Equal((3L, 5L), (summary.Created, summary.Failed));
        Assert.Equal(["line 2:", "line 3:", "line 4:", "line 6:", "line 8:"],
            errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..7]).Order());
    }

    [Fact]
    public async Task Import_EventIdUsedTwiceInTheFile_SecondCaseFailsWithItsLine()
    {
        await File.WriteAllLinesAsync(ImportFile, [Line("first", Loop("shared")), Line("second", Loop("shared"))]);
        var errors = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, TextWriter.Null, errors);

        Assert.Equal((1L, 1L), (summary.Created, summary.Failed));
        Assert.StartsWith("line 2: The eventId shared-1 is already used", errors.ToString());
    }

    /// <summary>Ids are compared ordinally (docs/domain.md "The same id"): the importer's own checks agree with the unique indexes.</summary>
    [Fact]
    public async Task Import_IdsDifferingOnlyInCase_AreTwoCasesWithTheirOwnEvents()
    {
        await File.WriteAllLinesAsync(ImportFile, [Line("Case-AbC", Loop("EV")), Line("case-abc", Loop("ev"))]);

        var summary = await Command().RunAsync(ImportFile, TextWriter.Null, TextWriter.Null);
        var again = await Command().RunAsync(ImportFile, TextWriter.Null, TextWriter.Null);

        Assert.Equal((2L, 0L, 0L), (summary.Created, summary.Skipped, summary.Failed));
        Assert.Equal((0L, 2L), (again.Created, again.Skipped));
        Assert.Equal(2, Db.Count("cases", "external_id IN ('Case-AbC', 'case-abc')"));
        Assert.Equal(1, Db.Count("case_events", "event_id = 'EV-1'"));
        Assert.Equal(1, Db.Count("case_events", "event_id = 'ev-1'"));
    }

    [Fact]
    public async Task CommandLine_ImportWithABadLine_ExitCode1AndGoodLinesIn()
    {
        await File.WriteAllLinesAsync(ImportFile, [Line("cli-good", Loop("cli-good")), "not json"]);

        var exitCode = await CommandLine.TryRunAsync(["import", ImportFile, $"--ConnectionStrings:CommandCenter={Db.Options.ConnectionString}"]);

        Assert.Equal(1, exitCode);
        Assert.Equal(1, Db.Count("cases", "external_id = 'cli-good' AND status = 'closed'"));
        Assert.Equal(1, Db.Count("audit_log", "actor = 'cli' AND action = 'import' AND target = @file AND detail LIKE '1 created, 0 skipped, 1 failed in %'",
            new { file = Path.GetFileName(ImportFile) }));
    }

    [Fact]
    public async Task CommandLine_ImportAllGood_ExitCode0()
    {
        await File.WriteAllLinesAsync(ImportFile, [Line("cli-ok-1"), Line("cli-ok-2", Loop("cli-ok-2"))]);

        var exitCode = await CommandLine.TryRunAsync(["import", ImportFile, $"--ConnectionStrings:CommandCenter={Db.Options.ConnectionString}"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(2, Db.Count("cases"));
    }

    private List<string> Indexes() => Db.CaseIndexes();

    [Fact]
    public async Task Import_IndexesDeferred_SameRowsAndEveryIndexBuiltAgain()
    {
        var before = Indexes();
        await File.WriteAllLinesAsync(ImportFile, MixedFile());
        var output = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, output, TextWriter.Null, indexes: ImportIndexes.Defer);

        Assert.Equal((3L, 0L, 5L), (summary.Created, summary.Skipped, summary.Failed));
        Assert.Equal(3 + 4 + 4, Db.Count("case_events"));
        Assert.Equal(before, Indexes());
        Assert.Equal(0, Db.Count("deferred_indexes"));
        Assert.Contains("12 secondary indexes are set aside", output.ToString());
        Assert.Contains("Built 12 indexes again", output.ToString());
    }

    [Fact]
    public async Task Import_SmallFileOnAuto_KeepsTheIndexes()
    {
        await File.WriteAllLinesAsync(ImportFile, MixedFile());
        var output = new StringWriter();

        await Command().RunAsync(ImportFile, output, TextWriter.Null);

        Assert.DoesNotContain("set aside", output.ToString());
        Assert.Contains("9 of 9 lines read", output.ToString());
    }

    [Fact]
    public async Task Import_LargeFileOnAuto_SetsIndexesAsideAfterTheFirstBatchButNotOnTheSecondRun()
    {
        var before = Indexes();
        await File.WriteAllLinesAsync(ImportFile, Enumerable.Range(0, 10_000).Select(i => Line($"big-{i}")));
        var first = new StringWriter();
        var second = new StringWriter();

        var run1 = await Command().RunAsync(ImportFile, first, TextWriter.Null);
        var run2 = await Command().RunAsync(ImportFile, second, TextWriter.Null);

        Assert.Equal((10_000L, 0L), (run1.Created, run1.Skipped));
        Assert.Equal((0L, 10_000L), (run2.Created, run2.Skipped));
        var lines = first.ToString().Split('\n');
        Assert.StartsWith("2,000 of 10,000 lines read: 2,000 created", lines[0]);
        Assert.StartsWith("10,000 lines for a table of 2,000 cases: 12 secondary indexes are set aside", lines[1]);
        Assert.DoesNotContain("set aside", second.ToString());
        Assert.Equal(before, Indexes());
        Assert.Equal(10_000, Db.Count("cases"));
    }

    /// <summary>Output that breaks after <paramref name="goodLines"/> lines, as a closed pipe does.</summary>
    private sealed class BreakingWriter(int goodLines) : StringWriter
    {
        private int _lines;

        public override Task WriteLineAsync(string? value) =>
            ++_lines > goodLines ? throw new IOException("Broken pipe") : base.WriteLineAsync(value);
    }

    [Theory]
    [InlineData(0)]   // already the "set aside" line fails
    [InlineData(1)]   // the first progress line fails
    public async Task Import_StoppedByAnError_BuildsTheIndexesAgainBeforeItEnds(int goodLines)
    {
        var before = Indexes();
        await File.WriteAllLinesAsync(ImportFile, MixedFile());

        await Assert.ThrowsAsync<IOException>(() => Command().RunAsync(ImportFile, new BreakingWriter(goodLines), TextWriter.Null, indexes: ImportIndexes.Defer));

        Assert.Equal(before, Indexes());
        Assert.Equal(0, Db.Count("deferred_indexes"));
        using var unlocked = DeferredIndexes.TryHoldImportLock(Db.Options.ConnectionString);
        Assert.NotNull(unlocked);
    }

    [Fact]
    public async Task Import_WhileAnotherImportHasTheIndexesSetAside_WritesWithThem()
    {
        using var otherImport = DeferredIndexes.TryHoldImportLock(Db.Options.ConnectionString);
        await File.WriteAllLinesAsync(ImportFile, MixedFile());
        var output = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, output, TextWriter.Null, indexes: ImportIndexes.Defer);

        Assert.Equal(3, summary.Created);
        Assert.Contains("Another import has the indexes set aside; this one writes with them.", output.ToString());
        Assert.Equal(0, Db.Count("deferred_indexes"));
    }

    /// <summary>Output that, once the indexes are set aside, spoils their record, so building them again is refused.</summary>
    private sealed class SpoilingWriter(TestDatabase db) : StringWriter
    {
        public override Task WriteLineAsync(string? value)
        {
            if (value?.Contains("set aside") == true)
            {
                using var connection = db.Open();
                Dapper.SqlMapper.Execute(connection,
                    "UPDATE deferred_indexes SET definition = 'DROP TABLE cases' WHERE name = 'ix_cases_road'");
            }
            return base.WriteLineAsync(value);
        }
    }

    [Fact]
    public async Task Import_IndexesCannotBeBuiltAgain_SaysSoAndLeavesTheRecordsForTheApp()
    {
        await File.WriteAllLinesAsync(ImportFile, MixedFile());
        var errors = new StringWriter();

        var summary = await Command().RunAsync(ImportFile, new SpoilingWriter(Db), errors, indexes: ImportIndexes.Defer);

        Assert.True(summary.IndexesPending);
        Assert.Equal(3, summary.Created);
        Assert.Contains("The indexes set aside could not be built again (deferred_indexes holds ix_cases_road", errors.ToString());
        Assert.Contains("the running app builds them within a minute", errors.ToString());
        Assert.Equal(12, Db.Count("deferred_indexes"));
    }

    [Theory]
    [InlineData("--indexes", "sometimes")]
    [InlineData("--batch", "--indexes")]
    public async Task CommandLine_BadImportOption_ExitCode2AndNothingWritten(string option, string value)
    {
        await File.WriteAllLinesAsync(ImportFile, [Line("cli-good", Loop("cli-good"))]);

        var exitCode = await CommandLine.TryRunAsync(["import", ImportFile, option, value, $"--ConnectionStrings:CommandCenter={Db.Options.ConnectionString}"]);

        Assert.Equal(2, exitCode);
        Assert.Equal(0, Db.Count("cases"));
    }
}
