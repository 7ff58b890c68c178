using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Data;
using CommandCenter.Domain;

namespace CommandCenter.Features.Cases;

/// <summary>
/// What a <c>case_events</c> row carries in its <c>data</c> column beyond its type and time: the status the step led to and
/// the step's own fields. <see cref="CaseService"/> writes it; the live loader and the API's case history read it.
/// <see cref="DeadlineAt"/> is the case's deadline after the step; <see cref="Reason"/> and <see cref="Extra"/> are a lifecycle
/// step's (延期申请, 缓办, 回退, 作废).
/// </summary>
public sealed record EventData(string? Status = null, long? DepartmentId = null, DateTime? DeadlineAt = null, string? Level = null,
    string? Method = null, bool? Passed = null, string? Rating = null, string? Reason = null, double? Extra = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The data of a step that led to <paramref name="after"/>.</summary>
    public static EventData For(CaseCommand command, CaseState after) => new(after.Status.Code(), command.DepartmentId, after.DeadlineAt,
        command.Level.Code(), command.Method.Code(), command.Passed, command.Rating.Code(), command.Reason, command.Extra);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The stored text read back (empty when there is none); a <see cref="JsonException"/> when it is not this shape.</summary>
    public static EventData Parse(string? json)
    {
        var data = string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<EventData>(json, Json);
        return data is null ? new EventData() : data with { DeadlineAt = data.DeadlineAt is { } d ? DapperSetup.Normalize(d) : null };
    }
}
