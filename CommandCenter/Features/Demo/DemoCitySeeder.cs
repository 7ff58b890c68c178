using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Extensions.Options;

namespace CommandCenter.Features.Demo;

/// <summary>
/// Seeds the demo city into an empty database: the reference data of <see cref="DemoCityCatalog"/> (every grid with its box),
/// about 14 months of cases written through <see cref="BulkImport"/>, 48 months of 12345 callbacks, the leaders' patrols since
/// the campaign start, and the duty roster. The cases and patrols are the <see cref="DistrictPlanner"/>'s up to "now", the
/// plan the <see cref="LiveSimulator"/> goes on with. The same seed and "now" always give the same data.
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

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM regions") == 0;
    }

    public async Task SeedAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var random = new Random(settings.Seed);
        var today = calendar.LocalDate(nowUtc);
        await InsertReferenceDataAsync(today, cancellationToken);
        reference.Invalidate();
        var refData = await reference.GetAsync(cancellationToken);
        await DemoMap.StoreAsync(connections, refData, nowUtc, cancellationToken);
        await DemoPlaces.StoreAsync(connections, nowUtc, cancellationToken);
        var (from, to) = Campaign(today);
        var district = new DemoDistrict(refData, DemoCityCatalog.Leaders.Select(l => new LeaderRoad(refData.Leader(l.Code)!, refData.Road(l.Road)!, from, to)));
        var planner = new DistrictPlanner(district, calendar, settings.Seed, settings.CasesPerDay);

        var history = new List<CaseImport>();
        var patrols = new List<object>();
        GenerateDailyCases(planner, refData, settings, nowUtc, history);
        GenerateOldCallbacks(planner, district, random, settings, nowUtc, history);
        GeneratePatrols(planner, refData, nowUtc, history, patrols);
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
        await InsertRosterAndPlansAsync(connection, tx, refData, random, today);
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
            var streetCode = DemoCityCatalog.StreetCode(s);
            await connection.ExecuteAsync(InsertRegionSql,
                new { Code = streetCode, Name = DemoCityCatalog.Streets[s], Level = "street", ParentCode = DemoCityCatalog.DistrictCode }, tx);
            foreach (var community in DemoCityCatalog.Grids.Where(g => g.StreetIndex == s).GroupBy(g => (g.CommunityCode, g.CommunityName)))
            {
                await connection.ExecuteAsync(InsertRegionSql,
                    new { Code = community.Key.CommunityCode, Name = community.Key.CommunityName, Level = "community", ParentCode = streetCode }, tx);
                foreach (var grid in community)
                    await connection.ExecuteAsync(InsertRegionSql,
                        new { grid.Code, grid.Name, Level = "grid", ParentCode = community.Key.CommunityCode }, tx);
            }
        }
        await connection.ExecuteAsync(InsertDepartmentSql, DemoCityCatalog.Departments, tx);
        await connection.ExecuteAsync(InsertCategorySql, DemoCityCatalog.Categories.Select(c => new
        {
            c.Code, c.Name, c.Kind, Hours = c.Limit.Amount, Unit = c.Limit.Unit.Code(), UrgentHours = c.UrgentLimit.Amount,
            UrgentUnit = c.UrgentLimit.Unit.Code(), c.Department,
        }), tx);
        await connection.ExecuteAsync(InsertRoadSql,
            DemoCityCatalog.Roads.Select(r => new { r.Code, r.Name, StreetCode = DemoCityCatalog.StreetCode(r.StreetIndex) }), tx);
        await connection.ExecuteAsync(InsertLeaderSql,
            DemoCityCatalog.Leaders.Select(l => new { l.Code, l.Name, l.Title, l.IsMain, Required = l.IsMain ? 3 : 1 }), tx);
        var (from, to) = Campaign(today);
        await connection.ExecuteAsync(InsertAssignmentSql,
            DemoCityCatalog.Leaders.Select(l => new { LeaderCode = l.Code, RoadCode = l.Road, From = from, To = to }), tx);
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>Every hour of the history up to now: the district's reports as the live simulator plans them (<see cref="DistrictPlanner.HourReports"/>).</summary>
    private void GenerateDailyCases(DistrictPlanner planner, ReferenceData refData, DemoOptions settings, DateTime nowUtc, List<CaseImport> history)
    {
        var today = calendar.LocalDate(nowUtc);
        for (var day = today.AddDays(-settings.HistoryDays); day <= today; day = day.AddDays(1))
            for (var hour = 0; hour < 24; hour++)
                foreach (var report in planner.HourReports(day.ToDateTime(new TimeOnly(hour, 0))))
                    if (report.ReportedAt <= nowUtc)
                        history.Add(Lifecycle(planner, refData, history.Count, report, nowUtc));
    }

    /// <summary>12345 callbacks for the months before the case history, so the satisfaction streak has its 48 months.</summary>
    private void GenerateOldCallbacks(DistrictPlanner planner, DemoDistrict district, Random random, DemoOptions settings, DateTime nowUtc,
        List<CaseImport> history)
    {
        var today = calendar.LocalDate(nowUtc);
        var historyStart = calendar.StartOfDayUtc(today.AddDays(-settings.HistoryDays));
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        for (var back = 1; back < settings.SatisfactionMonths; back++)
        {
            var month = thisMonth.AddMonths(-back);
            // The bureau's record: 45 consecutive months at 100 %; the months before it had a dissatisfied callback.
            var needsDissatisfied = back >= 45;
            for (var i = 0; i < 40; i++)
            {
                var local = month.AddDays(random.Next(25)).ToDateTime(new TimeOnly(9 + random.Next(8), random.Next(60), 0));
                var reportedAt = calendar.ToUtc(local);
                if (reportedAt >= historyStart) continue;
                var grid = district.Grids[random.Next(district.Grids.Count)];
                var report = planner.NewReport(random, null, CaseSource.Hotline, grid, null, reportedAt);
                var item = Lifecycle(planner, district.Reference, history.Count, report, nowUtc,
                    needsDissatisfied ? SatisfactionRating.Dissatisfied : null);
                history.Add(item);
                if (item.Steps.Any(s => s.Command.Step == CaseStep.Satisfaction)) needsDissatisfied = false;
            }
        }
    }

    /// <summary>
    /// Each leader's patrols on their road since the campaign start, and the problems found on them (leader-patrol cases),
    /// as the live simulator plans them (<see cref="DistrictPlanner.PatrolsOn"/>): a patrol under way now is recorded by the
    /// simulator when it ends, the problems it found so far are in the history.
    /// </summary>
    private void GeneratePatrols(DistrictPlanner planner, ReferenceData refData, DateTime nowUtc, List<CaseImport> history, List<object> patrols)
    {
        var today = calendar.LocalDate(nowUtc);
        var (from, to) = Campaign(today);
        for (var day = from; day <= to && day <= today; day = day.AddDays(1))
            foreach (var patrol in planner.PatrolsOn(day))
            {
                if (patrol.EndedAt <= nowUtc)
                    patrols.Add(new
                    {
                        patrol.ExternalId,
                        LeaderId = patrol.LeaderRoad.Leader.Id,
                        RoadId = patrol.LeaderRoad.Road.Id,
                        patrol.StartedAt,
                        patrol.EndedAt,
                        Mode = patrol.Mode.Code(),
                        RecordedAt = patrol.EndedAt,
                    });
                foreach (var problem in patrol.Problems.Where(p => p.ReportedAt <= nowUtc))
                    history.Add(Lifecycle(planner, refData, history.Count, problem, nowUtc));
            }
    }

    /// <summary>
    /// One case and the steps it has taken by now, each the planner's next step (<see cref="DistrictPlanner.NextStep"/>):
    /// the live simulator, asking the planner about the open case later, takes the very step the history stopped before.
    /// </summary>
    private CaseImport Lifecycle(DistrictPlanner planner, ReferenceData refData, int index, NewCase report, DateTime nowUtc,
        SatisfactionRating? forcedRating = null)
    {
        var reportedAt = DapperSetup.Normalize(report.ReportedAt);
        var row = new CaseRow { Source = report.Source, CategoryId = report.CategoryId, RegionId = report.RegionId }
            .With(CaseState.Reported(reportedAt, report.IsUrgent));
        var steps = new List<CaseStepRequest>();
        while (planner.NextStep(row) is { } step && step.At <= nowUtc)
        {
            if (step.Step == CaseStep.Satisfaction && forcedRating is not null) step = step with { Rating = forcedRating };
            var result = CaseWorkflow.Apply(row.ToState(), CaseService.Complete(refData, calendar, row.CategoryId, row.IsUrgent, row.ToState(), step));
            row = row.With(result.State ?? throw new InvalidOperationException($"The demo planned a refused step: {result.Refusal}"));
            steps.Add(new CaseStepRequest($"demo:{index}:{steps.Count}", step));
        }
        return new CaseImport(report, steps);
    }

    private async Task InsertRosterAndPlansAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx,
        ReferenceData refData, Random random, DateOnly today)
    {
        var thisWeek = Period.Week(today).Start;
        var leaders = refData.Leaders;
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

    internal const string InsertRegionSql = """
        INSERT INTO regions (code, name, level, parent_id)
        VALUES (@Code, @Name, @Level, (SELECT id FROM regions WHERE code = @ParentCode));
        """;

    internal const string InsertDepartmentSql = "INSERT INTO departments (code, name) VALUES (@Code, @Name);";

    internal const string InsertCategorySql = """
        INSERT INTO categories (code, name, kind, time_limit_hours, time_limit_unit, urgent_time_limit_hours, urgent_time_limit_unit, department_id)
        VALUES (@Code, @Name, @Kind, @Hours, @Unit, @UrgentHours, @UrgentUnit, (SELECT id FROM departments WHERE code = @Department));
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
        INSERT INTO patrols (external_id, leader_id, road_id, started_at, ended_at, mode, recorded_at)
        VALUES (@ExternalId, @LeaderId, @RoadId, @StartedAt, @EndedAt, @Mode, @RecordedAt);
        """;

    internal const string InsertRosterSql = """
        INSERT INTO duty_roster (duty_date, leader_id, updated_at, updated_by) VALUES (@DutyDate, @LeaderId, @UpdatedAt, @UpdatedBy);
        """;

    internal const string InsertPlanSql = """
        INSERT INTO patrol_plans (leader_id, week_start, planned_days, updated_at, updated_by)
        VALUES (@LeaderId, @WeekStart, @PlannedDays, @UpdatedAt, @UpdatedBy);
        """;
}
