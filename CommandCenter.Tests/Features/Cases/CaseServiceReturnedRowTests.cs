using System.Text.Json;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;
using static CommandCenter.Tests.TestDatabase;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>
/// CreateAsync and ApplyAsync answer with the row they wrote without reading it back; the API shows that row, so it must be
/// the row a later GET reads, field by field.
/// </summary>
public sealed class CaseServiceReturnedRowTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 22, 1, 2, 3, 456, DateTimeKind.Utc);
    private readonly TestDatabase _db = CreateWithReference();

    public void Dispose() => _db.Dispose();

    private CaseService Service() => new(_db.Connections, new ReferenceCatalog(_db.Connections),
        new FixedClock(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)), BusinessCalendar.For("Asia/Shanghai"));

    private CaseRow Stored(long id)
    {
        using var connection = _db.Open();
        return connection.QuerySingle<CaseRow>($"SELECT {CaseRow.Columns} FROM cases WHERE id = @Id", new { Id = id });
    }

    private static string Json(CaseRow row) => JsonSerializer.Serialize(row);

    [Fact]
    public async Task CreateThenEverySteps_ReturnedRows_EqualTheStoredRows()
    {
        var service = Service();
        var created = await service.CreateAsync(new NewCase("row-1", CaseSource.Grid, Ref.Category, Ref.Grid, Ref.Road, "路灯不亮 <b>",
            "纬二路", 36.912345678, 117.123456789, "13812345678", true, T0.AddTicks(1234)), "tester");
        Assert.True(created.Created);
        Assert.Equal(Json(Stored(created.Case.Id)), Json(created.Case));

        CaseCommand[] commands =
        [
            new(CaseStep.Register, T0.AddMinutes(1)),
            new(CaseStep.Dispatch, T0.AddMinutes(2).AddTicks(5555), DepartmentId: Ref.Department),
            new(CaseStep.Escalate, T0.AddMinutes(3), Level: EscalationLevel.Street),
            new(CaseStep.Resolve, T0.AddHours(1), Method: ResolutionMethod.Enforcement),
            new(CaseStep.Verify, T0.AddHours(2), Passed: false),
            new(CaseStep.Resolve, T0.AddHours(3), Method: ResolutionMethod.Service),
            new(CaseStep.Verify, T0.AddHours(4), Passed: true),
            new(CaseStep.Satisfaction, T0.AddHours(5), Rating: SatisfactionRating.Dissatisfied),
        ];
        var n = 0;
        foreach (var command in commands)
        {
            var applied = await service.ApplyAsync(created.Case.CaseNo, new CaseStepRequest($"row-1-{n++}", command), "tester");
            Assert.Equal(StepOutcome.Applied, applied.Outcome);
            Assert.Equal(Json(Stored(created.Case.Id)), Json(applied.Case!));
        }
        Assert.Equal(1, Stored(created.Case.Id).ReworkCount);
    }
}
