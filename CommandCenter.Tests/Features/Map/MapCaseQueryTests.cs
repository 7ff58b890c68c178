using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Map;
using CommandCenter.Features.Reference;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Features.Map;

/// <summary>The open cases the map reads (<see cref="MapCaseQuery.OpenAsync"/>, SQLite): the stage with the case's hold.</summary>
public sealed class MapCaseQueryTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 3, 2, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = TestDatabase.CreateWithReference();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task OpenCases_AHeldCasePastItsDeadline_IsOpenAndNotOverdue_AResumedOneIsJudgedByItsMovedDeadline()
    {
        StoredCase Dispatched(string no, DateTime deadline) => new(no, "supervisor", TestDatabase.Ref.Category, TestDatabase.Ref.Grid,
            TestDatabase.Ref.Street, Now.AddDays(-4))
        {
            RegisteredAt = Now.AddDays(-4), DispatchedAt = Now.AddDays(-4), DeadlineAt = deadline, DepartmentId = TestDatabase.Ref.Department,
        };
        using (var connection = _db.Open())
            TestCity.WriteCases(connection,
            [
                Dispatched("20261129-00001", Now.AddDays(-1)) with { HeldAt = Now.AddDays(-2) },                                   // 缓办 now
                Dispatched("20261129-00002", Now.AddHours(-1)) with { HeldAt = Now.AddDays(-3), ResumedAt = Now.AddDays(-2) },    // resumed, late again
                Dispatched("20261129-00003", Now.AddHours(5)) with { HeldAt = Now.AddDays(-3), ResumedAt = Now.AddDays(-2) },     // resumed, in time
                Dispatched("20261129-00004", Now.AddDays(-1)) with { VoidedAt = Now.AddDays(-1) },                                 // 作废: not open
            ]);
        var reference = await new ReferenceCatalog(_db.Connections).GetAsync();
        var geometry = new DistrictGeometry(reference, new Dictionary<long, RegionShape>(), new Dictionary<long, RoadLine>());

        var cases = await new MapCaseQuery(_db.Connections, BusinessCalendar.For("Asia/Shanghai")).OpenAsync(geometry, Now);

        var stages = cases.ToDictionary(c => c.CaseNo, c => c.Stage);
        Assert.Equal(3, cases.Count);
        Assert.Equal(MapStage.InProgress, stages["20261129-00001"]);
        Assert.Equal("onhold", cases.Single(c => c.CaseNo == "20261129-00001").Status);
        Assert.Equal(MapStage.Overdue, stages["20261129-00002"]);
        Assert.Equal(MapStage.InProgress, stages["20261129-00003"]);
    }
}
