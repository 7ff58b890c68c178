using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using Dapper;
using System.Data.Common;

namespace CommandCenter.Features.Intake;

/// <summary>A leader's patrol as posted, codes resolved to ids, times UTC.</summary>
public sealed record NewPatrol(string? ExternalId, long LeaderId, long RoadId, DateTime StartedAt, DateTime EndedAt, PatrolMode Mode);

/// <summary>A row of <c>patrols</c>.</summary>
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

/// <summary>Records leaders' patrols (领导巡查), idempotent on the caller's patrol id.</summary>
public sealed class PatrolWriter(DbConnectionFactory connections, TimeProvider clock)
{
    /// <summary>The patrol written, or the one already recorded under the same id (Created false).</summary>
    public async Task<(PatrolRow Patrol, bool Created)> RecordAsync(NewPatrol patrol, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        if (patrol.ExternalId is { } externalId && await FindByExternalIdAsync(connection, externalId) is { } existing)
            return (existing, false);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(
                connections.Provider == DatabaseProvider.SqlServer ? InsertPatrolSqlServer : InsertPatrolSqlite,
                new
                {
                    patrol.ExternalId,
                    patrol.LeaderId,
                    patrol.RoadId,
                    StartedAt = DapperSetup.Normalize(patrol.StartedAt),
                    EndedAt = DapperSetup.Normalize(patrol.EndedAt),
                    Mode = patrol.Mode.Code(),
                    RecordedAt = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime),
                });
            return (await connection.QuerySingleAsync<PatrolRow>(FindByIdSql, new { Id = id }), true);
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex) && patrol.ExternalId is { } raced)
        {
            // The same patrol posted twice at once: the first one written is the answer.
            return ((await FindByExternalIdAsync(connection, raced))!, false);
        }
    }

    private static Task<PatrolRow?> FindByExternalIdAsync(DbConnection connection, string externalId) =>
        connection.QuerySingleOrDefaultAsync<PatrolRow>(FindByExternalIdSql, new { ExternalId = externalId });

    private const string Columns = """
        id AS Id, external_id AS ExternalId, leader_id AS LeaderId, road_id AS RoadId, started_at AS StartedAt,
        ended_at AS EndedAt, mode AS Mode, recorded_at AS RecordedAt
        """;

    internal const string FindByIdSql = $"SELECT {Columns} FROM patrols WHERE id = @Id";
    internal const string FindByExternalIdSql = $"SELECT {Columns} FROM patrols WHERE external_id = @ExternalId";

    internal const string InsertPatrolSqlite = """
        INSERT INTO patrols (external_id, leader_id, road_id, started_at, ended_at, mode, recorded_at)
        VALUES (@ExternalId, @LeaderId, @RoadId, @StartedAt, @EndedAt, @Mode, @RecordedAt)
        RETURNING id;
        """;

    internal const string InsertPatrolSqlServer = """
        INSERT INTO patrols (external_id, leader_id, road_id, started_at, ended_at, mode, recorded_at)
        OUTPUT INSERTED.id
        VALUES (@ExternalId, @LeaderId, @RoadId, @StartedAt, @EndedAt, @Mode, @RecordedAt);
        """;
}
