using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Features.Schedule;

/// <summary>A day of the duty roster as stored: the leader on duty and the version an edit must name (0 = no row yet).</summary>
public sealed record DutyRosterRow(DateOnly Day, long? LeaderId, string? LeaderName, int Version, DateTime? UpdatedAt, string? UpdatedBy);

/// <summary>One day of an edit: the leader to put on duty (null clears the day) and the version read.</summary>
public sealed record DutyRosterEdit(DateOnly Day, long? LeaderId, int Version);

/// <summary>
/// Reads and saves the 24-hour leader-on-duty roster (<c>duty_roster</c>, one leader per local day). Saves are all or nothing
/// with optimistic concurrency on <c>version</c>; only schedulers and admins may save; <see cref="DutyRosterRules"/> errors
/// refuse the save.
/// </summary>
public sealed class DutyRosterStore(DbConnectionFactory connections, AuditLog audit, TimeProvider clock)
{
    /// <summary>The seven days of the week, with a blank row (version 0) where nobody is on duty yet.</summary>
    public async Task<IReadOnlyList<DutyRosterRow>> WeekAsync(Period week, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var stored = (await connection.QueryAsync<Row>(new CommandDefinition(WeekSql, new { Start = week.Start, End = week.End },
            cancellationToken: cancellationToken))).ToDictionary(r => r.Day);
        var days = new List<DutyRosterRow>();
        for (var day = week.Start; day < week.End; day = day.AddDays(1))
            days.Add(stored.TryGetValue(day, out var r)
                ? new DutyRosterRow(day, r.LeaderId, r.LeaderName, r.Version, r.UpdatedAt, r.UpdatedBy)
                : new DutyRosterRow(day, null, null, 0, null, null));
        return days;
    }

    public async Task<ScheduleSaveResult> SaveAsync(ClaimsPrincipal user, Period week, IReadOnlyList<DutyRosterEdit> edits,
        CancellationToken cancellationToken = default)
    {
        if (!ScheduleAccess.CanEditRoster(user)) return ScheduleSaveResult.Forbidden;
        if (week.Kind != PeriodKind.Week) return ScheduleSaveResult.Invalid("Schedule.Error.NotAWeek");
        if (edits.Count == 0) return ScheduleSaveResult.Saved;

        var actor = ScheduleAccess.ActorOf(user);
        var at = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime);
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, tx) = write;
        var leaders = (await connection.QueryAsync<LeaderRow>(new CommandDefinition(LeadersSql, transaction: tx, cancellationToken: cancellationToken)))
            .Select(l => new RosterLeader(l.Id, l.Name, l.RequiredPerWeek)).ToList();
        var errors = DutyRosterRules.Check(week, edits.Select(e => new DutyDay(e.Day, e.LeaderId)).ToList(), leaders, new Dictionary<long, int>())
            .Where(i => i.IsError).Select(i => $"Schedule.Rule.{i.Kind}").Distinct().ToArray();
        if (errors.Length > 0) return ScheduleSaveResult.Invalid(errors);

        var conflicts = new List<string>();
        try
        {
            foreach (var edit in edits)
            {
                var sql = (edit.LeaderId, edit.Version) switch
                {
                    (null, 0) => null,
                    (null, _) => DeleteSql,
                    (_, 0) => InsertSql,
                    _ => UpdateSql,
                };
                if (sql is null) continue;
                var written = await connection.ExecuteAsync(new CommandDefinition(sql,
                    new { edit.Day, edit.LeaderId, edit.Version, At = at, By = actor }, tx, cancellationToken: cancellationToken));
                if (written == 0) conflicts.Add(edit.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
        catch (DbException ex) when (ScheduleSaveResult.IsConcurrentWrite(ex))
        {
            return ScheduleSaveResult.Conflict(edits.Select(e => e.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList());
        }
        if (conflicts.Count > 0)
        {
            await tx.RollbackAsync(cancellationToken);
            return ScheduleSaveResult.Conflict(conflicts);
        }
        await write.CommitAsync(cancellationToken);
        await audit.WriteAsync(actor, ScheduleAuditActions.RosterSaved, $"week:{week.Label}",
            JsonSerializer.Serialize(edits.Select(e => new { day = e.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), leader = e.LeaderId })),
            cancellationToken);
        return ScheduleSaveResult.Saved;
    }

    private sealed class Row
    {
        public DateOnly Day { get; init; }
        public long LeaderId { get; init; }
        public string LeaderName { get; init; } = "";
        public int Version { get; init; }
        public DateTime UpdatedAt { get; init; }
        public string UpdatedBy { get; init; } = "";
    }

    private sealed class LeaderRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public int RequiredPerWeek { get; init; }
    }

    internal const string WeekSql = """
        SELECT d.duty_date AS Day, d.leader_id AS LeaderId, l.name AS LeaderName, d.version AS Version,
               d.updated_at AS UpdatedAt, d.updated_by AS UpdatedBy
        FROM duty_roster d
        JOIN leaders l ON l.id = d.leader_id
        WHERE d.duty_date >= @Start AND d.duty_date < @End
        ORDER BY d.duty_date;
        """;

    internal const string LeadersSql = "SELECT id AS Id, name AS Name, required_patrols_per_week AS RequiredPerWeek FROM leaders;";

    internal const string UpdateSql = """
        UPDATE duty_roster SET leader_id = @LeaderId, version = version + 1, updated_at = @At, updated_by = @By
        WHERE duty_date = @Day AND version = @Version;
        """;

    internal const string InsertSql = """
        INSERT INTO duty_roster (duty_date, leader_id, version, updated_at, updated_by)
        SELECT @Day, @LeaderId, 1, @At, @By
        WHERE NOT EXISTS (SELECT 1 FROM duty_roster WHERE duty_date = @Day);
        """;

    internal const string DeleteSql = "DELETE FROM duty_roster WHERE duty_date = @Day AND version = @Version;";
}
