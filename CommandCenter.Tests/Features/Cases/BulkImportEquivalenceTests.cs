using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;
using static CommandCenter.Tests.TestDatabase;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>The bulk path of ImportAsync writes the rows that creating the case and applying each step one by one writes.</summary>
public sealed class BulkImportEquivalenceTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _bulk = CreateWithReference();
    private readonly TestDatabase _oneByOne = CreateWithReference();

    public void Dispose()
    {
        _bulk.Dispose();
        _oneByOne.Dispose();
    }

    private static CaseService Service(TestDatabase db) => new(db.Connections, new ReferenceCatalog(db.Connections), Clock, BusinessCalendar.For("Asia/Shanghai"));

    private static BulkImport Import(TestDatabase db) => new(db.Connections, new ReferenceCatalog(db.Connections), Clock, BusinessCalendar.For("Asia/Shanghai"));

    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

    private static CaseStepRequest Step(string id, CaseStep step, DateTime at, long? department = null, EscalationLevel? level = null,
        ResolutionMethod? method = null, bool? passed = null, SatisfactionRating? rating = null, string? reason = null, double? extra = null) =>
        new(id, new CaseCommand(step, at, DepartmentId: department, Level: level, Method: method, Passed: passed, Rating: rating,
            Reason: reason, Extra: extra));

    /// <summary>
    /// Every kind of history: untouched, rejected, escalated, reworked, rated, urgent, on two local days; extended, held and
    /// resumed, returned and dispatched again, voided; with markup and quotes, an empty address, and a description long
    /// enough to outgrow a writer's text buffer.
    /// </summary>
    private static List<CaseImport> Histories()
    {
        var list = new List<CaseImport>();
        for (var i = 0; i < 12; i++)
        {
            var t = T0.AddHours(i * 5).AddMilliseconds(i * 37.25);
            var c = new NewCase($"eq-{i}", (CaseSource)(i % 6), Ref.Category, i % 2 == 0 ? Ref.Grid : Ref.Street, i % 3 == 0 ? Ref.Road : null,
                i == 7 ? new string('井', 5000) : $"案件 {i} <b>'\"", i % 4 == 0 ? null : i == 6 ? "" : "纬二路",
                i % 5 == 0 ? null : 36.9 + i / 100.0, i % 5 == 0 ? null : 117.1,
                i % 2 == 0 ? "13812345678" : null, i % 3 == 1, t);
            var steps = new List<CaseStepRequest>();
            if (i % 6 == 1) steps.Add(Step($"eq-{i}-r", CaseStep.Reject, t.AddMinutes(5)));
            else if (i % 6 != 0)
            {
                steps.Add(Step($"eq-{i}-1", CaseStep.Register, t.AddMinutes(5)));
                steps.Add(Step($"eq-{i}-2", CaseStep.Dispatch, t.AddMinutes(10), department: Ref.Department));
                if (i % 6 >= 3) steps.Add(Step($"eq-{i}-3", CaseStep.Escalate, t.AddMinutes(15), level: EscalationLevel.Street));
                if (i % 6 >= 4)
                {
                    steps.Add(Step($"eq-{i}-4", CaseStep.Resolve, t.AddHours(3), method: ResolutionMethod.Management));
                    steps.Add(Step($"eq-{i}-5", CaseStep.Verify, t.AddHours(4), passed: false));
                    steps.Add(Step($"eq-{i}-6", CaseStep.Resolve, t.AddHours(5), method: ResolutionMethod.Enforcement));
                    steps.Add(Step($"eq-{i}-7", CaseStep.Verify, t.AddHours(6), passed: true));
                }
                if (i % 6 == 5) steps.Add(Step($"eq-{i}-8", CaseStep.Satisfaction, t.AddHours(9), rating: SatisfactionRating.VerySatisfied));
            }
            list.Add(new CaseImport(c, steps));
        }
        for (var i = 0; i < 3; i++)
        {
            var t = T0.AddDays(1).AddHours(i);
            var c = new NewCase($"life-{i}", CaseSource.Hotline, Ref.Category, Ref.Grid, null, $"生命周期 {i}", null, null, null, null, false, t);
            var steps = new List<CaseStepRequest>
            {
                Step($"life-{i}-1", CaseStep.Register, t.AddMinutes(5)),
                Step($"life-{i}-2", CaseStep.Dispatch, t.AddMinutes(10), department: Ref.Department),
            };
            steps.AddRange(i switch
            {
                0 =>
                [
                    Step("life-0-3", CaseStep.ExtendRequest, t.AddHours(1), reason: "需调机械", extra: 6),
                    Step("life-0-4", CaseStep.ExtendApprove, t.AddHours(2)),
                    Step("life-0-5", CaseStep.Suspend, t.AddHours(3), reason: "等待产权单位"),
                    Step("life-0-6", CaseStep.Resume, t.AddHours(30)),
                    Step("life-0-7", CaseStep.Resolve, t.AddHours(31), method: ResolutionMethod.Service),
                    Step("life-0-8", CaseStep.Verify, t.AddHours(32), passed: true),
                ],
                1 =>
                [
                    Step("life-1-3", CaseStep.Return, t.AddHours(1), reason: "不属本单位职责"),
                    Step("life-1-4", CaseStep.Dispatch, t.AddHours(2), department: Ref.Department),
                    Step("life-1-5", CaseStep.ExtendRequest, t.AddHours(3), reason: "人手不足", extra: 2),
                    Step("life-1-6", CaseStep.ExtendRefuse, t.AddHours(4)),
                ],
                _ => [Step("life-2-3", CaseStep.Void, t.AddHours(1), reason: "重复立案")],
            });
            list.Add(new CaseImport(c, steps));
        }
        return list;
    }

    /// <summary>Every column of every row as SQLite's quote() gives it, so a 1 stored as text differs from a 1 stored as integer.</summary>
    private static List<string> Rows(TestDatabase db, string table, string orderBy = "id")
    {
        using var connection = db.Open();
        var columns = connection.Query<string>($"SELECT name FROM pragma_table_info('{table}') ORDER BY cid").ToList();
        var sql = $"SELECT {string.Join(" || '|' || ", columns.Select(c => $"'{c}=' || quote({c})"))} FROM {table} ORDER BY {orderBy}";
        return connection.Query<string>(sql).ToList();
    }

    [Fact]
    public async Task ImportAsync_ManyHistories_SameRowsAsCreateThenApplyEachStep()
    {
        var histories = Histories();
        var imported = await Import(_bulk).ImportAsync(histories, "same");
        var oneByOne = Service(_oneByOne);
        foreach (var h in histories)
        {
            var created = await oneByOne.CreateAsync(h.Case, "same");
            foreach (var step in h.Steps)
                Assert.Equal(StepOutcome.Applied, (await oneByOne.ApplyAsync(created.Case.CaseNo, step, "same")).Outcome);
        }

        Assert.Equal(histories.Count, imported.Created);
        Assert.Equal(Rows(_oneByOne, "cases"), Rows(_bulk, "cases"));
        Assert.Equal(Rows(_oneByOne, "case_events"), Rows(_bulk, "case_events"));
        Assert.Equal(Rows(_oneByOne, "case_no_sequences", "day"), Rows(_bulk, "case_no_sequences", "day"));
        // The lifecycle steps were imported, not skipped: extended, held and resumed, returned, voided.
        using var connection = _bulk.Open();
        Assert.Equal(["closed 1 1 1 0", "dispatched 0 0 0 1", "void 0 0 0 0"], connection.Query<string>(
            "SELECT status || ' ' || (extended_at IS NOT NULL) || ' ' || (held_at IS NOT NULL) || ' ' || (resumed_at IS NOT NULL) " +
            "|| ' ' || (returned_at IS NOT NULL) FROM cases WHERE external_id LIKE 'life-%' ORDER BY external_id").ToList());
    }

    /// <summary>
    /// SQLite imports go through <see cref="SqliteBulkCaseWriter"/>; SQL Server's <see cref="BulkCaseWriter"/> is plain ADO.NET and
    /// runs on SQLite too. Both write the same rows, value for value and type for type, so the ADO writer stays tested here.
    /// </summary>
    [Fact]
    public async Task Writers_SameBatch_SameRowsFromTheRawSqliteWriterAndTheAdoWriter()
    {
        var prepared = await Import(_bulk).PrepareImportAsync(Histories(), "same");
        var recordedAt = new DateTime(2026, 11, 23, 8, 0, 0, 123, DateTimeKind.Utc);

        async Task WriteAsync(TestDatabase db, Func<Microsoft.Data.Sqlite.SqliteConnection, System.Data.Common.DbTransaction, ICaseRowWriter> writerFor)
        {
            await using var connection = db.Open();
            await using var tx = await connection.BeginTransactionAsync();
            await using (var writer = writerFor(connection, tx))
            {
                var n = 0;
                foreach (var c in prepared.Cases)
                {
                    var caseNo = $"{c.Day}-{++n:D5}";
                    var id = await writer.InsertCaseAsync(caseNo, c.Case, c.StreetId, c.Final, default);
                    foreach (var e in c.Events)
                        await writer.InsertEventAsync(id, e.EventId ?? $"report:{caseNo}", e.Type, e.At, prepared.Actor, e.Data, recordedAt, default);
                }
                await writer.FlushAsync(default);
            }
            await tx.CommitAsync();
        }

        await WriteAsync(_bulk, (connection, _) => new SqliteBulkCaseWriter(connection));
        await WriteAsync(_oneByOne, (connection, tx) => new BulkCaseWriter(connection, tx, CommandCenter.Data.DatabaseProvider.Sqlite));

        Assert.All(prepared.Cases, c => Assert.Null(c.Refusal));
        Assert.Equal(Rows(_oneByOne, "cases"), Rows(_bulk, "cases"));
        Assert.Equal(Rows(_oneByOne, "case_events"), Rows(_bulk, "case_events"));
        Assert.Contains(Rows(_bulk, "cases"), r => r.Contains("address=''|"));
        Assert.Contains(Rows(_bulk, "cases"), r => r.Contains(new string('井', 5000)));
    }
}

/// <summary>The one SQL text of the bulk path that is built (from parameter names) rather than a constant, parsed as T-SQL.</summary>
public sealed class BulkCaseWriterSqlTests
{
    [Fact]
    public void InsertEventBlockSql_SqlServer_ParsesWithoutErrors()
    {
        var sql = (string)typeof(BulkCaseWriter).GetField("InsertEventBlockSql",
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;

        new Microsoft.SqlServer.TransactSql.ScriptDom.TSql160Parser(initialQuotedIdentifiers: true)
            .Parse(new StringReader(sql), out var errors);

        Assert.Empty(errors);
        Assert.Contains("@RecordedAt7)", sql);
    }
}
