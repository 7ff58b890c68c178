using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;

namespace CommandCenter.Tests.Features.Live;

public sealed class DashboardTailerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    private static NewCase Case(DateTime reportedAt, bool urgent = false) => new(null, CaseSource.Grid, TestDatabase.Ref.Category,
        TestDatabase.Ref.Grid, null, "占道经营", null, null, null, "13812345678", urgent, reportedAt);

    [Fact]
    public async Task Tick_UnreadableRowInTheFeed_SkipsItAndFoldsTheRowsAfterIt()
    {
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock);
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar);
        var first = await cases.CreateAsync(Case(Now.UtcDateTime.AddMinutes(-10)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        using (var connection = db.Open())
            connection.Execute("""
                INSERT INTO case_events (case_id, event_id, type, at, actor, data, recorded_at)
                VALUES (@Id, 'bogus-1', 'teleport', @At, 'test', '{', @At), (@Id, 'bogus-2', 'register', @At, 'test', 'not json', @At)
                """, new { first.Case.Id, At = Now.UtcDateTime });

        await cases.CreateAsync(Case(Now.UtcDateTime.AddMinutes(-5)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);

        var snapshot = live.Notifier.Current!;
        Assert.Equal(2, snapshot.Today.Reported.Value);
        Assert.Equal(0, snapshot.Today.Registered.Value);
        Assert.False(snapshot.Stale);
        Assert.Equal(db.Count("case_events"), snapshot.LastEventId);
    }

    [Fact]
    public async Task Tick_NothingNew_PublishesNothing()
    {
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock);
        await new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar)
            .CreateAsync(Case(Now.UtcDateTime.AddMinutes(-10)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        var version = live.Notifier.Current!.Version;

        clock.Now = clock.Now.AddSeconds(5);
        await live.Tailer.TickAsync(CancellationToken.None);

        Assert.Equal(version, live.Notifier.Current!.Version);
    }

    [Fact]
    public async Task Tick_QuietLongerThanTheHeartbeat_PublishesTheSameFiguresCheckedNow()
    {
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock, new CommandCenter.Features.Live.LiveFeedOptions { Heartbeat = TimeSpan.FromSeconds(10) });
        await new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar)
            .CreateAsync(Case(Now.UtcDateTime.AddMinutes(-10)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        var before = live.Notifier.Current!;

        clock.Now = clock.Now.AddSeconds(11);
        await live.Tailer.TickAsync(CancellationToken.None);

        var after = live.Notifier.Current!;
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(clock.Now.UtcDateTime, after.CheckedAt);
        Assert.Equal(clock.Now.UtcDateTime, after.FreshAsOf);
        Assert.Equal(before.DataAsOf, after.DataAsOf);
        Assert.True(CommandCenter.Domain.Dashboard.SnapshotDiff.SameFigures(before, after));
    }

    [Fact]
    public async Task Tick_DeadlinePassesWithoutAnEventTheSameDay_PublishesTheOverdueCase()
    {
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock);
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar);
        var created = await cases.CreateAsync(Case(Now.UtcDateTime.AddMinutes(-10), urgent: true), "test");
        await cases.ApplyAsync(created.Case.CaseNo, new CaseStepRequest("r", new CaseCommand(CaseStep.Register, Now.UtcDateTime)), "test");
        await cases.ApplyAsync(created.Case.CaseNo, new CaseStepRequest("d",
            new CaseCommand(CaseStep.Dispatch, Now.UtcDateTime, DepartmentId: TestDatabase.Ref.Department)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        Assert.Equal(0, live.Notifier.Current!.Today.Overdue);

        // 10:00 in Shanghai + the urgent limit of 4 h: still today, so no midnight rebuild, only the clock's re-evaluation.
        clock.Now = clock.Now.AddHours(TestDatabase.Ref.UrgentTimeLimitHours).AddMinutes(1);
        await live.Tailer.TickAsync(CancellationToken.None);

        Assert.Equal(1, live.Notifier.Current!.Today.Overdue);
        Assert.Equal(1, live.Notifier.Current!.Today.UrgentOpen);
    }

    [Fact]
    public async Task Tick_RebuildReadAStepStampedAfterItsClockReading_RanksItAtTheNextTick()
    {
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock);
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar);
        // A writer whose clock reads a second later than the tailer's: the rebuild below reads its steps.
        var at = Now.UtcDateTime.AddSeconds(1);
        var created = await cases.CreateAsync(Case(at), "test");
        foreach (var (step, i) in new[]
                 {
                     new CaseCommand(CaseStep.Register, at), new CaseCommand(CaseStep.Dispatch, at, DepartmentId: TestDatabase.Ref.Department),
                     new CaseCommand(CaseStep.Resolve, at, Method: ResolutionMethod.Service), new CaseCommand(CaseStep.Verify, at, Passed: true),
                 }.Select((s, i) => (s, i)))
            await cases.ApplyAsync(created.Case.CaseNo, new CaseStepRequest($"s{i}", step), "test");

        await live.Tailer.TickAsync(CancellationToken.None);
        Assert.Equal(1, live.Notifier.Current!.Today.Closed.Value);
        Assert.Null(live.Notifier.Current!.StreetRanking.Single(s => s.Code == "S01").Grade);

        // Less than the clock interval later, with nothing new in the feed.
        clock.Now = clock.Now.AddSeconds(1.5);
        await live.Tailer.TickAsync(CancellationToken.None);

        var street = live.Notifier.Current!.StreetRanking.Single(s => s.Code == "S01");
        Assert.Equal(Grade.A, street.Grade);
        Assert.Equal(1.0, street.OnTimeClosureRate);
    }

    [Fact]
    public async Task Tick_CaseResolvedTodayThenReworked_KeepsTodaysResolvedCountInTheFoldAndTheRebuild()
    {
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock);
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar);
        var at = Now.UtcDateTime.AddMinutes(-30);
        var caseNo = (await cases.CreateAsync(Case(at), "test")).Case.CaseNo;
        await cases.ApplyAsync(caseNo, new CaseStepRequest("r", new CaseCommand(CaseStep.Register, at)), "test");
        await cases.ApplyAsync(caseNo, new CaseStepRequest("d", new CaseCommand(CaseStep.Dispatch, at, DepartmentId: TestDatabase.Ref.Department)), "test");
        await cases.ApplyAsync(caseNo, new CaseStepRequest("s", new CaseCommand(CaseStep.Resolve, at.AddMinutes(10), Method: ResolutionMethod.Service)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        Assert.Equal(1, live.Notifier.Current!.Today.Resolved.Value);

        await cases.ApplyAsync(caseNo, new CaseStepRequest("v", new CaseCommand(CaseStep.Verify, at.AddMinutes(20), Passed: false)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        var rebuilt = await new LiveTestPipeline(db.Connections, clock).Loader.RebuildAsync(Now.UtcDateTime, CancellationToken.None);
        var fromSql = CommandCenter.Domain.Dashboard.DashboardProjection.Build(rebuilt.State, Now.UtcDateTime, LiveTestPipeline.Weights, rebuilt.Rankings);

        Assert.Equal(1, live.Notifier.Current!.Today.Resolved.Value);
        Assert.Equal(1, live.Notifier.Current!.Today.InProgress);
        Assert.Equal(1, fromSql.Today.Resolved.Value);
        Assert.Equal(1, fromSql.Today.InProgress);
    }
}
