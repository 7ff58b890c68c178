using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Features.Schedule;

/// <summary>A leader's patrol plan for a week (巡查计划): planned days, note, and the version an edit must name.</summary>
public sealed record PatrolPlanRow(
    long LeaderId,
    string LeaderCode,
    string LeaderName,
    string LeaderTitle,
    int RequiredPerWeek,
    int PlannedDays,
    string? Note,
    /// 0 while the week has no saved plan for the leader.
    int Version,
    DateTime? UpdatedAt,
    string? UpdatedBy,
    /// The week before's planned days, for "copy last week".
    int PreviousPlannedDays);

/// <summary>One row of an edit: the version is the one read, so a save over someone else's change is refused.</summary>
public sealed record PatrolPlanEdit(long LeaderId, int PlannedDays, string? Note, int Version);

/// <summary>
/// Reads and saves the weekly patrol plans (<c>patrol_plans</c>). A save is one transaction with optimistic concurrency on
/// <c>version</c>: UPDATE … WHERE version = @Version, an INSERT only while no row exists; any row that moved rolls the whole
/// save back and is reported as a conflict. Ownership (<see cref="ScheduleAccess"/>) is checked here, not only on the page.
/// </summary>
public sealed class PatrolPlanStore(DbConnectionFactory connections, AuditLog audit, TimeProvider clock)
{
    public const int NoteMaxLength = 400;

    private static readonly JsonSerializerOptions DetailJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The leaders whose campaign covers the week (or who already have a plan for it), main leaders first.</summary>
    public async Task<IReadOnlyList<PatrolPlanRow>> WeekAsync(Period week, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(WeekSql,
            new { WeekStart = week.Start, FirstDay = week.Start, EndDay = week.End, PreviousWeekStart = week.Start.AddDays(-7) }, cancellationToken: cancellationToken));
        return rows.Select(r => new PatrolPlanRow(r.LeaderId, r.LeaderCode, r.LeaderName, r.LeaderTitle, r.RequiredPerWeek, r.PlannedDays,
            r.Note, r.Version, r.UpdatedAt, r.UpdatedBy, r.PreviousPlannedDays)).ToList();
    }

    public async Task<ScheduleSaveResult> SaveAsync(ClaimsPrincipal user, Period week, IReadOnlyList<PatrolPlanEdit> edits,
        CancellationToken cancellationToken = default)
    {
        if (edits.Any(e => !ScheduleAccess.CanEditPlanOf(user, e.LeaderId))) return ScheduleSaveResult.Forbidden;
        if (week.Kind != PeriodKind.Week) return ScheduleSaveResult.Invalid("Schedule.Error.NotAWeek");
        if (edits.Any(e => e.PlannedDays is < 0 or > PatrolDays.All)) return ScheduleSaveResult.Invalid("Schedule.Error.PlannedDays");
        if (edits.Any(e => e.Note?.Length > NoteMaxLength)) return ScheduleSaveResult.Invalid("Schedule.Error.NoteTooLong");
        if (edits.GroupBy(e => e.LeaderId).Any(g => g.Count() > 1)) return ScheduleSaveResult.Invalid("Schedule.Error.LeaderTwice");
        if (edits.Count == 0) return ScheduleSaveResult.Saved;

        var actor = ScheduleAccess.ActorOf(user);
        var at = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime);
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, tx) = write;
        var ids = edits.Select(e => e.LeaderId).ToArray();
        var known = (await connection.QueryAsync<long>(new CommandDefinition(LeaderIdsSql, transaction: tx, cancellationToken: cancellationToken))).ToHashSet();
        if (ids.Any(id => !known.Contains(id))) return ScheduleSaveResult.Invalid("Schedule.Error.UnknownLeader");

        var conflicts = new List<string>();
        try
        {
            foreach (var edit in edits)
            {
                var values = new
                {
                    edit.LeaderId, WeekStart = week.Start, edit.PlannedDays, Note = string.IsNullOrWhiteSpace(edit.Note) ? null : edit.Note.Trim(),
                    edit.Version, At = at, By = actor,
                };
                var written = await connection.ExecuteAsync(new CommandDefinition(edit.Version == 0 ? InsertSql : UpdateSql, values, tx,
                    cancellationToken: cancellationToken));
                if (written == 0) conflicts.Add(edit.LeaderId.ToString(CultureInfo.InvariantCulture));
            }
        }
        catch (DbException ex) when (ScheduleSaveResult.IsConcurrentWrite(ex))
        {
            return ScheduleSaveResult.Conflict(edits.Select(e => e.LeaderId.ToString(CultureInfo.InvariantCulture)).ToList());
        }
        if (conflicts.Count > 0)
        {
            await tx.RollbackAsync(cancellationToken);
            return ScheduleSaveResult.Conflict(conflicts);
        }
        await write.CommitAsync(cancellationToken);
        await audit.WriteAsync(actor, ScheduleAuditActions.PlanSaved, $"week:{week.Label}",
            JsonSerializer.Serialize(edits.Select(e => new { leader = e.LeaderId, days = e.PlannedDays, note = e.Note }), DetailJson), cancellationToken);
        return ScheduleSaveResult.Saved;
    }

    private sealed class Row
    {
        public long LeaderId { get; init; }
        public string LeaderCode { get; init; } = "";
        public string LeaderName { get; init; } = "";
        public string LeaderTitle { get; init; } = "";
        public int RequiredPerWeek { get; init; }
        public int PlannedDays { get; init; }
        public string? Note { get; init; }
        public int Version { get; init; }
        public DateTime? UpdatedAt { get; init; }
        public string? UpdatedBy { get; init; }
        public int PreviousPlannedDays { get; init; }
    }

    internal const string WeekSql = $"""
        SELECT l.id AS LeaderId, l.code AS LeaderCode, l.name AS LeaderName, l.title AS LeaderTitle,
               l.required_patrols_per_week AS RequiredPerWeek, COALESCE(p.planned_days, 0) AS PlannedDays, p.note AS Note,
               COALESCE(p.version, 0) AS Version, p.updated_at AS UpdatedAt, p.updated_by AS UpdatedBy,
               COALESCE(q.planned_days, 0) AS PreviousPlannedDays
        FROM leaders l
        LEFT JOIN patrol_plans p ON p.leader_id = l.id AND p.week_start = @WeekStart
        LEFT JOIN patrol_plans q ON q.leader_id = l.id AND q.week_start = @PreviousWeekStart
        WHERE p.id IS NOT NULL
           OR EXISTS (SELECT 1 FROM road_assignments a WHERE a.leader_id = l.id AND {Domain.RoadResponsibility.CampaignCoversCondition})
        ORDER BY l.is_main DESC, l.code;
        """;

    internal const string LeaderIdsSql = "SELECT id FROM leaders;";

    internal const string UpdateSql = """
        UPDATE patrol_plans SET planned_days = @PlannedDays, note = @Note, version = version + 1, updated_at = @At, updated_by = @By
        WHERE leader_id = @LeaderId AND week_start = @WeekStart AND version = @Version;
        """;

    // Version 0 means "there was no plan when I read": insert only if that is still true.
    internal const string InsertSql = """
        INSERT INTO patrol_plans (leader_id, week_start, planned_days, note, version, updated_at, updated_by)
        SELECT @LeaderId, @WeekStart, @PlannedDays, @Note, 1, @At, @By
        WHERE NOT EXISTS (SELECT 1 FROM patrol_plans WHERE leader_id = @LeaderId AND week_start = @WeekStart);
        """;
}
