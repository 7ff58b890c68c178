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
        Assert.Equal(MapStage.Dispatch, MapStages.Of(CaseStatus.Reported, false, null, null, null, null, DeadlineHold.None, Now));
        Assert.Equal(MapStage.Dispatch, MapStages.Of(CaseStatus.Registered, false, null, null, null, null, DeadlineHold.None, Now));
        Assert.Equal(MapStage.InProgress, MapStages.Of(CaseStatus.Dispatched, false, dispatched, Now.AddHours(1), null, null, DeadlineHold.None, Now));
        Assert.Equal(MapStage.Verify, MapStages.Of(CaseStatus.Resolved, false, dispatched, Now.AddHours(-1), Now.AddHours(-2), null, DeadlineHold.None, Now));
        Assert.Equal(MapStage.Urgent, MapStages.Of(CaseStatus.Registered, true, null, null, null, null, DeadlineHold.None, Now));
        Assert.Equal(MapStage.Urgent, MapStages.Of(CaseStatus.Dispatched, true, dispatched, Now.AddHours(1), null, null, DeadlineHold.None, Now));
        // 超期未处置 as of now wins over 紧急; a deadline exactly now is not yet passed.
        Assert.Equal(MapStage.Overdue, MapStages.Of(CaseStatus.Dispatched, true, dispatched, Now.AddSeconds(-1), null, null, DeadlineHold.None, Now));
        Assert.Equal(MapStage.InProgress, MapStages.Of(CaseStatus.Dispatched, false, dispatched, Now, null, null, DeadlineHold.None, Now));
        Assert.Null(MapStages.Of(CaseStatus.Closed, true, dispatched, Now.AddHours(-1), Now.AddHours(-2), Now.AddHours(-1), DeadlineHold.None, Now));
        Assert.Null(MapStages.Of(CaseStatus.Rejected, false, null, null, null, null, DeadlineHold.None, Now));
        Assert.Equal("inProgress", MapStage.InProgress.Code());
    }

    [Fact]
    public void Stage_ReadsTheCasesHold_AsOverdueDoes()
    {
        var dispatched = Now.AddDays(-3);
        var passed = Now.AddHours(-2);
        // 缓办 now: past its deadline but held, so not overdue: 处置中 (紧急 when urgent), still shown as open.
        var held = new DeadlineHold(Now.AddHours(-5), null, null);
        Assert.Equal(MapStage.InProgress, MapStages.Of(CaseStatus.OnHold, false, dispatched, passed, null, null, held, Now));
        Assert.Equal(MapStage.Urgent, MapStages.Of(CaseStatus.OnHold, true, dispatched, passed, null, null, held, Now));
        // A hold that began exactly now has not begun before now: the clock still ran at T.
        Assert.Equal(MapStage.Overdue, MapStages.Of(CaseStatus.OnHold, false, dispatched, passed, null, null, new DeadlineHold(Now, null, null), Now));
        // Resumed: the resumption moved the deadline (stored); judged by it, overdue once it has passed, not before.
        var resumed = new DeadlineHold(Now.AddHours(-30), Now.AddHours(-6), null);
        Assert.Equal(MapStage.Overdue, MapStages.Of(CaseStatus.Dispatched, false, dispatched, Now.AddMinutes(-1), null, null, resumed, Now));
        Assert.Equal(MapStage.InProgress, MapStages.Of(CaseStatus.Dispatched, false, dispatched, Now.AddHours(20), null, null, resumed, Now));
        // The same hold as Overdue.IsOverdueAt reads it, for every open status and both urgencies.
        foreach (var status in MapStages.OpenStatuses)
            foreach (var hold in new[] { DeadlineHold.None, held, resumed, new DeadlineHold(null, null, Now.AddHours(-1)) })
                Assert.Equal(Overdue.IsOverdueAt(dispatched, passed, null, null, hold, Now),
                    MapStages.Of(status, true, dispatched, passed, null, null, hold, Now) == MapStage.Overdue);
        // Void is not on the map.
        Assert.Null(MapStages.Of(CaseStatus.Void, true, dispatched, passed, null, null, new DeadlineHold(null, null, Now.AddHours(-1)), Now));
    }

    [Fact]
    public void OpenCasesSql_SelectsExactlyTheOpenStatuses_OnHoldIncluded()
    {
        var listed = System.Text.RegularExpressions.Regex.Match(CommandCenter.Features.Map.MapCaseQuery.OpenCasesSql, @"status IN \(([^)]*)\)").Groups[1].Value
            .Split(',').Select(s => s.Trim().Trim('\'')).Order();
        Assert.Equal(MapStages.OpenStatuses.Select(s => s.Code()).Order(), listed);
        Assert.Contains(CaseStatus.OnHold, MapStages.OpenStatuses);
    }
}
