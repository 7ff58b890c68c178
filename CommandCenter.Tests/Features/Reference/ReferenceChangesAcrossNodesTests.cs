using CommandCenter.Domain;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using CommandCenter.Tests.Features.Admin;
using CommandCenter.Tests.Features.Live;
using CommandCenter.Tests.Security;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Features.Reference;

/// <summary>
/// An edit of the reference data on one node reaches every other node at its next read of the change feed: database
/// triggers record it (any writer), the feed reloads the node's <see cref="ReferenceCatalog"/>, and the live pipeline rebuilds
/// with the new data. Each node caches until then; the polls are driven by the tests.
/// </summary>
public sealed class ReferenceChangesAcrossNodesTests
{
    public static readonly TheoryData<string> ReferenceTables =
        ["regions", "departments", "categories", "roads", "leaders", "road_assignments", "work_calendar"];

    [Fact]
    public async Task AdminEdit_OnNodeA_ReachesNodeBsCatalogAtItsNextPoll()
    {
        using var db = TestDatabase.CreateWithReference();
        using var nodeA = new SecurityNode(db.Connections);
        using var nodeB = new SecurityNode(db.Connections);
        var commandsA = new ReferenceAdminCommands(db.Connections, nodeA.Changes, new RecordingAuditSink(),
            NullLogger<ReferenceAdminCommands>.Instance);
        Assert.Null((await nodeA.Reference.GetAsync()).Department("sanitation"));
        Assert.Null((await nodeB.Reference.GetAsync()).Department("sanitation"));

        Assert.True((await commandsA.SaveDepartmentAsync(new DepartmentForm { Code = "sanitation", Name = "环卫" })).Succeeded);

        Assert.NotNull((await nodeA.Reference.GetAsync()).Department("sanitation"));
        Assert.Null((await nodeB.Reference.GetAsync()).Department("sanitation"));
        await nodeB.Changes.ApplyNewAsync();
        Assert.NotNull((await nodeB.Reference.GetAsync()).Department("sanitation"));
    }

    [Theory]
    [MemberData(nameof(ReferenceTables))]
    public async Task PlainSqlInsertUpdateDelete_OfAReferenceTable_ReloadsTheCatalogAtTheNextPoll(string table)
    {
        using var db = TestDatabase.CreateWithReference();
        using (var connection = db.Open())
            connection.Execute("""
                INSERT INTO leaders (id, code, name, title, is_main, required_patrols_per_week) VALUES (1, 'L01', '张三', '局长', 1, 2);
                INSERT INTO road_assignments (id, leader_id, road_id, campaign_from, campaign_to) VALUES (1, 1, 1, '2026-11-01', '2026-12-31');
                """);
        using var node = new SecurityNode(db.Connections);
        await node.Changes.ApplyNewAsync();
        // Rows no one refers to, so each table can take an insert and a delete.
        var (insert, update, delete) = table switch
        {
            "regions" => ("INSERT INTO regions (id, code, name, level, parent_id) VALUES (99, 'S99', '新街道', 'street', 1)",
                "UPDATE regions SET name = '新名' WHERE id = 99", "DELETE FROM regions WHERE id = 99"),
            "departments" => ("INSERT INTO departments (id, code, name) VALUES (99, 'd99', '新部门')",
                "UPDATE departments SET name = '新名' WHERE id = 99", "DELETE FROM departments WHERE id = 99"),
            "categories" => ("INSERT INTO categories (id, code, name, kind, time_limit_hours, urgent_time_limit_hours) VALUES (99, 'c99', '新类别', 'event', 8, 2)",
                "UPDATE categories SET time_limit_hours = 12 WHERE id = 99", "DELETE FROM categories WHERE id = 99"),
            "roads" => ("INSERT INTO roads (id, code, name, street_id) VALUES (99, 'R99', '新路', 2)",
                "UPDATE roads SET name = '新名' WHERE id = 99", "DELETE FROM roads WHERE id = 99"),
            "leaders" => ("INSERT INTO leaders (id, code, name, title, is_main, required_patrols_per_week) VALUES (99, 'L99', '李四', '副局长', 0, 1)",
                "UPDATE leaders SET required_patrols_per_week = 3 WHERE id = 99", "DELETE FROM leaders WHERE id = 99"),
            "work_calendar" => ("INSERT INTO work_calendar (day, name, is_off_day) VALUES ('2027-01-01', '元旦', 1)",
                "UPDATE work_calendar SET name = '新年' WHERE day = '2027-01-01'", "DELETE FROM work_calendar WHERE day = '2027-01-01'"),
            _ => ("INSERT INTO road_assignments (id, leader_id, road_id, campaign_from, campaign_to) VALUES (99, 1, 1, '2027-01-01', '2027-02-28')",
                "UPDATE road_assignments SET campaign_to = '2027-03-31' WHERE id = 99", "DELETE FROM road_assignments WHERE id = 99"),
        };

        foreach (var sql in new[] { insert, update, delete })
        {
            var before = await node.Reference.GetAsync();
            using (var connection = db.Open())
                connection.Execute(sql);
            Assert.Same(before, await node.Reference.GetAsync());

            await node.Changes.ApplyNewAsync();

            Assert.NotSame(before, await node.Reference.GetAsync());
        }
    }

    [Fact]
    public async Task CategoryRenamed_OnNodeA_NodeBsLiveSnapshotShowsTheNewNameAfterItsPoll()
    {
        var now = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(now);
        var liveB = new LiveTestPipeline(db.Connections, clock);
        var settings = Options.Create(new SecurityOptions());
        using var cacheB = new MemoryCache(new MemoryCacheOptions());
        using var feedB = new SecurityChangeFeed(db.Connections,
            new CredentialCheckCache(cacheB, settings, NullLogger<CredentialCheckCache>.Instance), liveB.Reference, TimeProvider.System,
            settings, NullLogger<SecurityChangeFeed>.Instance);
        using var nodeA = new SecurityNode(db.Connections);
        var commandsA = new ReferenceAdminCommands(db.Connections, nodeA.Changes, new RecordingAuditSink(),
            NullLogger<ReferenceAdminCommands>.Instance);
        await new CaseService(db.Connections, nodeA.Reference, clock, liveB.Calendar).CreateAsync(new NewCase(null,
            CaseSource.Grid, TestDatabase.Ref.Category, TestDatabase.Ref.Grid, null, "井盖缺失", null, null, null, null, false,
            now.UtcDateTime.AddMinutes(-10)), "test");
        await feedB.ApplyNewAsync();
        await liveB.Tailer.TickAsync(CancellationToken.None);
        Assert.Equal("井盖", Assert.Single(liveB.Notifier.Current!.TopCategories).Name);

        var renamed = await commandsA.SaveCategoryAsync(new CategoryForm
        {
            Id = TestDatabase.Ref.Category, Code = "manhole", Name = "窨井盖", Kind = CategoryKind.Component,
            TimeLimitHours = TestDatabase.Ref.TimeLimitHours, UrgentTimeLimitHours = TestDatabase.Ref.UrgentTimeLimitHours,
            DepartmentId = TestDatabase.Ref.Department,
        });
        Assert.True(renamed.Succeeded);
        await liveB.Tailer.TickAsync(CancellationToken.None);
        Assert.Equal("井盖", Assert.Single(liveB.Notifier.Current!.TopCategories).Name);

        await feedB.ApplyNewAsync();
        await liveB.Tailer.TickAsync(CancellationToken.None);

        Assert.Equal("窨井盖", Assert.Single(liveB.Notifier.Current!.TopCategories).Name);
    }
}
