using System.Text.Json;
using CommandCenter.Apis;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Features.Schedule;
using CommandCenter.Security;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Data;

/// <summary>
/// The differential harness (issue 16): with <c>COMMANDCENTER_SQLSERVER</c> set, the same seeded city is written to SQLite and
/// to a fresh SQL Server database and every figure is read back from both (fold = SQL through the live rebuild, indicators,
/// road responsibility, bulk import); and the behaviours only SQL Server has are tried on it: a transaction held open
/// under READ_COMMITTED_SNAPSHOT on and off (the feed waits, never skips), import and API on the same ids at once, two
/// migrators at once, maximum-length input, ids that differ only in case, campaign saves that would overlap at once. Skipped with the reason elsewhere
/// (docs/deploy.md says how to run it against a test server).
/// </summary>
public class SqlServerDifferentialTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 6, 30, 0, DateTimeKind.Utc);
    private static readonly BusinessCalendar Calendar = BusinessCalendar.For("Asia/Shanghai");
    private static readonly DemoOptions City = new() { HistoryDays = 40, CasesPerDay = 30, SatisfactionMonths = 3, Seed = 20261201 };

    [SqlServerFact]
    public async Task SameSeed_EveryFigure_IsTheSameOnBothEngines()
    {
        await using var both = await BothEngines.SeededAsync();
        var (onSqlite, onSqlServer) = (both.OnSqlite, both.OnSqlServer);

        var month = Calendar.ToUtc(Calendar.ThisMonth(Now));
        var lastMonth = Calendar.ToUtc(Calendar.ThisMonth(Now).Previous());
        var threeDays = new UtcRange(Now.AddDays(-3), Now);
        foreach (var range in new[] { month, lastMonth, threeDays })
        foreach (var grouping in Enum.GetValues<IndicatorGrouping>())
            Assert.Equal(await onSqlite.IndicatorsAsync(range, grouping), await onSqlServer.IndicatorsAsync(range, grouping));

        Assert.Equal(await onSqlite.RoadsAsync(), await onSqlServer.RoadsAsync());

        var (sqliteSnapshot, sqlServerSnapshot) = (await onSqlite.RebuildAsync(), await onSqlServer.RebuildAsync());
        Assert.Null(SnapshotDiff.FirstDifference(sqliteSnapshot, sqlServerSnapshot, tolerance: 1e-6));
    }

    [SqlServerFact]
    public async Task SameBatch_BulkImport_WritesTheSameCasesOnBothEngines()
    {
        await using var both = await BothEngines.SeededAsync();
        var (onSqlite, onSqlServer) = (both.OnSqlite, both.OnSqlServer);
        var batch = await onSqlite.BatchAsync("diff", 300);

        var sqliteResult = await onSqlite.Import.ImportAsync(batch, "test");
        var sqlServerResult = await onSqlServer.Import.ImportAsync(batch, "test");

        Assert.Equal(Json(sqliteResult), Json(sqlServerResult));
        Assert.Equal(await onSqlite.CasesAsync("diff-%"), await onSqlServer.CasesAsync("diff-%"));
    }

    [SqlServerFact]
    public Task HeldOpenTransaction_ReadCommittedLocking_FeedWaitsAndSkipsNothing() => HeldOpenTransactionAsync(readCommittedSnapshot: false);

    [SqlServerFact]
    public Task HeldOpenTransaction_ReadCommittedSnapshot_FeedWaitsAndSkipsNothing() => HeldOpenTransactionAsync(readCommittedSnapshot: true);

    private static async Task HeldOpenTransactionAsync(bool readCommittedSnapshot)
    {
        await using var db = SqlServerTestDatabase.CreateMigrated();
        await db.SetReadCommittedSnapshotAsync(readCommittedSnapshot);
        var engine = await Engine.SeededAsync(db.Connections);
        var rebuilt = await engine.Loader.RebuildAsync(Now, CancellationToken.None);
        var first = await engine.CreateAsync("held-first");

        // An import batch in flight: an event inserted, not committed.
        await using var held = new SqlConnection(db.Connections.ConnectionString);
        await held.OpenAsync();
        await using var tx = held.BeginTransaction();
        await held.ExecuteAsync("""
            INSERT INTO case_events (case_id, event_id, type, at, actor, data, recorded_at)
            VALUES (@CaseId, N'held-event', 'register', SYSUTCDATETIME(), N'test', NULL, SYSUTCDATETIME())
            """, new { CaseId = first.Id }, tx);
        // A case committed meanwhile: its event's rowversion is above the held one's.
        var later = await engine.CreateAsync("held-later");

        await using var feed = await db.Connections.OpenFeedAsync();
        var bound = await engine.Loader.ReadBoundAsync(feed, CancellationToken.None);
        var whileHeld = await engine.Loader.ReadEventsAsync(feed, rebuilt.Position.Events, bound, CancellationToken.None);
        Assert.DoesNotContain(whileHeld.Events, e => e.CaseId == later.Id);

        tx.Commit();
        bound = await engine.Loader.ReadBoundAsync(feed, CancellationToken.None);
        var afterCommit = await engine.Loader.ReadEventsAsync(feed, whileHeld.Position, bound, CancellationToken.None);
        Assert.Contains(afterCommit.Events, e => e.CaseId == later.Id);
        Assert.Contains(afterCommit.Events, e => e.CaseId == first.Id && e.Step == CaseStep.Register);
    }

    [SqlServerFact]
    public async Task ImportAndApi_SameIdsAtOnce_EveryIdWrittenOnceAndNothingFails()
    {
        await using var db = SqlServerTestDatabase.CreateMigrated();
        var engine = await Engine.SeededAsync(db.Connections);
        var batch = await engine.BatchAsync("race", 400);

        var import = engine.Import.ImportAsync(batch, "import");
        var api = Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 399 - worker; i >= 0; i -= 8)
                await engine.Cases.CreateAsync(batch[i].Case, "api");
        })));
        await Task.WhenAll(import, api);

        var result = await import;
        Assert.Empty(result.Failed);
        Assert.Equal(400, result.Created + result.Skipped);
        Assert.Equal(400, (await engine.CasesAsync("race-%")).Count);
    }

    [SqlServerFact]
    public async Task TwoMigrators_AtOnce_BothSucceedAndEveryScriptRunsOnce()
    {
        await using var db = SqlServerTestDatabase.CreateEmpty();
        var migrators = Enumerable.Range(0, 2).Select(_ => new DatabaseMigrator(db.Options, NullLogger<DatabaseMigrator>.Instance)).ToList();

        await Task.WhenAll(migrators.Select(m => Task.Run(m.Migrate)));

        await using var connection = new SqlConnection(db.Connections.ConnectionString);
        Assert.Equal(DatabaseMigrator.Scripts(DatabaseProvider.SqlServer).Count,
            await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SchemaVersions"));
    }

    [SqlServerFact]
    public async Task MaximumLengthInput_IsStoredWhole()
    {
        await using var db = SqlServerTestDatabase.CreateMigrated();
        var engine = await Engine.SeededAsync(db.Connections);
        var externalId = new string('外', IntakeRequests.MaxIdLength);

        var created = await engine.CreateAsync(externalId, description: new string('述', IntakeRequests.MaxDescriptionLength),
            address: new string('址', IntakeRequests.MaxAddressLength), phone: new string('1', IntakeRequests.MaxPhoneLength));
        var step = await engine.Cases.ApplyAsync(created.CaseNo, new CaseStepRequest(new string('事', IntakeRequests.MaxIdLength),
            new CaseCommand(CaseStep.Register, Now.AddMinutes(1))), new string('人', IntakeRequests.MaxIdLength));

        Assert.Equal(StepOutcome.Applied, step.Outcome);
        Assert.Equal(externalId, created.ExternalId);
        Assert.Equal(IntakeRequests.MaxAddressLength, created.Address?.Length);
    }

    [SqlServerFact]
    public async Task IdsDifferingOnlyInCase_AreDifferentIds_AsOnSqlite()
    {
        await using var db = SqlServerTestDatabase.CreateMigrated();
        var engine = await Engine.SeededAsync(db.Connections);

        var upper = await engine.CreateAsync("AbC1");
        var lower = await engine.CreateAsync("abc1");
        var first = await engine.Cases.ApplyAsync(upper.CaseNo, new CaseStepRequest("EV-1", new CaseCommand(CaseStep.Register, Now.AddMinutes(1))), "test");
        var second = await engine.Cases.ApplyAsync(lower.CaseNo, new CaseStepRequest("ev-1", new CaseCommand(CaseStep.Register, Now.AddMinutes(1))), "test");

        Assert.NotEqual(upper.Id, lower.Id);
        Assert.Equal(StepOutcome.Applied, first.Outcome);
        Assert.Equal(StepOutcome.Applied, second.Outcome);
    }

    /// <summary>
    /// Issue 16 item 9: two schedulers saving campaigns that would overlap each other, at the same moment. The overlap check
    /// locks what it read (UPDLOCK, HOLDLOCK), so the second save sees the first; a save chosen as a deadlock victim is
    /// refused with a retryable error (503) and writes nothing. Either way, never two overlapping campaigns.
    /// </summary>
    [SqlServerFact]
    public async Task CampaignSaves_OverlappingEachOtherAtOnce_AtMostOneIsSaved()
    {
        await using var db = SqlServerTestDatabase.CreateMigrated();
        var engine = await Engine.SeededAsync(db.Connections);
        await using var connection = new SqlConnection(db.Connections.ConnectionString);
        var (firstId, leaderId, roadId) = await connection.QueryFirstAsync<(long, long, long)>(
            "SELECT TOP (1) id, leader_id, road_id FROM road_assignments ORDER BY id");
        // The same road to another leader, in a campaign years later: nothing overlaps yet.
        var secondId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO road_assignments (leader_id, road_id, campaign_from, campaign_to)
            OUTPUT INSERTED.id
            SELECT TOP (1) id, @RoadId, '2040-01-01', '2040-12-31' FROM leaders WHERE id <> @LeaderId ORDER BY id
            """, new { LeaderId = leaderId, RoadId = roadId });
        var store = new CampaignSettingsStore(db.Connections, engine.Reference, new AuditLog(db.Connections, TimeProvider.System));

        async Task<bool> SavedAsync(long assignmentId, int year)
        {
            try
            {
                var result = await store.SetCampaignAsync(CommandCenter.Tests.Features.Schedule.ScheduleTestUsers.Scheduler(), assignmentId,
                    new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
                return result.Outcome == ScheduleSaveOutcome.Saved;
            }
            catch (System.Data.Common.DbException ex) when (DbErrors.IsRetryable(ex))
            {
                return false;
            }
        }

        for (var year = 2030; year < 2040; year++)
        {
            var saved = await Task.WhenAll(Task.Run(() => SavedAsync(firstId, year)), Task.Run(() => SavedAsync(secondId, year)));
            Assert.True(saved.Count(s => s) <= 1, $"both saved {year}");
        }
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM road_assignments a JOIN road_assignments o ON o.id > a.id
              AND (o.leader_id = a.leader_id OR o.road_id = a.road_id) AND o.campaign_from <= a.campaign_to AND o.campaign_to >= a.campaign_from
            """));
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>A migrated SQLite database and a migrated SQL Server database, both seeded with the same city.</summary>
    private sealed class BothEngines : IAsyncDisposable
    {
        private readonly TestDatabase _sqlite = TestDatabase.CreateMigrated();
        private readonly SqlServerTestDatabase _sqlServer = SqlServerTestDatabase.CreateMigrated();

        private BothEngines() { }

        public Engine OnSqlite { get; private set; } = null!;
        public Engine OnSqlServer { get; private set; } = null!;

        public static async Task<BothEngines> SeededAsync()
        {
            var both = new BothEngines();
            both.OnSqlite = await Engine.SeededAsync(both._sqlite.Connections);
            both.OnSqlServer = await Engine.SeededAsync(both._sqlServer.Connections);
            return both;
        }

        public async ValueTask DisposeAsync()
        {
            _sqlite.Dispose();
            await _sqlServer.DisposeAsync();
        }
    }

    /// <summary>The app's services on one database, as the app wires them.</summary>
    private sealed class Engine
    {
        public Engine(DbConnectionFactory connections)
        {
            Connections = connections;
            Reference = new ReferenceCatalog(connections);
            Cases = new CaseService(connections, Reference, TimeProvider.System, Calendar);
            Import = new BulkImport(connections, Reference, TimeProvider.System, Calendar);
            Indicators = new IndicatorsQuery(connections, Reference);
            Loader = new DashboardLoader(connections, Reference, Indicators, Calendar);
        }

        public DbConnectionFactory Connections { get; }
        public ReferenceCatalog Reference { get; }
        public CaseService Cases { get; }
        public BulkImport Import { get; }
        public IndicatorsQuery Indicators { get; }
        public DashboardLoader Loader { get; }

        /// <summary>The services on <paramref name="connections"/>, after seeding the city there.</summary>
        public static async Task<Engine> SeededAsync(DbConnectionFactory connections)
        {
            var engine = new Engine(connections);
            await new DemoCitySeeder(connections, engine.Reference, engine.Import, Calendar, Options.Create(City),
                NullLogger<DemoCitySeeder>.Instance).SeedAsync(Now, CancellationToken.None);
            return engine;
        }

        public async Task<CaseRow> CreateAsync(string externalId, string description = "井盖缺失", string? address = null, string? phone = null)
        {
            var refData = await Reference.GetAsync();
            var grid = refData.Regions.First(r => r.Level == "grid");
            return (await Cases.CreateAsync(new NewCase(externalId, CaseSource.Hotline, refData.Categories[0].Id, grid.Id, null, description,
                address, null, null, phone, false, Now), "test")).Case;
        }

        /// <summary>A batch of new cases, each reported and registered, the same on every engine.</summary>
        public async Task<IReadOnlyList<CaseImport>> BatchAsync(string prefix, int count)
        {
            var refData = await Reference.GetAsync();
            var grids = refData.Regions.Where(r => r.Level == "grid").OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
            var cases = Enumerable.Range(0, count).Select(i => new CaseImport(
                new NewCase($"{prefix}-{i}", CaseSource.Hotline, refData.Categories[i % refData.Categories.Count].Id, grids[i % grids.Count].Id,
                    null, $"案件 {i}", null, null, null, null, i % 7 == 0, Now.AddMinutes(-i)),
                [new CaseStepRequest($"{prefix}-{i}-register", new CaseCommand(CaseStep.Register, Now.AddMinutes(-i).AddSeconds(30)))])).ToList();
            return cases;
        }

        public async Task<List<string>> IndicatorsAsync(UtcRange range, IndicatorGrouping grouping) =>
            (await Indicators.GetAsync(range, range.ToUtc < Now ? range.ToUtc : Now, grouping))
            .OrderBy(g => g.Code, StringComparer.Ordinal)
            .Select(g => Json(g with { Counts = g.Counts with { ResolutionHours = Math.Round(g.Counts.ResolutionHours, 6) } }))
            .ToList();

        public async Task<string> RoadsAsync()
        {
            var week = Calendar.ThisWeek(Now);
            return Json(await new RoadResponsibilityQuery(Connections, Calendar, new FixedClock(Now)).GetAsync(Calendar.ToUtc(week), Now,
                Calendar.LocalDate(Now)));
        }

        public async Task<DashboardSnapshot> RebuildAsync()
        {
            var rebuilt = await Loader.RebuildAsync(Now, CancellationToken.None);
            return DashboardProjection.Build(rebuilt.State, Now, new CompositeWeights(), rebuilt.Rankings);
        }

        /// <summary>The cases whose externalId matches, with their numbers and states, in externalId order.</summary>
        public async Task<List<string>> CasesAsync(string externalIdLike)
        {
            await using var connection = await Connections.OpenAsync();
            return (await connection.QueryAsync<(string ExternalId, string CaseNo, string Status)>(
                    "SELECT external_id, case_no, status FROM cases WHERE external_id LIKE @Like", new { Like = externalIdLike }))
                .OrderBy(c => c.ExternalId, StringComparer.Ordinal)
                .Select(c => $"{c.ExternalId} {c.CaseNo} {c.Status}")
                .ToList();
        }
    }

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}

/// <summary>A fresh SQL Server database on the server <c>COMMANDCENTER_SQLSERVER</c> names, dropped on dispose.</summary>
public sealed class SqlServerTestDatabase : IAsyncDisposable
{
    private SqlServerTestDatabase()
    {
        DapperSetup.Configure();
        var builder = new SqlConnectionStringBuilder(Environment.GetEnvironmentVariable(SqlServerFactAttribute.Variable))
        {
            InitialCatalog = $"commandcenter_test_{Guid.NewGuid():N}",
        };
        Options = new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = builder.ConnectionString };
        Connections = new DbConnectionFactory(Options);
    }

    public DatabaseOptions Options { get; }
    public DbConnectionFactory Connections { get; }
    private string Name => new SqlConnectionStringBuilder(Options.ConnectionString).InitialCatalog;

    /// <summary>Not created yet: the first migrator creates it.</summary>
    public static SqlServerTestDatabase CreateEmpty() => new();

    public static SqlServerTestDatabase CreateMigrated()
    {
        var db = new SqlServerTestDatabase();
        new DatabaseMigrator(db.Options, NullLogger<DatabaseMigrator>.Instance).Migrate();
        return db;
    }

    /// <summary>READ_COMMITTED_SNAPSHOT on or off (Azure SQL's default is on, an on-premises install's off).</summary>
    public async Task SetReadCommittedSnapshotAsync(bool on)
    {
        SqlConnection.ClearAllPools();
        await using var master = new SqlConnection(MasterConnectionString());
        await master.ExecuteAsync($"ALTER DATABASE [{Name}] SET READ_COMMITTED_SNAPSHOT {(on ? "ON" : "OFF")} WITH ROLLBACK IMMEDIATE");
    }

    private string MasterConnectionString() => new SqlConnectionStringBuilder(Options.ConnectionString) { InitialCatalog = "master" }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        Connections.Dispose();
        SqlConnection.ClearAllPools();
        await using var master = new SqlConnection(MasterConnectionString());
        await master.ExecuteAsync($"IF DB_ID('{Name}') IS NOT NULL DROP DATABASE [{Name}]");
    }
}
