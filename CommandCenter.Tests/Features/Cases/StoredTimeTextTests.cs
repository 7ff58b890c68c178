using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;
using static CommandCenter.Tests.TestDatabase;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>
/// SQLite holds times as text, and reports sort and cut by that text: the bulk import (prepared commands, parameters set by
/// position) must store the same bytes as the API path (Dapper), fractions of a second included.
/// </summary>
public sealed class StoredTimeTextTests
{
    [Fact]
    public async Task ImportAsync_TimesWithMilliseconds_StoredTextIdenticalToCreateThenApply()
    {
        using var bulk = CreateWithReference();
        using var oneByOne = CreateWithReference();
        var t = new DateTime(2026, 3, 2, 1, 0, 0, 40, DateTimeKind.Utc).AddTicks(4_321);
        var newCase = new NewCase("time-1", CaseSource.Hotline, Ref.Category, Ref.Grid, null, "井盖缺失", null, null, null, null, false, t);
        CaseStepRequest[] steps =
        [
            new("time-1-1", new CaseCommand(CaseStep.Register, t.AddMinutes(5))),
            new("time-1-2", new CaseCommand(CaseStep.Dispatch, t.AddMinutes(10).AddMilliseconds(960), DepartmentId: Ref.Department)),
        ];

        await Import(bulk).ImportAsync([new CaseImport(newCase, steps)], "same");
        var service = Service(oneByOne);
        var created = await service.CreateAsync(newCase, "same");
        foreach (var step in steps) await service.ApplyAsync(created.Case.CaseNo, step, "same");

        const string times = """
            SELECT reported_at || '|' || registered_at || '|' || dispatched_at || '|' || deadline_at || '|' || last_step_at FROM cases
            UNION ALL SELECT at || '|' || recorded_at FROM case_events
            """;
        var imported = Texts(bulk, times);
        Assert.Equal(Texts(oneByOne, times), imported);
        Assert.StartsWith("2026-03-02 01:00:00.04|2026-03-02 01:05:00.04|2026-03-02 01:10:01|", imported[0]);
    }

    private static List<string> Texts(TestDatabase db, string sql)
    {
        using var connection = db.Open();
        return connection.Query<string>(sql).ToList();
    }

    private static CaseService Service(TestDatabase db) => new(db.Connections, new ReferenceCatalog(db.Connections), Clock, BusinessCalendar.For("Asia/Shanghai"));

    private static BulkImport Import(TestDatabase db) => new(db.Connections, new ReferenceCatalog(db.Connections), Clock, BusinessCalendar.For("Asia/Shanghai"));

    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, 250, TimeSpan.Zero));
}
