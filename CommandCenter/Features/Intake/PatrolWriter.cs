using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using Dapper;
using System.Data.Common;

namespace CommandCenter.Features.Intake;

/// <summary>A leader's patrol as posted, codes resolved to ids, times UTC.</summary>
public sealed record NewPatrol(string ExternalId, long LeaderId, long RoadId, DateTime StartedAt, DateTime EndedAt, PatrolMode Mode);

/// <summary>A row of <c>patrols</c>. Patrols written before patrol ids were required have no <see cref="ExternalId"/>.</summary>
public sealed class PatrolRow
{
    public long Id { get; init; }
    public string? ExternalId { get; init; }
    public long LeaderId { get; init; }
    public long RoadId { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime EndedAt { get; init; }
    public PatrolMode Mode { get; init; }
    public DateTime RecordedAt { get; init; }
}

public enum PatrolOutcome
{
    Recorded,
    /// The patrol id was recorded before with the same patrol: nothing written, that patrol returned.
    Duplicate,
    /// The patrol id was recorded before with another patrol (<see cref="PatrolResult.Differences"/>): nothing written.
    Conflict,
    /// The leader has another patrol at that time (<see cref="PatrolResult.Patrol"/>): nothing written.
    Overlaps,
    /// The road is not the leader's on the patrol's local day (<see cref="PatrolResult.LeaderRoads"/> are): nothing written.
    NotLeadersRoad,
}

/// <param name="Patrol">The patrol recorded (Recorded, Duplicate, Conflict) or the one overlapped (Overlaps).</param>
/// <param name="LeaderRoads">For NotLeadersRoad: the road ids the leader owns on <paramref name="Day"/>.</param>
public sealed record PatrolResult(PatrolOutcome Outcome, PatrolRow? Patrol, IReadOnlyList<string> Differences, IReadOnlyList<long> LeaderRoads,
    DateOnly Day);

/// <summary>
/// Records leaders' patrols (领导巡查), which count towards their road responsibility (领导包路): idempotent on the caller's
/// patrol id (compared exactly, as case ids are), one patrol of a leader at a time, on a road the leader owns that day.
/// </summary>
public sealed class PatrolWriter(DbConnectionFactory connections, BusinessCalendar calendar, TimeProvider clock)
{
    public async Task<PatrolResult> RecordAsync(NewPatrol patrol, CancellationToken cancellationToken = default)
    {
        var startedAt = DapperSetup.Normalize(patrol.StartedAt);
        var endedAt = DapperSetup.Normalize(patrol.EndedAt);
        // Campaign dates are local days, and a patrol belongs to the day it starts (as in RoadResponsibilityQuery).
        var day = calendar.LocalDate(startedAt);
        await using var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            // SQLite: a write transaction from the start (the gate's turn, BEGIN IMMEDIATE), so two patrols of one leader are
            // checked one after the other. SQL Server: the overlap query takes update range locks (below) for the same effect.
            await using var write = await connections.WriteGate.BeginAsync(connection, cancellationToken);
            var tx = write.Transaction;
            if (await FindByExternalIdAsync(connection, tx, patrol.ExternalId) is { } existing) return Existing(patrol, existing, day);

            var roads = (await connection.QueryAsync<long>(LeaderRoadsSql, new { patrol.LeaderId, FirstDay = day, EndDay = day.AddDays(1) }, tx)).AsList();
            if (!roads.Contains(patrol.RoadId)) return new PatrolResult(PatrolOutcome.NotLeadersRoad, null, [], roads, day);

            var overlapped = await connection.QueryFirstOrDefaultAsync<PatrolRow>(
                connections.Sql(OverlappingSql),
                new { patrol.LeaderId, StartedAt = startedAt, EndedAt = endedAt }, tx);
            // On SQL Server the same patrol posted twice at once can miss itself by id above and then wait here for the first
            // one's range lock: the patrol it overlaps is then itself.
            if (overlapped is not null && string.Equals(overlapped.ExternalId, patrol.ExternalId, StringComparison.Ordinal))
                return Existing(patrol, overlapped, day);
            if (overlapped is not null) return new PatrolResult(PatrolOutcome.Overlaps, overlapped, [], [], day);

            var id = await connection.ExecuteScalarAsync<long>(
                connections.Sql(InsertPatrolSql),
                new
                {
                    patrol.ExternalId,
                    patrol.LeaderId,
                    patrol.RoadId,
                    StartedAt = startedAt,
                    EndedAt = endedAt,
                    Mode = patrol.Mode.Code(),
                    RecordedAt = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime),
                }, tx);
            var row = await connection.QuerySingleAsync<PatrolRow>(FindByIdSql, new { Id = id }, tx);
            await write.CommitAsync(cancellationToken);
            return new PatrolResult(PatrolOutcome.Recorded, row, [], [], day);
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The same patrol id posted twice at once (SQL Server): the first one written is the answer, if it is the same patrol.
            return Existing(patrol, (await FindByExternalIdAsync(connection, null, patrol.ExternalId))!, day);
        }
    }

    private static PatrolResult Existing(NewPatrol sent, PatrolRow recorded, DateOnly day)
    {
        var differences = RetryDifferences.OfPatrol(sent, recorded);
        return new PatrolResult(differences.Count == 0 ? PatrolOutcome.Duplicate : PatrolOutcome.Conflict, recorded, differences, [], day);
    }

    private static Task<PatrolRow?> FindByExternalIdAsync(DbConnection connection, DbTransaction? tx, string externalId) =>
        connection.QuerySingleOrDefaultAsync<PatrolRow>(FindByExternalIdSql, new { ExternalId = externalId }, tx);

    private const string Columns = """
        id AS Id, external_id AS ExternalId, leader_id AS LeaderId, road_id AS RoadId, started_at AS StartedAt,
        ended_at AS EndedAt, mode AS Mode, recorded_at AS RecordedAt
        """;

    internal const string FindByIdSql = $"SELECT {Columns} FROM patrols WHERE id = @Id";
    internal const string FindByExternalIdSql = $"SELECT {Columns} FROM patrols WHERE external_id = @ExternalId";

    /// <summary>The roads a leader owns on a local day: the assignments whose campaign covers that one day.</summary>
    internal const string LeaderRoadsSql = $"""
        SELECT a.road_id FROM road_assignments a
        WHERE a.leader_id = @LeaderId AND {Domain.RoadResponsibility.CampaignCoversCondition}
        ORDER BY a.road_id;
        """;

    // Half-open intervals: a patrol may start the minute the last one ended.
    internal static readonly DialectSql OverlappingSql = new(
        $"""
        SELECT {Columns} FROM patrols
        WHERE leader_id = @LeaderId AND started_at < @EndedAt AND ended_at > @StartedAt
        ORDER BY started_at LIMIT 1;
        """,
        $"""
        SELECT TOP (1) {Columns} FROM patrols WITH (UPDLOCK, HOLDLOCK)
        WHERE leader_id = @LeaderId AND started_at < @EndedAt AND ended_at > @StartedAt
        ORDER BY started_at;
        """);

    // UPDLOCK, HOLDLOCK: the range read stays locked until commit, so a second patrol of the leader in the same hours waits
    // for this transaction and then sees its row.

    internal static readonly DialectSql InsertPatrolSql = new(
        """
        INSERT INTO patrols (external_id, leader_id, road_id, started_at, ended_at, mode, recorded_at)
        VALUES (@ExternalId, @LeaderId, @RoadId, @StartedAt, @EndedAt, @Mode, @RecordedAt)
        RETURNING id;
        """,
        """
        INSERT INTO patrols (external_id, leader_id, road_id, started_at, ended_at, mode, recorded_at)
        OUTPUT INSERTED.id
        VALUES (@ExternalId, @LeaderId, @RoadId, @StartedAt, @EndedAt, @Mode, @RecordedAt);
        """);

}
