using CommandCenter.Features.Wall;

namespace CommandCenter.Tests.Features.Wall;

public sealed class WallAlertWatchTests
{
    [Fact]
    public void Observe_FirstSnapshot_IsTheBaselineNotAnAlert()
    {
        var sample = WallSnapshots.Sample();
        var watch = new WallAlertWatch(overdueThreshold: 0);

        Assert.Empty(watch.Observe(sample with { LatestEvents = [WallSnapshots.Event(9, "register", "x", urgent: true)] }));
    }

    [Fact]
    public void Observe_StreetStaysAboveThreshold_AlertsOnceUntilItFallsBackAndRisesAgain()
    {
        var sample = WallSnapshots.Sample();
        var watch = new WallAlertWatch(overdueThreshold: 20);
        var street = sample.StreetRanking[1];
        var above = sample with { StreetRanking = [street with { Counts = street.Counts with { Due = 130 } }] };
        var below = sample with { StreetRanking = [street] };
        watch.Observe(below);

        Assert.Single(watch.Observe(above));
        Assert.Empty(watch.Observe(above));
        Assert.Empty(watch.Observe(below));
        var again = Assert.Single(watch.Observe(above));
        Assert.Equal(WallAlertKind.StreetOverdue, again.Kind);
        Assert.Equal(50, again.Overdue);
    }

    [Fact]
    public void Observe_SeveralUrgentRegistrations_OneAlertEachOldestFirst()
    {
        var sample = WallSnapshots.Sample();
        var watch = new WallAlertWatch(overdueThreshold: 1000);
        watch.Observe(sample);

        var alerts = watch.Observe(sample with
        {
            LatestEvents = [WallSnapshots.Event(12, "register", "b", urgent: true), WallSnapshots.Event(11, "register", "a", urgent: true),
                WallSnapshots.Event(10, "register", "not urgent"), .. sample.LatestEvents],
        });

        Assert.Equal(["a", "b"], alerts.Select(a => a.Event!.Description));
        Assert.Empty(watch.Observe(sample with { LatestEvents = [WallSnapshots.Event(12, "register", "b", urgent: true)] }));
    }
}
