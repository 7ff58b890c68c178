using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Extensions.Options;

namespace CommandCenter.Features.Demo;

/// <summary>
/// Keeps the demo district alive (模拟): every second it does what the <see cref="DistrictPlanner"/> says happened since the
/// last second — new reports through <see cref="CaseService.CreateAsync"/>, leaders' patrols through <see cref="PatrolWriter"/>,
/// the next step of every open case through <see cref="CaseService.ApplyAsync"/> — in time order and through the same write
/// path as real intake, so the live pipeline sees every change. The plan is the one the seeder wrote the history with, so the
/// simulator continues it; every write is idempotent (the planner's ids), so a restart writes nothing twice. A stopped
/// simulator catches up on start, at most from the start of yesterday.
/// </summary>
public sealed class LiveSimulator(
    DbConnectionFactory connections,
    ReferenceCatalog reference,
    CaseService cases,
    PatrolWriter patrols,
    BusinessCalendar calendar,
    TimeProvider clock,
    IOptions<SimulatorOptions> options,
    IOptions<DemoOptions> demo,
    ILogger<LiveSimulator> logger) : BackgroundService
{
    internal const string Actor = "simulator";
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often the open cases are read again, to take up cases and steps written by others (the API, an admin).</summary>
    internal static readonly TimeSpan AgendaReadInterval = TimeSpan.FromMinutes(1);

    private readonly PriorityQueue<(CaseRow Case, CaseCommand Step), DateTime> _agenda = new();
    private ReferenceData? _referenceData;
    private DistrictPlanner? _planner;
    private DateTime? _doneUpTo;
    private DateTime? _agendaReadAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Enabled != true) return;
        logger.LogInformation("Live simulator on: {CasesPerDay} cases a day at speed {Speed}", demo.Value.CasesPerDay, settings.Speed);
        using var timer = new PeriodicTimer(TickInterval, clock);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be briefly unavailable; the plan is still there on the next tick.
                logger.LogWarning(ex, "Simulator step failed");
                _agendaReadAt = null;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Does everything planned up to now that is not done yet, in time order.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime);
        var planner = await PlannerAsync(cancellationToken);
        _doneUpTo ??= await StartingPointAsync(now, cancellationToken);
        if (_agendaReadAt is not { } readAt || now - readAt >= AgendaReadInterval)
        {
            await ReadAgendaAsync(planner, now, cancellationToken);
            _agendaReadAt = now;
        }

        var reports = new Queue<NewCase>(planner.Reports(_doneUpTo.Value, now));
        var ended = new Queue<PlannedPatrol>(planner.Patrols(_doneUpTo.Value, now));
        while (true)
        {
            var reportAt = reports.TryPeek(out var report) ? report.ReportedAt : DateTime.MaxValue;
            var patrolAt = ended.TryPeek(out var patrol) ? patrol.EndedAt : DateTime.MaxValue;
            var stepAt = _agenda.TryPeek(out _, out var due) && due <= now ? due : DateTime.MaxValue;
            if (reportAt == DateTime.MaxValue && patrolAt == DateTime.MaxValue && stepAt == DateTime.MaxValue) break;
            if (reportAt <= patrolAt && reportAt <= stepAt)
                await ReportAsync(planner, reports.Dequeue(), cancellationToken);
            else if (patrolAt <= stepAt)
                await RecordPatrolAsync(ended.Dequeue(), cancellationToken);
            else
                await ApplyStepAsync(planner, _agenda.Dequeue(), cancellationToken);
        }
        _doneUpTo = now;
    }

    private async Task<DistrictPlanner> PlannerAsync(CancellationToken cancellationToken)
    {
        var refData = await reference.GetAsync(cancellationToken);
        if (_planner is not null && ReferenceEquals(refData, _referenceData)) return _planner;
        // New reference data (an admin's edit): plan with it, and read the open cases again.
        await using var connection = await connections.OpenAsync(cancellationToken);
        var assignments = await connection.QueryAsync<Assignment>(new CommandDefinition(AssignmentsSql, cancellationToken: cancellationToken));
        var leaderRoads = assignments
            .Where(a => refData.LeadersById.ContainsKey(a.LeaderId) && refData.RoadsById.ContainsKey(a.RoadId))
            .Select(a => new LeaderRoad(refData.LeadersById[a.LeaderId], refData.RoadsById[a.RoadId], a.CampaignFrom, a.CampaignTo));
        var areas = await Map.GeoStore.AreasAsync(connection, cancellationToken);
        _planner = new DistrictPlanner(new DemoDistrict(refData, leaderRoads, areas), calendar, demo.Value.Seed, demo.Value.CasesPerDay, options.Value.Speed);
        _referenceData = refData;
        _agendaReadAt = null;
        return _planner;
    }

    /// <summary>Where the district stands: the latest report up to now, but no earlier than the start of yesterday.</summary>
    private async Task<DateTime> StartingPointAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var latest = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(LatestReportSql, new { Now = now },
            cancellationToken: cancellationToken));
        var earliest = calendar.StartOfDayUtc(calendar.LocalDate(now).AddDays(-1));
        return latest is { } t && t > earliest ? DapperSetup.Normalize(t) : earliest;
    }

    private async Task ReadAgendaAsync(DistrictPlanner planner, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var open = await connection.QueryAsync<CaseRow>(new CommandDefinition(OpenCasesSql,
            new { CallbackSince = now.AddDays(-3) }, cancellationToken: cancellationToken));
        _agenda.Clear();
        foreach (var row in open) Plan(planner, row);
    }

    private void Plan(DistrictPlanner planner, CaseRow row)
    {
        if (planner.NextStep(row) is { } step) _agenda.Enqueue((row, step), step.At);
    }

    private async Task ReportAsync(DistrictPlanner planner, NewCase report, CancellationToken cancellationToken)
    {
        var result = await cases.CreateAsync(report, Actor, cancellationToken);
        // A case written before (a restart, or the seeded history) is on the agenda already, from the open cases.
        if (result.Created) Plan(planner, result.Case);
    }

    private async Task RecordPatrolAsync(PlannedPatrol patrol, CancellationToken cancellationToken)
    {
        var result = await patrols.RecordAsync(new NewPatrol(patrol.ExternalId, patrol.LeaderRoad.Leader.Id, patrol.LeaderRoad.Road.Id,
            patrol.StartedAt, patrol.EndedAt, patrol.Mode), cancellationToken);
        if (result.Outcome is not (PatrolOutcome.Recorded or PatrolOutcome.Duplicate))
            logger.LogDebug("Simulated patrol {Patrol} not recorded: {Outcome}", patrol.ExternalId, result.Outcome);
    }

    private async Task ApplyStepAsync(DistrictPlanner planner, (CaseRow Case, CaseCommand Step) item, CancellationToken cancellationToken)
    {
        var (row, step) = item;
        // One id per stage of the case: a retry after a restart is the same event, answered as a duplicate.
        var eventId = $"sim:{row.Id}:{row.Status.Code()}:{row.Level.Code()}:{row.ReworkCount}";
        var result = await cases.ApplyAsync(row.CaseNo, new CaseStepRequest(eventId, step), Actor, cancellationToken);
        if (result.Outcome is StepOutcome.Applied or StepOutcome.Duplicate && result.Case is { } after)
            Plan(planner, after);
        else
            // Someone else moved the case (or it is gone): the next reading of the open cases plans from where it stands.
            logger.LogDebug("Simulated step on {CaseNo} not applied: {Outcome} {Reason}", row.CaseNo, result.Outcome, result.Reason);
    }

    private sealed class Assignment
    {
        public long LeaderId { get; init; }
        public long RoadId { get; init; }
        public DateOnly CampaignFrom { get; init; }
        public DateOnly CampaignTo { get; init; }
    }

    internal const string AssignmentsSql = """
        SELECT leader_id AS LeaderId, road_id AS RoadId, campaign_from AS CampaignFrom, campaign_to AS CampaignTo
        FROM road_assignments;
        """;

    internal const string LatestReportSql = "SELECT MAX(reported_at) FROM cases WHERE reported_at <= @Now;";

    /// <summary>The cases with a step to come: the open ones, and recently closed 12345/app cases waiting for their callback.</summary>
    internal const string OpenCasesSql = $"""
        SELECT {CaseRow.Columns} FROM cases
        WHERE status IN ('reported', 'registered', 'dispatched', 'resolved')
           OR (status = 'closed' AND rating IS NULL AND source IN ('hotline', 'app') AND closed_at >= @CallbackSince);
        """;
}
