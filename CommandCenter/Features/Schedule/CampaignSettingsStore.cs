using System.Globalization;
using System.Security.Claims;
using CommandCenter.Data;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Features.Schedule;

/// <summary>A road assignment with its campaign dates and its leader's weekly requirement, as the settings tab edits them.</summary>
public sealed record CampaignAssignmentRow
{
    public long AssignmentId { get; init; }
    public long LeaderId { get; init; }
    public string LeaderCode { get; init; } = "";
    public string LeaderName { get; init; } = "";
    public bool IsMainLeader { get; init; }
    public int RequiredPerWeek { get; init; }
    public string RoadName { get; init; } = "";
    public DateOnly CampaignFrom { get; init; }
    public DateOnly CampaignTo { get; init; }
}

/// <summary>
/// The campaign settings of 领导包路: campaign start and end per assignment (or for all at once) and each leader's required
/// patrols per week. Schedulers and admins only; every change goes to the audit log and refreshes the reference cache.
/// </summary>
public sealed class CampaignSettingsStore(DbConnectionFactory connections, ReferenceCatalog catalog, AuditLog audit)
{
    /// <summary>A week has seven days: a higher requirement can never be met.</summary>
    public const int MaxRequiredPerWeek = 7;

    public async Task<IReadOnlyList<CampaignAssignmentRow>> AssignmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CampaignAssignmentRow>(new CommandDefinition(AssignmentsSql, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ScheduleSaveResult> SetRequiredPatrolsAsync(ClaimsPrincipal user, long leaderId, int requiredPerWeek,
        CancellationToken cancellationToken = default)
    {
        if (!ScheduleAccess.CanEditCampaign(user)) return ScheduleSaveResult.Forbidden;
        if (requiredPerWeek is < 0 or > MaxRequiredPerWeek) return ScheduleSaveResult.Invalid("Schedule.Error.RequiredRange");
        await using var connection = await connections.OpenAsync(cancellationToken);
        var written = await connection.ExecuteAsync(new CommandDefinition(SetRequiredSql,
            new { LeaderId = leaderId, Required = requiredPerWeek }, cancellationToken: cancellationToken));
        if (written == 0) return ScheduleSaveResult.Invalid("Schedule.Error.UnknownLeader");
        catalog.Invalidate();
        await audit.WriteAsync(ScheduleAccess.ActorOf(user), ScheduleAuditActions.RequiredPatrolsSaved,
            $"leader:{leaderId.ToString(CultureInfo.InvariantCulture)}", $"{{\"required\":{requiredPerWeek.ToString(CultureInfo.InvariantCulture)}}}",
            cancellationToken);
        return ScheduleSaveResult.Saved;
    }

    /// <summary>Sets one assignment's campaign, refusing one that would overlap another campaign of the same leader or road.</summary>
    public Task<ScheduleSaveResult> SetCampaignAsync(ClaimsPrincipal user, long assignmentId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default) =>
        WriteCampaignAsync(user, assignmentId, from, to, cancellationToken);

    /// <summary>"Set for all": every assignment gets the same campaign. Refused while a leader or a road has two assignments.</summary>
    public Task<ScheduleSaveResult> SetAllCampaignsAsync(ClaimsPrincipal user, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default) =>
        WriteCampaignAsync(user, null, from, to, cancellationToken);

    private async Task<ScheduleSaveResult> WriteCampaignAsync(ClaimsPrincipal user, long? assignmentId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        if (!ScheduleAccess.CanEditCampaign(user)) return ScheduleSaveResult.Forbidden;
        if (from > to) return ScheduleSaveResult.Invalid("Schedule.Error.CampaignOrder");
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, tx) = write;
        var values = new { Id = assignmentId, From = from, To = to };
        var overlaps = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            connections.Sql(assignmentId is null ? SharedLeaderOrRoadSql : OverlapSql), values, tx, cancellationToken: cancellationToken));
        if (overlaps > 0) return ScheduleSaveResult.Invalid("Schedule.Error.CampaignOverlap");
        var written = await connection.ExecuteAsync(new CommandDefinition(assignmentId is null ? SetAllCampaignsSql : SetCampaignSql,
            values, tx, cancellationToken: cancellationToken));
        if (assignmentId is not null && written == 0) return ScheduleSaveResult.Invalid("Schedule.Error.UnknownAssignment");
        await write.CommitAsync(cancellationToken);
        catalog.Invalidate();
        await audit.WriteAsync(ScheduleAccess.ActorOf(user), ScheduleAuditActions.CampaignSaved,
            assignmentId is { } id ? $"assignment:{id.ToString(CultureInfo.InvariantCulture)}" : "assignment:all",
            $"{{\"from\":\"{from:yyyy-MM-dd}\",\"to\":\"{to:yyyy-MM-dd}\",\"rows\":{written.ToString(CultureInfo.InvariantCulture)}}}",
            cancellationToken);
        return ScheduleSaveResult.Saved;
    }

    internal const string AssignmentsSql = """
        SELECT a.id AS AssignmentId, l.id AS LeaderId, l.code AS LeaderCode, l.name AS LeaderName, l.is_main AS IsMainLeader,
               l.required_patrols_per_week AS RequiredPerWeek, r.name AS RoadName, a.campaign_from AS CampaignFrom, a.campaign_to AS CampaignTo
        FROM road_assignments a
        JOIN leaders l ON l.id = a.leader_id
        JOIN roads r ON r.id = a.road_id
        ORDER BY l.is_main DESC, l.code, a.campaign_from;
        """;

    internal const string SetRequiredSql = "UPDATE leaders SET required_patrols_per_week = @Required WHERE id = @LeaderId;";

    // Another assignment of the same leader or the same road whose campaign meets [From, To]. The check and the write must
    // see the same rows: on SQLite the write transaction (BEGIN IMMEDIATE) holds the file; on SQL Server the read takes update
    // locks held to the end of the transaction (UPDLOCK, HOLDLOCK: key-range locks too), so a second save waits for the
    // first instead of checking the rows the first is about to change.
    internal static readonly DialectSql OverlapSql = new(
        """
        SELECT COUNT(*) FROM road_assignments o
        JOIN road_assignments a ON a.id = @Id
        WHERE o.id <> a.id AND (o.leader_id = a.leader_id OR o.road_id = a.road_id)
          AND o.campaign_from <= @To AND o.campaign_to >= @From;
        """,
        """
        SELECT COUNT(*) FROM road_assignments o WITH (UPDLOCK, HOLDLOCK)
        JOIN road_assignments a WITH (UPDLOCK, HOLDLOCK) ON a.id = @Id
        WHERE o.id <> a.id AND (o.leader_id = a.leader_id OR o.road_id = a.road_id)
          AND o.campaign_from <= @To AND o.campaign_to >= @From;
        """);

    internal static readonly DialectSql SharedLeaderOrRoadSql = new(
        """
        SELECT COUNT(*) FROM road_assignments a
        WHERE EXISTS (SELECT 1 FROM road_assignments o WHERE o.id <> a.id AND (o.leader_id = a.leader_id OR o.road_id = a.road_id));
        """,
        """
        SELECT COUNT(*) FROM road_assignments a WITH (UPDLOCK, HOLDLOCK)
        WHERE EXISTS (SELECT 1 FROM road_assignments o WITH (UPDLOCK, HOLDLOCK)
                      WHERE o.id <> a.id AND (o.leader_id = a.leader_id OR o.road_id = a.road_id));
        """);

    internal const string SetCampaignSql = "UPDATE road_assignments SET campaign_from = @From, campaign_to = @To WHERE id = @Id;";

    internal const string SetAllCampaignsSql = "UPDATE road_assignments SET campaign_from = @From, campaign_to = @To;";
}
