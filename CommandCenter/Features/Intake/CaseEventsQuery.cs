using System.Text.Json;
using CommandCenter.Data;
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
    public EventFields Fields => string.IsNullOrEmpty(Data) ? new EventFields() : JsonSerializer.Deserialize<EventFields>(Data, FieldsJson) ?? new EventFields();

    private static readonly JsonSerializerOptions FieldsJson = new(JsonSerializerDefaults.Web);
}

/// <summary>The status a step led to and the step's own fields, as stored in <c>case_events.data</c>.</summary>
public sealed record EventFields(string? Status = null, long? DepartmentId = null, DateTime? DeadlineAt = null, string? Level = null,
    string? Method = null, bool? Passed = null, string? Rating = null);

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
