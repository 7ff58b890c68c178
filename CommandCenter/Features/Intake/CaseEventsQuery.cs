using CommandCenter.Data;
using CommandCenter.Features.Cases;
using Dapper;

namespace CommandCenter.Features.Intake;

/// <summary>A row of <c>case_events</c> with what its <c>data</c> column recorded.</summary>
public sealed class CaseEventRow
{
    public long Id { get; init; }
    public string EventId { get; init; } = "";
    public string Type { get; init; } = "";
    public DateTime At { get; init; }
    public string Actor { get; init; } = "";
    public string? Data { get; init; }
    public DateTime RecordedAt { get; init; }

    /// <summary>The fields the case service writes into <see cref="Data"/>.</summary>
    public EventData Fields => EventData.Parse(Data);
}

/// <summary>The history of one case, oldest first.</summary>
public sealed class CaseEventsQuery(DbConnectionFactory connections)
{
    public async Task<IReadOnlyList<CaseEventRow>> ForCaseAsync(long caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CaseEventRow>(new CommandDefinition(ForCaseSql, new { CaseId = caseId },
            cancellationToken: cancellationToken))).AsList();
    }

    internal const string ForCaseSql = """
        SELECT id AS Id, event_id AS EventId, type AS Type, at AS At, actor AS Actor, data AS Data, recorded_at AS RecordedAt
        FROM case_events
        WHERE case_id = @CaseId
        ORDER BY id;
        """;
}
