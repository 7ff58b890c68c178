using CommandCenter.Domain;
using CommandCenter.Domain.Geo;

namespace CommandCenter.Tests.Domain.Geo;

public class MapStageTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Stage_OverdueBeforeUrgentBeforeTheStatus_ClosedAndRejectedAreNotShown()
    {
        var dispatched = Now.AddHours(-5);
        Assert.Equal(MapStage.Dispatch, MapStages.Of(CaseStatus.Reported, false, null, null, null, null, Now));
        Assert.Equal(MapStage.Dispatch, MapStages.Of(CaseStatus.Registered, false, null, null, null, null, Now));
        Assert.Equal(MapStage.InProgress, MapStages.Of(CaseStatus.Dispatched, false, dispatched, Now.AddHours(1), null, null, Now));
        Assert.Equal(MapStage.Verify, MapStages.Of(CaseStatus.Resolved, false, dispatched, Now.AddHours(-1), Now.AddHours(-2), null, Now));
        Assert.Equal(MapStage.Urgent, MapStages.Of(CaseStatus.Registered, true, null, null, null, null, Now));
        Assert.Equal(MapStage.Urgent, MapStages.Of(CaseStatus.Dispatched, true, dispatched, Now.AddHours(1), null, null, Now));
        // 超期未处置 as of now wins over 紧急; a deadline exactly now is not yet passed.
        Assert.Equal(MapStage.Overdue, MapStages.Of(CaseStatus.Dispatched, true, dispatched, Now.AddSeconds(-1), null, null, Now));
        Assert.Equal(MapStage.InProgress, MapStages.Of(CaseStatus.Dispatched, false, dispatched, Now, null, null, Now));
        Assert.Null(MapStages.Of(CaseStatus.Closed, true, dispatched, Now.AddHours(-1), Now.AddHours(-2), Now.AddHours(-1), Now));
        Assert.Null(MapStages.Of(CaseStatus.Rejected, false, null, null, null, null, Now));
        Assert.Equal("inProgress", MapStage.InProgress.Code());
    }
}
