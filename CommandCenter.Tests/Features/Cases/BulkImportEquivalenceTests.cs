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

    private static CaseService Service(TestDatabase db) => new(db.Connections, new ReferenceCatalog(db.Connections),
        new FixedClock(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)), BusinessCalendar.For("Asia/Shanghai"));

    private static CaseStepRequest Step(string id, CaseStep step, DateTime at, long? department = null, EscalationLevel? level = null,
        ResolutionMethod? method = null, bool? passed = null, SatisfactionRating? rating = null) =>
        new(id, new CaseCommand(step, at, DepartmentId: department, Level: level, Method: method, Passed: passed, Rating: rating));

    /// <summary>Every kind of history: untouched, rejected, escalated, reworked, rated, urgent, on two local days.</summary>
    private static List<CaseImport> Histories()
    {
        var list = new List<CaseImport>();
        for (var i = 0; i < 12; i++)
        {
            var t = T0.AddHours(i * 5).AddMilliseconds(i * 37.25);
            var c = new NewCase($"eq-{i}", (CaseSource)(i % 6), Ref.Category, i % 2 == 0 ? Ref.Grid : Ref.Street, i % 3 == 0 ? Ref.Road : null,
                $"案件 {i} <b>'\"", i % 4 == 0 ? null : "纬二路", i % 5 == 0 ? null : 36.9 + i / 100.0, i % 5 == 0 ? null : 117.1,
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
        return list;
    }

    private static List<string> Rows(TestDatabase db, string sql)
    {
        using var connection = db.Open();
        return connection.Query(sql).Select(r => string.Join("|", ((IDictionary<string, object?>)r).Select(kv => $"{kv.Key}={kv.Value}"))).ToList();
    }

    [Fact]
    public async Task ImportAsync_ManyHistories_SameRowsAsCreateThenApplyEachStep()
    {
        var histories = Histories();
        var imported = await Service(_bulk).ImportAsync(histories, "same");
        var oneByOne = Service(_oneByOne);
        foreach (var h in histories)
        {
            var created = await oneByOne.CreateAsync(h.Case, "same");
            foreach (var step in h.Steps)
                Assert.Equal(StepOutcome.Applied, (await oneByOne.ApplyAsync(created.Case.CaseNo, step, "same")).Outcome);
        }

        Assert.Equal(histories.Count, imported.Created);
        Assert.Equal(Rows(_oneByOne, "SELECT * FROM cases ORDER BY id"), Rows(_bulk, "SELECT * FROM cases ORDER BY id"));
        const string events = "SELECT case_id, event_id, type, at, actor, data, recorded_at FROM case_events ORDER BY id";
        Assert.Equal(Rows(_oneByOne, events), Rows(_bulk, events));
        Assert.Equal(Rows(_oneByOne, "SELECT * FROM case_no_sequences"), Rows(_bulk, "SELECT * FROM case_no_sequences"));
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
