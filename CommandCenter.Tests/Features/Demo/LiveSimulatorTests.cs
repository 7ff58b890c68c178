using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Features.Demo;

/// <summary>
/// The demo district seeded with 8 weeks of history up to Monday 00:00 (local), then one Monday run by the live simulator on
/// a fake clock, a tick every 5 minutes, through the real write path (CaseService, PatrolWriter) into the same database.
/// </summary>
public sealed class SimulatedDayFixture : IAsyncLifetime
{
    /// <summary>Monday 2026-11-23 00:00 in Asia/Shanghai.</summary>
    public static readonly DateTime SeededAt = new(2026, 11, 22, 16, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime DayEnd = SeededAt.AddDays(1);
    public static readonly DemoOptions Demo = new() { HistoryDays = 56, CasesPerDay = 90, SatisfactionMonths = 1 };

    public TestDatabase Db { get; } = TestDatabase.CreateMigrated();
    public BusinessCalendar Calendar { get; } = BusinessCalendar.For("Asia/Shanghai");
    public FixedClock Clock { get; } = new(SeededAt);
    public ReferenceCatalog Reference { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Reference = new ReferenceCatalog(Db.Connections);
        var seeder = new DemoCitySeeder(Db.Connections, Reference, new BulkImport(Db.Connections, Reference, Clock, Calendar), Calendar,
            Options.Create(Demo), NullLogger<DemoCitySeeder>.Instance);
        await seeder.SeedAsync(SeededAt, CancellationToken.None);
        var simulator = NewSimulator();
        for (var t = SeededAt.AddMinutes(5); t <= DayEnd; t = t.AddMinutes(5))
        {
            Clock.Now = t;
            await simulator.TickAsync(CancellationToken.None);
        }
    }

    public LiveSimulator NewSimulator(double speed = 1) => new(Db.Connections, Reference,
        new CaseService(Db.Connections, Reference, Clock, Calendar), new PatrolWriter(Db.Connections, Calendar, Clock), Calendar, Clock,
        Options.Create(new SimulatorOptions { Enabled = true, Speed = speed }), Options.Create(Demo), NullLogger<LiveSimulator>.Instance);

    /// <summary>The cases the simulator reported (their report event is the simulator's).</summary>
    public List<CaseRow> SimulatedCases()
    {
        using var connection = Db.Open();
        return connection.Query<CaseRow>($"""
            SELECT {CaseRow.Columns} FROM cases
            WHERE id IN (SELECT case_id FROM case_events WHERE type = 'report' AND actor = 'simulator')
            """).ToList();
    }

    public Task DisposeAsync()
    {
        Db.Dispose();
        return Task.CompletedTask;
    }
}

public class LiveSimulatorTests(SimulatedDayFixture day) : IClassFixture<SimulatedDayFixture>
{
    private static readonly DateTime SeededAt = SimulatedDayFixture.SeededAt;

    /// <summary>
    /// Reports per local hour of the simulated Monday against the seeded history's Mondays (8 of them). Stated tolerance: the
    /// day's total within 20 % of the history's mean Monday; each hour within a Poisson band of the history's mean for that
    /// hour (3 standard deviations, √mean, plus 1 for the history's own noise), and the six busiest hours of the history
    /// (08:00–17:00) each busier than every hour of the night (00:00–05:00) of the simulated day.
    /// </summary>
    [Fact]
    public void SimulatedDay_FollowsTheHistorysHourlyProfileAndDailyVolume()
    {
        using var connection = day.Db.Open();
        var history = connection.Query<DateTime>("SELECT reported_at FROM cases WHERE reported_at >= @From AND reported_at < @To",
                new { From = SeededAt.AddDays(-56), To = SeededAt })
            .Select(t => day.Calendar.ToLocal(t))
            .Where(t => t.DayOfWeek == DayOfWeek.Monday)
            .ToList();
        var mondays = history.Select(t => t.Date).Distinct().Count();
        Assert.Equal(8, mondays);
        var historyHour = Enumerable.Range(0, 24).Select(h => history.Count(t => t.Hour == h) / (double)mondays).ToArray();

        var simulated = day.SimulatedCases().Select(c => day.Calendar.ToLocal(c.ReportedAt)).ToList();
        Assert.All(simulated, t => Assert.Equal(new DateTime(2026, 11, 23), t.Date));
        var simulatedHour = Enumerable.Range(0, 24).Select(h => simulated.Count(t => t.Hour == h)).ToArray();

        var historyDay = historyHour.Sum();
        Assert.InRange(simulated.Count, historyDay * 0.8, historyDay * 1.2);
        for (var h = 0; h < 24; h++)
            Assert.True(Math.Abs(simulatedHour[h] - historyHour[h]) <= 3 * Math.Sqrt(historyHour[h]) + 1,
                $"hour {h}: simulated {simulatedHour[h]}, history {historyHour[h]:0.0} a Monday");
        var busiest = Enumerable.Range(0, 24).OrderByDescending(h => historyHour[h]).Take(6).ToList();
        Assert.All(busiest, h => Assert.InRange(h, 8, 17));
        Assert.True(busiest.Sum(h => simulatedHour[h]) > 6 * Enumerable.Range(0, 6).Max(h => simulatedHour[h]),
            $"busy hours {string.Join(',', busiest.Select(h => simulatedHour[h]))}, night {string.Join(',', simulatedHour[..6])}");
    }

    /// <summary>
    /// The simulated Monday against the rhythm itself, not against history the same planner wrote (a wrong rhythm would pass
    /// that on both sides). Stated expectation: busy mornings, quiet nights — the reports of 08:00–12:00 are more than 20 % of
    /// the day's (a flat day gives 16.7 %), those of 00:00–06:00 less than 8 % (flat: 25 %); and each hour within a Poisson band
    /// (3 standard deviations plus 1) of the day's count × <see cref="DistrictRhythm.HourShare"/>.
    /// </summary>
    [Fact]
    public void SimulatedDay_HasBusyMorningsAndQuietNights_AsTheRhythmsHourWeightsSay()
    {
        var simulated = day.SimulatedCases().Select(c => day.Calendar.ToLocal(c.ReportedAt).Hour).ToList();
        Assert.True(simulated.Count > 50, $"{simulated.Count} reports");
        double Share(int from, int to) => simulated.Count(h => h >= from && h < to) / (double)simulated.Count;

        Assert.True(Share(8, 12) > 0.20, $"08–12 h: {Share(8, 12):P1}");
        Assert.True(Share(0, 6) < 0.08, $"00–06 h: {Share(0, 6):P1}");
        for (var h = 0; h < 24; h++)
        {
            var expected = simulated.Count * DistrictRhythm.HourShare(h);
            var actual = simulated.Count(x => x == h);
            Assert.True(Math.Abs(actual - expected) <= 3 * Math.Sqrt(expected) + 1, $"hour {h}: {actual}, the rhythm's {expected:0.0}");
        }
    }

    [Fact]
    public void EveryCase_SeededOrSimulated_LiesInsideItsGrid()
    {
        using var connection = day.Db.Open();
        // The grid's shape as the database stores it (migration 0014), not the catalog's: what the map draws.
        var shapes = connection.Query<(string Code, string GeoJson)>(
            "SELECT r.code, s.geojson FROM region_shapes s JOIN regions r ON r.id = s.region_id WHERE r.level = 'grid'")
            .ToDictionary(s => s.Code, s => CommandCenter.Features.Map.GeoJson.ReadArea(s.GeoJson));
        Assert.Equal(DemoCityCatalog.Grids.Count, shapes.Count);
        var cases = connection.Query<(string Code, double? Lat, double? Lng, string Source)>(
            "SELECT r.code, c.lat, c.lng, c.source FROM cases c JOIN regions r ON r.id = c.region_id").ToList();
        Assert.True(cases.Count > 5000);
        Assert.All(cases, c =>
        {
            Assert.True(shapes.TryGetValue(c.Code, out var grid), $"no stored shape for {c.Code}");
            Assert.True(c.Lat is { } lat && c.Lng is { } lng && grid.Contains(new CommandCenter.Domain.Geo.GeoPoint(lat, lng)),
                $"{c.Source} case in {c.Code} at {c.Lat},{c.Lng}");
        });
        Assert.All(day.SimulatedCases(), c => Assert.True(c.Lat is not null && c.Lng is not null));
        Assert.NotEmpty(day.SimulatedCases());
    }

    [Fact]
    public void Leaders_PatrolTheirRoadsInWorkingHours_AndReportWhatTheyFind()
    {
        using var connection = day.Db.Open();
        var patrols = connection.Query<PatrolRow>(
            """
            SELECT id AS Id, external_id AS ExternalId, leader_id AS LeaderId, road_id AS RoadId, started_at AS StartedAt,
                   ended_at AS EndedAt, mode AS Mode, recorded_at AS RecordedAt
            FROM patrols WHERE started_at >= @From
            """,
            new { From = SeededAt }).ToList();
        Assert.NotEmpty(patrols);
        var leaderRoads = connection.Query<(long LeaderId, long RoadId)>("SELECT leader_id, road_id FROM road_assignments").ToHashSet();
        Assert.All(patrols, p =>
        {
            Assert.Contains((p.LeaderId, p.RoadId), leaderRoads);
            Assert.InRange(day.Calendar.ToLocal(p.StartedAt).Hour, 8, 16);
            Assert.InRange(day.Calendar.ToLocal(p.EndedAt).Hour, 8, 18);
        });

        var simulated = day.SimulatedCases();
        var roads = leaderRoads.Select(r => r.RoadId).ToHashSet();
        var onLeadersRoads = simulated.Where(c => c.RoadId is { } road && roads.Contains(road)).ToList();
        Assert.Contains(onLeadersRoads, c => c.Source == CaseSource.Leader);
        Assert.Contains(onLeadersRoads, c => c.Source != CaseSource.Leader);
        Assert.InRange(onLeadersRoads.Count / (double)simulated.Count, 0.05, 0.6);
        // Every problem found lies within its patrol.
        Assert.All(simulated.Where(c => c.Source == CaseSource.Leader), c =>
            Assert.Contains(patrols, p => p.RoadId == c.RoadId && p.StartedAt <= c.ReportedAt && c.ReportedAt <= p.EndedAt));
    }

    [Fact]
    public void SimulatedDay_HasLateCases_Reworks_Escalations_UrgentCases_Callbacks_AndRejections()
    {
        var simulated = day.SimulatedCases();
        var now = SimulatedDayFixture.DayEnd;
        // 处置超期: dispatched, and the deadline passed before the resolution (or before now, unresolved).
        Assert.Contains(simulated, c => Overdue.IsResolvedLate(c.DispatchedAt, c.DeadlineAt, c.ResolvedAt, c.ClosedAt, now) && c.ResolvedAt is not null);
        Assert.Contains(simulated, c => Overdue.IsOverdueAt(c.DispatchedAt, c.DeadlineAt, c.ResolvedAt, c.ClosedAt, DeadlineHold.None, now));
        Assert.Contains(simulated, c => c.IsUrgent);
        Assert.Contains(simulated, c => c.Status == CaseStatus.Closed);
        Assert.Contains(simulated, c => c.Status is CaseStatus.Dispatched or CaseStatus.Resolved);

        using var connection = day.Db.Open();
        long Steps(string type, string? data = null) => connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM case_events WHERE actor = 'simulator' AND type = @Type AND (@Data IS NULL OR data LIKE @Data)",
            new { Type = type, Data = data });
        Assert.True(Steps("verify", "%\"passed\":false%") > 0, "a failed verification (返工)");
        Assert.True(Steps("escalate") > 0, "an escalation");
        Assert.True(Steps("satisfaction") > 0, "a callback");
        Assert.True(Steps("reject") > 0, "a rejection");
        Assert.True(Steps("resolve") > 20, "resolutions of seeded and simulated cases");
    }

    [Fact]
    public void Simulator_ContinuesTheSeededPlan_WithNoBurstOfPastSteps()
    {
        using var connection = day.Db.Open();
        // Every step the simulator took happened after the seeding: the open seeded cases went on with the plan they were
        // seeded with, none was "caught up" at once.
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM case_events WHERE actor = 'simulator' AND at <= @SeededAt",
            new { SeededAt }));
        // And it moved seeded cases as well as its own.
        Assert.True(connection.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE e.actor = 'simulator' AND e.type <> 'report' AND c.reported_at < @SeededAt
            """, new { SeededAt }) > 20);
    }

    [Fact]
    public async Task ASecondSimulator_AtTheSameMoment_WritesNothing()
    {
        using var connection = day.Db.Open();
        var before = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM case_events") + connection.ExecuteScalar<long>("SELECT COUNT(*) FROM patrols");

        await day.NewSimulator().TickAsync(CancellationToken.None);

        Assert.Equal(before, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM case_events") + connection.ExecuteScalar<long>("SELECT COUNT(*) FROM patrols"));
    }

    /// <summary>Simulator:Speed runs the same district faster: 10 times the reports of a day, in the same hourly rhythm.</summary>
    [Fact]
    public async Task Speed_MultipliesTheReports_InTheSameRhythm()
    {
        var refData = await day.Reference.GetAsync();
        var district = new DemoDistrict(refData, []);
        var from = SimulatedDayFixture.DayEnd;
        var to = from.AddDays(7);
        var normal = new DistrictPlanner(district, day.Calendar, 1, 90).Reports(from, to);
        var fast = new DistrictPlanner(district, day.Calendar, 1, 90, speed: 10).Reports(from, to);

        Assert.InRange(fast.Count, normal.Count * 9.0, normal.Count * 11.0);
        int Night(IEnumerable<NewCase> cases) => cases.Count(c => day.Calendar.ToLocal(c.ReportedAt).Hour is >= 1 and < 5);
        int Morning(IEnumerable<NewCase> cases) => cases.Count(c => day.Calendar.ToLocal(c.ReportedAt).Hour is >= 8 and < 12);
        Assert.True(Morning(fast) > 10 * Night(fast), $"mornings {Morning(fast)}, nights {Night(fast)}");
    }

    /// <summary>
    /// History seeded at speed 1 up to 10:30, then the simulator at speed 10 from there: the reports of 10:00–11:00 (the
    /// district's and a patrol's problems) never reuse an id of the history's, so CaseService drops none of them.
    /// </summary>
    [Fact]
    public async Task FasterSimulator_AfterHistoryAtSpeedOne_NeverReusesAnIdOfTheBoundaryHour()
    {
        var refData = await day.Reference.GetAsync();
        var monday = new DateOnly(2026, 11, 30);
        var leaders = DemoCityCatalog.Leaders.Select(l => new LeaderRoad(refData.Leader(l.Code)!, refData.Road(l.Road)!, monday.AddDays(-7), monday.AddDays(7)));
        var district = new DemoDistrict(refData, leaders);
        var boundary = day.Calendar.ToUtc(monday.ToDateTime(new TimeOnly(10, 30)));
        var dayStart = day.Calendar.ToUtc(monday.ToDateTime(TimeOnly.MinValue));
        var history = new DistrictPlanner(district, day.Calendar, 1, 90).Reports(dayStart, boundary);
        var live = new DistrictPlanner(district, day.Calendar, 1, 90, speed: 10).Reports(boundary, dayStart.AddDays(1));

        Assert.Contains(history, c => c.ReportedAt > boundary.AddMinutes(-30));
        Assert.Contains(live, c => c.ReportedAt < boundary.AddMinutes(30));
        Assert.Equal(live.Count, live.Select(c => c.ExternalId).Distinct().Count());
        var reused = history.Select(c => c.ExternalId).Intersect(live.Select(c => c.ExternalId)).ToList();
        Assert.Empty(reused);
    }

    /// <summary>A case's next step follows from the case alone: asked twice, or by another planner with the same seed, the same.</summary>
    [Fact]
    public async Task NextStep_IsTheSameForTheSameCaseAndSeed_AndNeverBeforeTheLastStep()
    {
        var refData = await day.Reference.GetAsync();
        var planner = new DistrictPlanner(new DemoDistrict(refData, []), day.Calendar, SimulatedDayFixture.Demo.Seed, 90);
        var other = new DistrictPlanner(new DemoDistrict(refData, []), day.Calendar, SimulatedDayFixture.Demo.Seed, 90);
        using var connection = day.Db.Open();
        var open = connection.Query<CaseRow>($"SELECT {CaseRow.Columns} FROM cases WHERE status IN ('reported', 'registered', 'dispatched', 'resolved')").ToList();
        Assert.NotEmpty(open);
        Assert.All(open, c =>
        {
            var step = planner.NextStep(c);
            Assert.NotNull(step);
            Assert.Equal(step, other.NextStep(c));
            Assert.True(step.At >= c.LastStepAt);
            // Open at the end of the simulated day: its next step is still to come.
            Assert.True(step.At > SimulatedDayFixture.DayEnd, $"{c.CaseNo} {c.Status}: {step.Step} at {step.At:O}");
        });
    }
}
