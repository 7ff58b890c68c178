using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Intake;

namespace CommandCenter.Features.Cases;

/// <summary>
/// What a request sent again under an idempotency key (externalId, eventId, patrolId) changes against what the key recorded the first
/// time, as the API's field names. None: it is a retry, answered with the original. Some: it is another request reusing the
/// key, refused, so that new content is never dropped without a word. A time the sender left out ("now") is not compared.
/// </summary>
public static class RetryDifferences
{
    public static IReadOnlyList<string> OfCase(NewCase sent, CaseRow recorded)
    {
        var fields = new List<string>();
        if (sent.Source != recorded.Source) fields.Add("source");
        if (sent.CategoryId != recorded.CategoryId) fields.Add("categoryCode");
        if (sent.RegionId != recorded.RegionId) fields.Add("regionCode");
        if (sent.RoadId != recorded.RoadId) fields.Add("roadCode");
        if (!string.Equals(sent.Description, recorded.Description, StringComparison.Ordinal)) fields.Add("description");
        if (!string.Equals(sent.Address, recorded.Address, StringComparison.Ordinal)) fields.Add("address");
        if (sent.Lat != recorded.Lat) fields.Add("lat");
        if (sent.Lng != recorded.Lng) fields.Add("lng");
        if (!string.Equals(sent.ReporterPhone, recorded.ReporterPhone, StringComparison.Ordinal)) fields.Add("reporterPhone");
        if (sent.IsUrgent != recorded.IsUrgent) fields.Add("isUrgent");
        if (sent.ReportedAtGiven && DapperSetup.Normalize(sent.ReportedAt) != recorded.ReportedAt) fields.Add("reportedAt");
        return fields;
    }

    /// <summary>A step against the event its id recorded: the type, the time, and the fields of the step's type (all the event keeps).</summary>
    public static IReadOnlyList<string> OfStep(CaseStepRequest sent, string recordedType, DateTime recordedAt, EventData recorded)
    {
        var command = sent.Command;
        var fields = new List<string>();
        if (command.Step.Code() != recordedType) fields.Add("type");
        if (sent.AtGiven && DapperSetup.Normalize(command.At) != recordedAt) fields.Add("at");
        if (command.DepartmentId != recorded.DepartmentId) fields.Add("departmentCode");
        if (command.Level.Code() != recorded.Level) fields.Add("level");
        if (command.Method.Code() != recorded.Method) fields.Add("method");
        if (command.Passed != recorded.Passed) fields.Add("passed");
        if (command.Rating.Code() != recorded.Rating) fields.Add("rating");
        if (!string.Equals(command.Reason, recorded.Reason, StringComparison.Ordinal)) fields.Add("reason");
        if (command.Extra != recorded.Extra) fields.Add("extra");
        return fields;
    }

    /// <summary>A patrol against the one its patrol id recorded.</summary>
    public static IReadOnlyList<string> OfPatrol(NewPatrol sent, PatrolRow recorded)
    {
        var fields = new List<string>();
        if (sent.LeaderId != recorded.LeaderId) fields.Add("leaderCode");
        if (sent.RoadId != recorded.RoadId) fields.Add("roadCode");
        if (DapperSetup.Normalize(sent.StartedAt) != recorded.StartedAt) fields.Add("startedAt");
        if (DapperSetup.Normalize(sent.EndedAt) != recorded.EndedAt) fields.Add("endedAt");
        if (sent.Mode != recorded.Mode) fields.Add("mode");
        return fields;
    }
}
