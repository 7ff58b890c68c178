using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Map;
using CommandCenter.Testing;
using CommandCenter.Tests.Features.Live;
using CommandCenter.Tests.Features.Wall;
using CommandCenter.Tests.Security;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// <see cref="MapFeed"/> reads by difference (SQLite): after the first picture, a snapshot reads only the cases its change-feed
/// events touched, stages every kept case again at the new time, and reads the open cases whole every
/// <see cref="MapFeed.FullReadEvery"/>. Each picture equals a whole read of the open cases at the same time (<see cref="MapCaseQuery.OpenAsync"/>),
/// except for a row changed without an event, which the next whole read brings in.
/// </summary>
public sealed class MapFeedTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 12, 3, 2, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = TestDatabase.CreateWithReference();
    private readonly ManualClock _clock = new(new DateTimeOffset(Start));
    private readonly SecurityNode _node;
    private readonly GeoCatalog _geometry;
    private readonly MapCaseQuery _query;
    private readonly MapFeed _feed;
    private long _version;

    public MapFeedTests()
    {
        _node = new SecurityNode(_db.Connections);
        _geometry = new GeoCatalog(_node.Reference, new GeoStore(_db.Connections, _node.Changes, TimeProvider.System));
        _query = new MapCaseQuery(_db.Connections, BusinessCalendar.For("Asia/Shanghai"));
        _feed = new MapFeed(_query, _geometry, _clock, NullLogger<MapFeed>.Instance);
    }

    public void Dispose()
    {
        _node.Dispose();
        _db.Dispose();
    }

    private static StoredCase Case(string no, DateTime reportedAt) =>
        new(no, "supervisor", TestDatabase.Ref.Category, TestDatabase.Ref.Grid, TestDatabase.Ref.Street, reportedAt);

    /// <summary>A snapshot as the tailer publishes it after folding every event written so far.</summary>
    private DashboardSnapshot Snapshot()
    {
        using var connection = _db.Open();
        var position = connection.ExecuteScalar<long?>("SELECT MAX(id) FROM case_events") ?? 0;
        return DashboardNotifierTests.Empty(position) with { Version = ++_version };
    }

    private long Id(string caseNo)
    {
        using var connection = _db.Open();
        return connection.ExecuteScalar<long>("SELECT id FROM cases WHERE case_no = @CaseNo", new { CaseNo = caseNo });
    }

    /// <summary>A step as the write path records it: the case's row and its event, together.</summary>
    private void Step(string caseNo, string type, string setSql, object? values = null)
    {
        using var connection = _db.Open();
        using var tx = connection.BeginTransaction();
        var id = connection.ExecuteScalar<long>("SELECT id FROM cases WHERE case_no = @CaseNo", new { CaseNo = caseNo }, tx);
        if (setSql.Length > 0)
        {
            var parameters = new DynamicParameters(values);
            parameters.Add("Id", id);
            connection.Execute($"UPDATE cases SET {setSql} WHERE id = @Id", parameters, tx);
        }
        connection.Execute("""
            INSERT INTO case_events (case_id, event_id, type, at, actor, data, recorded_at)
            VALUES (@Id, @EventId, @Type, @At, 'test', NULL, @At)
            """, new { Id = id, EventId = Guid.NewGuid().ToString("N"), Type = type, At = DapperSetup.Normalize(_clock.Now.UtcDateTime) }, tx);
        tx.Commit();
    }

    private void Report(StoredCase c)
    {
        using (var connection = _db.Open()) TestCity.WriteCases(connection, [c]);
        Step(c.CaseNo, "report", "");
    }

    /// <summary>What the map shows of each case, comparable between a picture and a whole read.</summary>
    private static IEnumerable<string> Shown(IEnumerable<MapCase> cases) =>
        cases.OrderBy(c => c.Id).Select(c => $"{c.CaseNo} {c.Status} {c.Stage} {c.Point?.Lat} {c.Point?.Lng} {c.Located}");

    private async Task<IEnumerable<string>> WholeReadAsync() =>
        Shown(await _query.OpenAsync(await _geometry.GetAsync(), _clock.Now.UtcDateTime));

    [Fact]
    public async Task Picture_AfterEvents_TakesInWhatTheyChanged_AndEqualsAWholeRead()
    {
        Report(Case("20261203-00001", Start.AddHours(-3)));
        Report(Case("20261203-00002", Start.AddHours(-2)));
        Report(Case("20261203-00003", Start.AddHours(-1)));
        var first = await _feed.PictureAsync(Snapshot());
        Assert.Equal(3, first.Cases.Count);

        _clock.Now = _clock.Now.AddMinutes(1);
        Report(Case("20261203-00004", Start));                                                             // new
        Step("20261203-00001", "close", "status = 'closed', closed_at = @At", new { At = DapperSetup.Normalize(Start) });   // gone
        Step("20261203-00002", "dispatch", "status = 'dispatched', dispatched_at = @At, deadline_at = @Deadline",
            new { At = DapperSetup.Normalize(Start), Deadline = DapperSetup.Normalize(Start.AddHours(2)) });   // moves on
        Step("20261203-00003", "void", "status = 'void', voided_at = @At", new { At = DapperSetup.Normalize(Start) });     // void: gone
        var second = await _feed.PictureAsync(Snapshot());

        Assert.Equal(["20261203-00002", "20261203-00004"], second.Cases.Select(c => c.CaseNo).Order());
        Assert.Equal(MapStage.InProgress, second.ById[Id("20261203-00002")].Stage);
        Assert.Equal(await WholeReadAsync(), Shown(second.Cases));
    }

    [Fact]
    public async Task Picture_WithoutEvents_StagesTheKeptCasesAgainAtTheNewTime()
    {
        Report(Case("20261203-00001", Start.AddHours(-3)));
        Step("20261203-00001", "dispatch", "status = 'dispatched', dispatched_at = @At, deadline_at = @Deadline",
            new { At = DapperSetup.Normalize(Start.AddHours(-3)), Deadline = DapperSetup.Normalize(Start.AddMinutes(30)) });
        var before = await _feed.PictureAsync(Snapshot());
        Assert.Equal(MapStage.InProgress, before.Cases.Single().Stage);

        // The deadline passes: no event, the same feed position, a later snapshot (a heartbeat's re-projection).
        _clock.Now = _clock.Now.AddHours(1);
        var after = await _feed.PictureAsync(Snapshot());

        Assert.Equal(MapStage.Overdue, after.Cases.Single().Stage);
        Assert.Equal([after.Cases.Single()], after.Overdue);
        Assert.Equal(await WholeReadAsync(), Shown(after.Cases));
    }

    [Fact]
    public async Task RowChangedWithoutAnEvent_IsDrawnRightByTheNextWholeRead()
    {
        Report(Case("20261203-00001", Start.AddHours(-1)));
        await _feed.PictureAsync(Snapshot());
        using (var connection = _db.Open())
            connection.Execute("UPDATE cases SET lat = 31.23, lng = 121.47 WHERE case_no = '20261203-00001'");   // a repair by hand

        _clock.Now = _clock.Now.AddMinutes(1);
        var byDifference = await _feed.PictureAsync(Snapshot());
        Assert.Null(byDifference.Cases.Single().Point);

        _clock.Now = _clock.Now.Add(MapFeed.FullReadEvery);
        var whole = await _feed.PictureAsync(Snapshot());
        Assert.Equal(new GeoPoint(31.23, 121.47), whole.Cases.Single().Point);
        Assert.Equal(await WholeReadAsync(), Shown(whole.Cases));
    }

    [Fact]
    public async Task ManyRandomSteps_EveryPictureEqualsAWholeRead()
    {
        var random = new Random(19);
        var open = new List<string>();
        for (var round = 0; round < 12; round++)
        {
            _clock.Now = _clock.Now.AddMinutes(random.Next(1, 40));
            for (var i = 0; i < 6; i++)
            {
                var at = DapperSetup.Normalize(_clock.Now.UtcDateTime);
                switch (random.Next(5))
                {
                    case 0 or 1:
                        var no = $"20261203-{round:D2}{i:D3}";
                        Report(Case(no, _clock.Now.UtcDateTime.AddMinutes(-random.Next(0, 600))));
                        open.Add(no);
                        break;
                    case 2 when open.Count > 0:
                        Step(open[random.Next(open.Count)], "dispatch", "status = 'dispatched', dispatched_at = @At, deadline_at = @Deadline",
                            new { At = at, Deadline = DapperSetup.Normalize(_clock.Now.UtcDateTime.AddMinutes(random.Next(10, 120))) });
                        break;
                    case 3 when open.Count > 0:
                        var closed = open[random.Next(open.Count)];
                        Step(closed, "close", "status = 'closed', closed_at = @At", new { At = at });
                        open.Remove(closed);
                        break;
                    case 4 when open.Count > 0:
                        Step(open[random.Next(open.Count)], "move", "lat = @Lat, lng = @Lng",
                            new { Lat = 31 + random.NextDouble(), Lng = 121 + random.NextDouble() });
                        break;
                }
            }
            var picture = await _feed.PictureAsync(Snapshot());
            Assert.Equal(await WholeReadAsync(), Shown(picture.Cases));
        }
    }
}
