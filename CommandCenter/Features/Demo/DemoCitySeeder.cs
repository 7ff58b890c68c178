using System.Globalization;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Extensions.Options;

namespace CommandCenter.Features.Demo;

/// <summary>
/// Seeds the demo city into an empty database: the reference data of <see cref="DemoCityCatalog"/>, about 14 months of cases
/// with a daily and weekly rhythm written through <see cref="BulkImport"/>, 48 months of 12345 callbacks, the leaders'
/// patrols since the campaign start, and the duty roster. The same seed and "now" always give the same data.
/// </summary>
public sealed class DemoCitySeeder(
    DbConnectionFactory connections,
    ReferenceCatalog reference,
    BulkImport cases,
    BusinessCalendar calendar,
    IOptions<DemoOptions> options,
    ILogger<DemoCitySeeder> logger)
{
    private const string Actor = "demo";
    private const int BatchSize = 2000;

    // Hour-of-day weights of reports (local time): a morning and an afternoon peak, a quiet night.
    private static readonly double[] HourWeights = [1, 0.5, 0.3, 0.3, 0.5, 1, 3, 6, 9, 10, 9, 8, 6, 6, 8, 9, 9, 8, 7, 7, 6, 4, 3, 2];

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM regions") == 0;
    }

    public async Task SeedAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var random = new Random(settings.Seed);
        await InsertReferenceDataAsync(calendar.LocalDate(nowUtc), cancellationToken);
        reference.Invalidate();
        var refData = await reference.GetAsync(cancellationToken);
        var city = new City(refData);

        var history = new List<CaseImport>();
        var patrols = new List<object>();
        GenerateDailyCases(city, random, settings, nowUtc, history);
        GenerateOldCallbacks(city, random, settings, nowUtc, history);
        GeneratePatrols(city, random, nowUtc, history, patrols);
        history.Sort((a, b) => a.Case.ReportedAt.CompareTo(b.Case.ReportedAt));

        for (var i = 0; i < history.Count; i += BatchSize)
        {
            var batch = history.GetRange(i, Math.Min(BatchSize, history.Count - i));
            var result = await cases.ImportAsync(batch, Actor, cancellationToken);
            if (result.Failed.Count > 0)
                throw new InvalidOperationException($"Demo history case refused: {result.Failed[0].Reason}");
            logger.LogInformation("Demo city: {Done} of {Total} cases written", i + batch.Count, history.Count);
        }

        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, tx) = write;
        await connection.ExecuteAsync(InsertPatrolSql, patrols, tx);
        await InsertRosterAndPlansAsync(connection, tx, city, random, calendar.LocalDate(nowUtc));
        await write.CommitAsync(cancellationToken);
        logger.LogInformation("Demo city seeded: {Cases} cases, {Patrols} patrols", history.Count, patrols.Count);
    }

    /// <summary>The campaign (March to December) that is running or last ran on <paramref name="today"/>.</summary>
    public static (DateOnly From, DateOnly To) Campaign(DateOnly today)
    {
        var year = today.Month >= 3 ? today.Year : today.Year - 1;
        return (new DateOnly(year, 3, 1), new DateOnly(year, 12, 31));
    }

    private async Task InsertReferenceDataAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, tx) = write;
        await connection.ExecuteAsync(InsertRegionSql,
            new { Code = DemoCityCatalog.DistrictCode, Name = DemoCityCatalog.DistrictName, Level = "district", ParentCode = (string?)null }, tx);
        for (var s = 0; s < DemoCityCatalog.Streets.Length; s++)
        {
            var streetCode = StreetCode(s);
            await connection.ExecuteAsync(InsertRegionSql,
                new { Code = streetCode, Name = DemoCityCatalog.Streets[s], Level = "street", ParentCode = DemoCityCatalog.DistrictCode }, tx);
            for (var c = 0; c < DemoCityCatalog.CommunitySuffixes.Length; c++)
            {
                var communityCode = $"{streetCode}{c + 1:000}";
                var communityName = DemoCityCatalog.Streets[s].Replace("街道", "", StringComparison.Ordinal) + DemoCityCatalog.CommunitySuffixes[c];
                await connection.ExecuteAsync(InsertRegionSql,
                    new { Code = communityCode, Name = communityName, Level = "community", ParentCode = streetCode }, tx);
                for (var g = 0; g < DemoCityCatalog.GridsPerCommunity; g++)
                    await connection.ExecuteAsync(InsertRegionSql,
                        new { Code = $"{communityCode}{g + 1:00}", Name = $"{communityName}第{g + 1}网格", Level = "grid", ParentCode = communityCode }, tx);
            }
        }
        await connection.ExecuteAsync(InsertDepartmentSql, DemoCityCatalog.Departments, tx);
        await connection.ExecuteAsync(InsertCategorySql, DemoCityCatalog.Categories, tx);
        await connection.ExecuteAsync(InsertRoadSql,
            DemoCityCatalog.Roads.Select(r => new { r.Code, r.Name, StreetCode = StreetCode(r.StreetIndex) }), tx);
        await connection.ExecuteAsync(InsertLeaderSql,
            DemoCityCatalog.Leaders.Select(l => new { l.Code, l.Name, l.Title, l.IsMain, Required = l.IsMain ? 3 : 1 }), tx);
        var (from, to) = Campaign(today);
        await connection.ExecuteAsync(InsertAssignmentSql,
            DemoCityCatalog.Leaders.Select(l => new { LeaderCode = l.Code, RoadCode = l.Road, From = from, To = to }), tx);
        await write.CommitAsync(cancellationToken);
    }

    private static string StreetCode(int index) => $"{DemoCityCatalog.DistrictCode}{index + 1:000}";

    private void GenerateDailyCases(City city, Random random, DemoOptions settings, DateTime nowUtc, List<CaseImport> history)
    {
        var today = calendar.LocalDate(nowUtc);
        for (var day = today.AddDays(-settings.HistoryDays); day <= today; day = day.AddDays(1))
        {
            var weekday = day.DayOfWeek switch { DayOfWeek.Saturday => 0.8, DayOfWeek.Sunday => 0.7, _ => 1.0 };
            var season = 1 + 0.25 * Math.Sin(2 * Math.PI * (day.DayOfYear - 120) / 365.0);
            var count = (int)Math.Round(settings.CasesPerDay * weekday * season * (0.85 + 0.3 * random.NextDouble()));
            for (var i = 0; i < count; i++)
            {
                var local = day.ToDateTime(new TimeOnly(Weighted(random, HourWeights), random.Next(60), random.Next(60)));
                var reportedAt = calendar.ToUtc(local);
                var source = Weighted(random, [45.0, 20, 15, 8, 7]) switch
                {
                    0 => CaseSource.Supervisor,
                    1 => CaseSource.Hotline,
                    2 => CaseSource.Grid,
                    3 => CaseSource.Sensor,
                    _ => CaseSource.App,
                };
                var grid = city.Grids[random.Next(city.Grids.Count)];
                var roads = city.RoadsByStreet[grid.StreetId];
                var road = roads.Count > 0 && random.NextDouble() < 0.3 ? roads[random.Next(roads.Count)] : null;
                var item = MakeCase(city, random, history.Count, source, grid, road, reportedAt, nowUtc, speed: 1.0);
                if (item is not null) history.Add(item);
            }
        }
    }

    /// <summary>12345 callbacks for the months before the case history, so the satisfaction streak has its 48 months.</summary>
    private void GenerateOldCallbacks(City city, Random random, DemoOptions settings, DateTime nowUtc, List<CaseImport> history)
    {
        var today = calendar.LocalDate(nowUtc);
        var historyStart = calendar.StartOfDayUtc(today.AddDays(-settings.HistoryDays));
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        for (var back = 1; back < settings.SatisfactionMonths; back++)
        {
            var month = thisMonth.AddMonths(-back);
            // The bureau's record: 45 consecutive months at 100 %; the months before it had a dissatisfied callback.
            var hasDissatisfied = back >= 45;
            for (var i = 0; i < 40; i++)
            {
                var local = month.AddDays(random.Next(25)).ToDateTime(new TimeOnly(9 + random.Next(8), random.Next(60), 0));
                var reportedAt = calendar.ToUtc(local);
                if (reportedAt >= historyStart) continue;
                var grid = city.Grids[random.Next(city.Grids.Count)];
                var rating = hasDissatisfied && i == 0 ? SatisfactionRating.Dissatisfied : (SatisfactionRating?)null;
                var item = MakeCase(city, random, history.Count, CaseSource.Hotline, grid, null, reportedAt, nowUtc, speed: 1.0, rating);
                if (item is not null) history.Add(item);
            }
        }
    }

    /// <summary>Each leader patrols the road they own during the campaign; the problems found become leader-patrol cases.</summary>
    private void GeneratePatrols(City city, Random random, DateTime nowUtc, List<CaseImport> history, List<object> patrols)
    {
        var today = calendar.LocalDate(nowUtc);
        var (from, to) = Campaign(today);
        foreach (var leader in city.Reference.Leaders)
        {
            var road = city.RoadOfLeader[leader.Id];
            var streetGrids = city.Grids.Where(g => g.StreetId == road.StreetId).ToList();
            for (var monday = Period.Week(from).Start; monday <= to && monday <= today; monday = monday.AddDays(7))
            {
                var count = leader.RequiredPatrolsPerWeek + (random.NextDouble() < 0.15 ? 1 : 0) - (random.NextDouble() < 0.08 ? 1 : 0);
                var days = Enumerable.Range(0, 6).OrderBy(_ => random.Next()).Take(Math.Max(0, count)).Order();
                foreach (var offset in days)
                {
                    var day = monday.AddDays(offset);
                    if (day < from || day > to) continue;
                    var startedAt = calendar.ToUtc(day.ToDateTime(new TimeOnly(8 + random.Next(8), random.Next(60), 0)));
                    var endedAt = startedAt.AddMinutes(40 + random.Next(80));
                    if (endedAt > nowUtc) continue;
                    var mode = Weighted(random, [45.0, 30, 25]) switch { 0 => PatrolMode.Walk, 1 => PatrolMode.Bike, _ => PatrolMode.Drive };
                    patrols.Add(new { LeaderId = leader.Id, RoadId = road.Id, StartedAt = startedAt, EndedAt = endedAt, Mode = mode.Code(), RecordedAt = endedAt });
                    var problems = Poisson(random, 2.0);
                    for (var p = 0; p < problems; p++)
                    {
                        var reportedAt = startedAt.AddMinutes(random.NextDouble() * (endedAt - startedAt).TotalMinutes);
                        var grid = streetGrids[random.Next(streetGrids.Count)];
                        var item = MakeCase(city, random, history.Count, CaseSource.Leader, grid, road, reportedAt, nowUtc, speed: 0.6);
                        if (item is not null) history.Add(item);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One case and the steps it has taken by now: register (or reject), dispatch, maybe escalate, resolve by the
    /// 721 method, verify (sometimes failed and reworked), and for 12345 and app cases the satisfaction callback.
    /// </summary>
    private static CaseImport? MakeCase(City city, Random random, int index, CaseSource source, Grid grid, RoadRow? road,
        DateTime reportedAt, DateTime nowUtc, double speed, SatisfactionRating? forcedRating = null)
    {
        if (reportedAt > nowUtc) return null;
        var category = city.Categories[Weighted(random, city.CategoryWeights)];
        var isUrgent = random.NextDouble() < 0.04;
        var catalogEntry = DemoCityCatalog.Categories.First(c => c.Code == category.Code);
        var streetName = city.Reference.RegionsById[grid.StreetId].Name;
        var newCase = new NewCase(
            ExternalId: null,
            Source: source,
            CategoryId: category.Id,
            RegionId: grid.Id,
            RoadId: road?.Id,
            Description: DemoCityCatalog.Describe(catalogEntry, random),
            Address: road is not null ? $"{road.Name}{1 + random.Next(300)}号附近" : $"{streetName}{grid.Name}",
            Lat: Math.Round(36.98 + (random.NextDouble() - 0.5) * 0.1, 6),
            Lng: Math.Round(117.17 + (random.NextDouble() - 0.5) * 0.1, 6),
            ReporterPhone: source is CaseSource.Hotline or CaseSource.App ? $"13{random.Next(100000000, 999999999)}" : null,
            IsUrgent: isUrgent,
            ReportedAt: reportedAt);

        var steps = new List<CaseStepRequest>();
        var stepNo = 0;
        bool Add(CaseCommand command)
        {
            if (command.At > nowUtc) return false;
            steps.Add(new CaseStepRequest($"demo:{index}:{stepNo++}", command));
            return true;
        }

        var t = reportedAt.AddMinutes(5 + random.Next(55));
        if (random.NextDouble() < 0.04)
        {
            Add(new CaseCommand(CaseStep.Reject, t));
            return new CaseImport(newCase, steps);
        }
        if (!Add(new CaseCommand(CaseStep.Register, t))) return new CaseImport(newCase, steps);
        var dispatchedAt = t.AddMinutes(3 + random.Next(27));
        if (!Add(new CaseCommand(CaseStep.Dispatch, dispatchedAt, DepartmentId: category.DepartmentId))) return new CaseImport(newCase, steps);

        var limit = category.TimeLimitFor(isUrgent);
        var late = random.NextDouble() < 0.09 * speed;
        var resolvedAt = dispatchedAt.AddHours(limit * (late ? 1.05 + 0.75 * random.NextDouble() : (0.1 + 0.8 * random.NextDouble()) * speed));
        if (random.NextDouble() < 0.06)
        {
            var escalatedAt = dispatchedAt + (resolvedAt - dispatchedAt) * (0.1 + 0.2 * random.NextDouble());
            if (!Add(new CaseCommand(CaseStep.Escalate, escalatedAt, Level: EscalationLevel.Community))) return new CaseImport(newCase, steps);
            if (random.NextDouble() < 0.25 &&
                !Add(new CaseCommand(CaseStep.Escalate, escalatedAt + (resolvedAt - escalatedAt) * 0.5, Level: EscalationLevel.Street)))
                return new CaseImport(newCase, steps);
        }

        var verifiedAt = resolvedAt;
        for (var attempt = 0; ; attempt++)
        {
            var method = Weighted(random, [70.0, 20, 10]) switch
            {
                0 => ResolutionMethod.Service,
                1 => ResolutionMethod.Management,
                _ => ResolutionMethod.Enforcement,
            };
            if (!Add(new CaseCommand(CaseStep.Resolve, resolvedAt, Method: method))) return new CaseImport(newCase, steps);
            verifiedAt = resolvedAt.AddMinutes(20 + random.Next(220));
            var passed = attempt > 0 || random.NextDouble() >= 0.06;
            if (!Add(new CaseCommand(CaseStep.Verify, verifiedAt, Passed: passed))) return new CaseImport(newCase, steps);
            if (passed) break;
            resolvedAt = verifiedAt.AddHours(limit * (0.1 + 0.4 * random.NextDouble()));
        }

        if (source is CaseSource.Hotline or CaseSource.App)
        {
            var rating = forcedRating ?? (random.NextDouble() < 0.72 ? SatisfactionRating.VerySatisfied : SatisfactionRating.Satisfied);
            Add(new CaseCommand(CaseStep.Satisfaction, verifiedAt.AddHours(4 + random.Next(44)), Rating: rating));
        }
        return new CaseImport(newCase, steps);
    }

    private async Task InsertRosterAndPlansAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx,
        City city, Random random, DateOnly today)
    {
        var thisWeek = Period.Week(today).Start;
        var leaders = city.Reference.Leaders;
        var rotation = 0;
        for (var day = thisWeek.AddDays(-28); day < thisWeek.AddDays(7); day = day.AddDays(1))
            await connection.ExecuteAsync(InsertRosterSql,
                new { DutyDate = day, LeaderId = leaders[rotation++ % leaders.Count].Id, UpdatedAt = calendar.StartOfDayUtc(thisWeek), UpdatedBy = Actor }, tx);
        foreach (var leader in leaders)
        {
            var days = Enumerable.Range(0, 5).OrderBy(_ => random.Next()).Take(leader.RequiredPatrolsPerWeek).Aggregate(0, (bits, d) => bits | (1 << d));
            await connection.ExecuteAsync(InsertPlanSql,
                new { LeaderId = leader.Id, WeekStart = thisWeek, PlannedDays = days, UpdatedAt = calendar.StartOfDayUtc(thisWeek), UpdatedBy = Actor }, tx);
        }
    }

    private static int Weighted(Random random, IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Count - 1;
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        return k;
    }

    private sealed record Grid(long Id, long StreetId, string Name);

    /// <summary>The seeded reference data arranged for generating history.</summary>
    private sealed class City
    {
        public City(ReferenceData reference)
        {
            Reference = reference;
            Grids = reference.Regions.Where(r => r.Level == "grid")
                .Select(g => new Grid(g.Id, reference.StreetOf(g)!.Id, g.Name)).ToList();
            RoadsByStreet = reference.Streets.ToDictionary(s => s.Id, s => reference.Roads.Where(r => r.StreetId == s.Id).ToList());
            Categories = DemoCityCatalog.Categories.Select(c => reference.Category(c.Code)!).ToList();
            CategoryWeights = DemoCityCatalog.Categories.Select(c => c.Weight).ToArray();
            RoadOfLeader = DemoCityCatalog.Leaders.ToDictionary(l => reference.Leader(l.Code)!.Id, l => reference.Road(l.Road)!);
        }

        public ReferenceData Reference { get; }
        public List<Grid> Grids { get; }
        public Dictionary<long, List<RoadRow>> RoadsByStreet { get; }
        public List<CategoryRow> Categories { get; }
        public double[] CategoryWeights { get; }
        public Dictionary<long, RoadRow> RoadOfLeader { get; }
    }

    internal const string InsertRegionSql = """
        INSERT INTO regions (code, name, level, parent_id)
        VALUES (@Code, @Name, @Level, (SELECT id FROM regions WHERE code = @ParentCode));
        """;

    internal const string InsertDepartmentSql = "INSERT INTO departments (code, name) VALUES (@Code, @Name);";

    internal const string InsertCategorySql = """
        INSERT INTO categories (code, name, kind, time_limit_hours, urgent_time_limit_hours, department_id)
        VALUES (@Code, @Name, @Kind, @Hours, @UrgentHours, (SELECT id FROM departments WHERE code = @Department));
        """;

    internal const string InsertRoadSql = """
        INSERT INTO roads (code, name, street_id) VALUES (@Code, @Name, (SELECT id FROM regions WHERE code = @StreetCode));
        """;

    internal const string InsertLeaderSql = """
        INSERT INTO leaders (code, name, title, is_main, required_patrols_per_week) VALUES (@Code, @Name, @Title, @IsMain, @Required);
        """;

    internal const string InsertAssignmentSql = """
        INSERT INTO road_assignments (leader_id, road_id, campaign_from, campaign_to)
        VALUES ((SELECT id FROM leaders WHERE code = @LeaderCode), (SELECT id FROM roads WHERE code = @RoadCode), @From, @To);
        """;

    internal const string InsertPatrolSql = """
        INSERT INTO patrols (leader_id, road_id, started_at, ended_at, mode, recorded_at)
        VALUES (@LeaderId, @RoadId, @StartedAt, @EndedAt, @Mode, @RecordedAt);
        """;

    internal const string InsertRosterSql = """
        INSERT INTO duty_roster (duty_date, leader_id, updated_at, updated_by) VALUES (@DutyDate, @LeaderId, @UpdatedAt, @UpdatedBy);
        """;

    internal const string InsertPlanSql = """
        INSERT INTO patrol_plans (leader_id, week_start, planned_days, updated_at, updated_by)
        VALUES (@LeaderId, @WeekStart, @PlannedDays, @UpdatedAt, @UpdatedBy);
        """;
}
