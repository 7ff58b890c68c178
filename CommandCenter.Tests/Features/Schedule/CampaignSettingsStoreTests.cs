using CommandCenter.Features.Reference;
using CommandCenter.Features.Schedule;
using CommandCenter.Security;
using CommandCenter.Testing;
using static CommandCenter.Tests.Features.RoadResponsibility.RoadResponsibilityTestData;

namespace CommandCenter.Tests.Features.Schedule;

public sealed class CampaignSettingsStoreTests : IDisposable
{
    private readonly TestDatabase _db = TestDatabase.CreateWithReference();
    private readonly ReferenceCatalog _catalog;
    private readonly CampaignSettingsStore _store;

    public CampaignSettingsStoreTests()
    {
        InsertLeadersAndRoads(_db);
        _catalog = new ReferenceCatalog(_db.Connections);
        _store = new CampaignSettingsStore(_db.Connections, _catalog, new AuditLog(_db.Connections, new FixedClock(DateTimeOffset.UnixEpoch)));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task SetAll_EveryAssignmentGetsTheCampaignAndItIsAudited()
    {
        var result = await _store.SetAllCampaignsAsync(ScheduleTestUsers.Scheduler("调度员"), new DateOnly(2027, 3, 1), new DateOnly(2027, 12, 31));

        Assert.Equal(ScheduleSaveOutcome.Saved, result.Outcome);
        var rows = await _store.AssignmentsAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal((new DateOnly(2027, 3, 1), new DateOnly(2027, 12, 31)), (r.CampaignFrom, r.CampaignTo)));
        Assert.Equal(1, _db.Count("audit_log", "action = @A AND target = 'assignment:all' AND actor = '调度员'", new { A = ScheduleAuditActions.CampaignSaved }));
    }

    [Fact]
    public async Task SetAll_ALeaderWithTwoAssignments_IsRefusedAsOverlap()
    {
        _db.Insert(new TestCity().Assignment("L03", "R02", "2026-11-01", "2026-12-31"));

        var result = await _store.SetAllCampaignsAsync(ScheduleTestUsers.Admin(), new DateOnly(2027, 3, 1), new DateOnly(2027, 12, 31));

        Assert.Equal(["Schedule.Error.CampaignOverlap"], result.Errors);
        Assert.Equal(0, _db.Count("road_assignments", "campaign_from = '2027-03-01'"));
    }

    [Fact]
    public async Task SetCampaign_OverlappingTheSameRoadsOtherCampaign_IsRefused()
    {
        _db.Insert(new TestCity().Assignment("L03", "R03", "2026-11-01", "2026-12-31"));
        var past = (await _store.AssignmentsAsync()).First(r => r.LeaderId == PastLeader && r.CampaignTo == new DateOnly(2026, 10, 31));

        var overlapping = await _store.SetCampaignAsync(ScheduleTestUsers.Scheduler(), past.AssignmentId, new DateOnly(2026, 3, 1), new DateOnly(2026, 11, 15));
        var fine = await _store.SetCampaignAsync(ScheduleTestUsers.Scheduler(), past.AssignmentId, new DateOnly(2026, 4, 1), new DateOnly(2026, 10, 31));

        Assert.Equal(["Schedule.Error.CampaignOverlap"], overlapping.Errors);
        Assert.Equal(ScheduleSaveOutcome.Saved, fine.Outcome);
        Assert.Equal(1, _db.Count("road_assignments", "id = @Id AND campaign_from = '2026-04-01'", new { Id = past.AssignmentId }));
    }

    [Fact]
    public async Task SetCampaign_EndBeforeStart_IsInvalid()
    {
        var result = await _store.SetCampaignAsync(ScheduleTestUsers.Scheduler(), 1, new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 1));

        Assert.Equal(["Schedule.Error.CampaignOrder"], result.Errors);
    }

    [Fact]
    public async Task SetRequired_ChangesTheLeaderAndRefreshesTheReferenceCache()
    {
        Assert.Equal(1, (await _catalog.GetAsync()).Leaders.Single(l => l.Id == Leader).RequiredPatrolsPerWeek);

        var result = await _store.SetRequiredPatrolsAsync(ScheduleTestUsers.Scheduler(), Leader, 2);

        Assert.Equal(ScheduleSaveOutcome.Saved, result.Outcome);
        Assert.Equal(2, (await _catalog.GetAsync()).Leaders.Single(l => l.Id == Leader).RequiredPatrolsPerWeek);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(8)]
    public async Task SetRequired_OutOfRange_IsInvalid(int required)
    {
        var result = await _store.SetRequiredPatrolsAsync(ScheduleTestUsers.Scheduler(), Leader, required);

        Assert.Equal(["Schedule.Error.RequiredRange"], result.Errors);
    }

    [Fact]
    public async Task Settings_LeaderOrStaff_AreForbidden()
    {
        Assert.Equal(ScheduleSaveOutcome.Forbidden, (await _store.SetRequiredPatrolsAsync(ScheduleTestUsers.LeaderOf(Leader), Leader, 0)).Outcome);
        Assert.Equal(ScheduleSaveOutcome.Forbidden,
            (await _store.SetAllCampaignsAsync(ScheduleTestUsers.Staff(), new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1))).Outcome);
        Assert.Equal(1, _db.Count("leaders", "id = @Leader AND required_patrols_per_week = 1", new { Leader }));
    }
}
