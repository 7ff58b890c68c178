using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Extensions.Options;

namespace CommandCenter.Features.Demo;

/// <summary>
/// Keeps the demo city alive: at <c>Simulator:EventsPerMinute</c> it reports new cases and moves open ones one step
/// along the workflow, always through <see cref="CaseService"/>, so every change lands in <c>case_events</c>.
/// </summary>
public sealed class LiveSimulator(
    DbConnectionFactory connections,
    ReferenceCatalog reference,
    CaseService cases,
    TimeProvider clock,
    IOptions<SimulatorOptions> options,
    ILogger<LiveSimulator> logger) : BackgroundService
{
    private readonly Random _random = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Enabled != true || settings.EventsPerMinute <= 0) return;
        var interval = TimeSpan.FromMinutes(1 / settings.EventsPerMinute);
        logger.LogInformation("Live simulator on: {Rate} events a minute", settings.EventsPerMinute);
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await StepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be briefly unavailable; the simulator tries again on the next tick.
                logger.LogWarning(ex, "Simulator step failed");
            }
        }
    }

    /// <summary>One simulated event: a new case one time in five, otherwise the next step of an open case.</summary>
    public async Task StepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_random.NextDouble() < 0.2)
        {
            await ReportAsync(now, cancellationToken);
            return;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var open = (await connection.QueryAsync<OpenCase>(new CommandDefinition(
            connections.Sql(OpenCasesSql),
            cancellationToken: cancellationToken))).ToList();
        if (open.Count == 0)
        {
            await ReportAsync(now, cancellationToken);
            return;
        }
        var pick = open[_random.Next(open.Count)];
        var command = NextStep(pick, now);
        await cases.ApplyAsync(pick.CaseNo, new CaseStepRequest($"sim:{Guid.NewGuid():N}", command), "simulator", cancellationToken);
    }

    private CaseCommand NextStep(OpenCase c, DateTime now) => c.Status switch
    {
        CaseStatus.Reported => _random.NextDouble() < 0.04 ? new(CaseStep.Reject, now) : new(CaseStep.Register, now),
        CaseStatus.Registered => new(CaseStep.Dispatch, now, DepartmentId: c.DefaultDepartmentId),
        CaseStatus.Dispatched => _random.NextDouble() < 0.05 && c.Level != EscalationLevel.Street
            ? new(CaseStep.Escalate, now)
            : new(CaseStep.Resolve, now, Method: _random.NextDouble() switch
            {
                < 0.7 => ResolutionMethod.Service,
                < 0.9 => ResolutionMethod.Management,
                _ => ResolutionMethod.Enforcement,
            }),
        CaseStatus.Resolved => new(CaseStep.Verify, now, Passed: _random.NextDouble() >= 0.06),
        _ => new(CaseStep.Satisfaction, now, Rating: _random.NextDouble() < 0.72 ? SatisfactionRating.VerySatisfied : SatisfactionRating.Satisfied),
    };

    private async Task ReportAsync(DateTime now, CancellationToken cancellationToken)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var grids = refData.Regions.Where(r => r.Level == "grid").ToList();
        if (grids.Count == 0 || refData.Categories.Count == 0) return;
        var grid = grids[_random.Next(grids.Count)];
        var category = refData.Categories[_random.Next(refData.Categories.Count)];
        var source = (CaseSource)_random.Next(Enum.GetValues<CaseSource>().Length);
        await cases.CreateAsync(new NewCase(
            ExternalId: null,
            Source: source,
            CategoryId: category.Id,
            RegionId: grid.Id,
            RoadId: null,
            Description: $"巡查发现{category.Name}问题",
            Address: grid.Name,
            Lat: null,
            Lng: null,
            ReporterPhone: source is CaseSource.Hotline or CaseSource.App ? $"13{_random.Next(100000000, 999999999)}" : null,
            IsUrgent: _random.NextDouble() < 0.04,
            ReportedAt: now), "simulator", cancellationToken);
    }

    private sealed class OpenCase
    {
        public string CaseNo { get; init; } = "";
        public CaseStatus Status { get; init; }
        public EscalationLevel Level { get; init; }
        public long? DefaultDepartmentId { get; init; }
    }

    // The cases waiting longest for their next step: open ones, and closed 12345/app cases without a callback.
    internal static readonly DialectSql OpenCasesSql = new(
        """
        SELECT c.case_no AS CaseNo, c.status AS Status, c.level AS Level, k.department_id AS DefaultDepartmentId
        FROM cases c JOIN categories k ON k.id = c.category_id
        WHERE c.status IN ('reported', 'registered', 'dispatched', 'resolved')
           OR (c.status = 'closed' AND c.rating IS NULL AND c.source IN ('hotline', 'app'))
        ORDER BY c.last_step_at
        LIMIT 40;
        """,
        """
        SELECT TOP (40) c.case_no AS CaseNo, c.status AS Status, c.level AS Level, k.department_id AS DefaultDepartmentId
        FROM cases c JOIN categories k ON k.id = c.category_id
        WHERE c.status IN ('reported', 'registered', 'dispatched', 'resolved')
           OR (c.status = 'closed' AND c.rating IS NULL AND c.source IN ('hotline', 'app'))
        ORDER BY c.last_step_at;
        """);

}
