using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CommandCenter.Domain;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Reference;

namespace CommandCenter.Apis;

/// <summary><c>POST /api/v1/cases</c> and one line of <c>import FILE.ndjson</c> (which adds <see cref="Events"/>).</summary>
public sealed record CaseCreateRequest(
    string? ExternalId,
    string? Source,
    string? CategoryCode,
    string? RegionCode,
    string? RoadCode,
    string? Description,
    string? Address,
    double? Lat,
    double? Lng,
    string? ReporterPhone,
    bool? IsUrgent,
    string? ReportedAt,
    IReadOnlyList<CaseEventRequest>? Events = null);

/// <summary><c>POST /api/v1/cases/{caseNo}/events</c>: one workflow step.</summary>
/// <param name="Reason">Why: required of extend-request, suspend, return and void.</param>
/// <param name="Extra">The extra time an extend-request asks for, in the unit of the category's time limit.</param>
public sealed record CaseEventRequest(
    string? EventId,
    string? Type,
    string? At,
    string? DepartmentCode,
    string? Level,
    string? Method,
    bool? Passed,
    string? Rating,
    string? Reason = null,
    double? Extra = null);

/// <summary><c>POST /api/v1/patrols</c>: a leader's patrol of a road.</summary>
public sealed record PatrolRequest(
    string? PatrolId,
    string? LeaderCode,
    string? RoadCode,
    string? StartedAt,
    string? EndedAt,
    string? Mode);

/// <summary>
/// Turns what other systems send (codes, ISO 8601 texts) into the domain's requests (ids, UTC times), naming every bad field.
/// The API and the importer share it, so a line the importer takes is a request the API takes, and the other way round.
/// </summary>
public static partial class IntakeRequests
{
    public const int MaxIdLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxAddressLength = 500;
    public const int MaxPhoneLength = 32;
    public const int MaxReasonLength = 500;
    /// <summary>Clocks of other systems drift; a time further ahead than this is refused.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);
    /// <summary>No history before this is accepted: a year 1 or 1970 time is a client's bug, not a case.</summary>
    public static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly TimeSpan MaxPatrolDuration = TimeSpan.FromHours(24);
    /// <summary>A patrol shorter than this is a mis-tap in the field app, not a patrol: it would count towards 领导包路 all the same.</summary>
    public static readonly TimeSpan MinPatrolDuration = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Options for request bodies and import lines: camelCase, no comments, a key twice is an error, numbers are JSON numbers
    /// (the web defaults would read "36.9" and "NaN" from strings), and a field the request does not have is an error (a
    /// misspelt field would otherwise be dropped without a word).
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        MaxDepth = 16,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The problems of a request, by field (camelCase, e.g. <c>events[2].at</c>).</summary>
    public sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);
        public bool Any => _byField.Count > 0;
        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var list)) _byField[field] = list = [];
            list.Add(message);
        }
        public Dictionary<string, string[]> ToDictionary() => _byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        /// <summary>One line for the importer's report.</summary>
        public override string ToString() => string.Join("; ", _byField.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
    }

    /// <summary>A case to create, or null with <paramref name="errors"/> filled. <paramref name="forImport"/> requires the externalId and reportedAt.</summary>
    public static NewCase? ToNewCase(CaseCreateRequest r, ReferenceData refData, DateTime nowUtc, Errors errors, bool forImport = false)
    {
        var externalId = Id(r.ExternalId, "externalId", errors, required: forImport,
            requiredMessage: "externalId is required for import, so that running the file again adds nothing twice.");
        var source = Code<CaseSource>(r.Source, "source", errors, "supervisor, hotline, grid, leader, sensor or app");
        var category = Reference(r.CategoryCode, "categoryCode", "category", refData.Category, errors, required: true);
        var region = Reference(r.RegionCode, "regionCode", "region", refData.Region, errors, required: true);
        var street = region is null ? null : refData.StreetOf(region);
        if (region is not null && street is null)
            errors.Add("regionCode", $"Region '{region.Code}' is a {region.Level}; send a street, community or grid code.");
        var road = Reference(r.RoadCode, "roadCode", "road", refData.Road, errors, required: false);
        if (road is not null && street is not null && road.StreetId != street.Id)
            errors.Add("roadCode", $"Road '{road.Code}' is in street '{refData.RegionsById.GetValueOrDefault(road.StreetId)?.Code}', " +
                                   $"not in the case's street '{street.Code}'; a case counts on the roads of its own street.");
        var description = Text(r.Description, "description", MaxDescriptionLength, errors, required: true, multiline: true);
        var address = Text(r.Address, "address", MaxAddressLength, errors, required: false);
        var phone = Phone(r.ReporterPhone, errors);
        Coordinates(r.Lat, r.Lng, errors);
        var reportedAt = Instant(r.ReportedAt, "reportedAt", nowUtc, errors, required: forImport) ?? nowUtc;
        if (errors.Any) return null;
        return new NewCase(externalId, source, category!.Id, region!.Id, road?.Id, description!, address, r.Lat, r.Lng, phone,
            r.IsUrgent ?? false, reportedAt, ReportedAtGiven: r.ReportedAt is not null);
    }

    /// <summary>A workflow step, or null with <paramref name="errors"/> filled (fields prefixed by <paramref name="prefix"/>).</summary>
    public static CaseStepRequest? ToStep(CaseEventRequest r, ReferenceData refData, DateTime nowUtc, Errors errors, string prefix = "",
        bool forImport = false)
    {
        var eventId = Id(r.EventId, prefix + "eventId", errors, required: true, requiredMessage: "eventId is required: it makes a retried step harmless.");
        if (eventId is not null && eventId.StartsWith(CaseService.ReportEventIdPrefix, StringComparison.OrdinalIgnoreCase))
            errors.Add(prefix + "eventId", $"Event ids starting with '{CaseService.ReportEventIdPrefix}' are reserved for the report event.");
        var step = Code<CaseStep>(r.Type, prefix + "type", errors, StepCodes);
        if (r.Type is not null && step == CaseStep.Report && DomainCodes.TryParse<CaseStep>(r.Type, out _))
            errors.Add(prefix + "type", $"A case is reported by POST /api/v1/cases, not by an event; use {StepCodes}.");
        var at = Instant(r.At, prefix + "at", nowUtc, errors, required: forImport) ?? nowUtc;

        long? departmentId = null;
        EscalationLevel? level = null;
        ResolutionMethod? method = null;
        SatisfactionRating? rating = null;
        var department = Reference(r.DepartmentCode, prefix + "departmentCode", "department", refData.Department, errors,
            required: step == CaseStep.Dispatch, requiredMessage: "A dispatch needs the departmentCode it goes to.");
        if (r.Level is not null) level = Code<EscalationLevel>(r.Level, prefix + "level", errors, "grid, community or street");
        if (r.Method is not null || step == CaseStep.Resolve)
            method = Code<ResolutionMethod>(r.Method, prefix + "method", errors, "service, management or enforcement");
        if (r.Rating is not null || step == CaseStep.Satisfaction)
            rating = Code<SatisfactionRating>(r.Rating, prefix + "rating", errors, "verysatisfied, satisfied or dissatisfied");
        if (step == CaseStep.Verify && r.Passed is null) errors.Add(prefix + "passed", "A verify step needs passed: true or false.");
        var reason = Text(r.Reason, prefix + "reason", MaxReasonLength, errors, required: CaseWorkflow.NeedsReason(step), multiline: true);
        if (step == CaseStep.ExtendRequest && r.Extra is not (> 0 and <= MaxExtra))
            errors.Add(prefix + "extra", r.Extra is null
                ? "An extend-request needs extra: the time asked for, in the unit of the category's time limit."
                : $"extra must be more than 0 and at most {MaxExtra} (in the unit of the category's time limit).");
        if (errors.Any) return null;
        departmentId = department?.Id;

        // Only the fields of the step's own type are kept: they are what the event records.
        var command = step switch
        {
            CaseStep.Dispatch => new CaseCommand(step, at, DepartmentId: departmentId),
            CaseStep.Escalate => new CaseCommand(step, at, Level: level),
            CaseStep.Resolve => new CaseCommand(step, at, Method: method),
            CaseStep.Verify => new CaseCommand(step, at, Passed: r.Passed),
            CaseStep.Satisfaction => new CaseCommand(step, at, Rating: rating),
            CaseStep.ExtendRequest => new CaseCommand(step, at, Reason: reason, Extra: r.Extra),
            // A decision or a resume may say why too.
            CaseStep.ExtendApprove or CaseStep.ExtendRefuse or CaseStep.Suspend or CaseStep.Resume or CaseStep.Return or CaseStep.Void =>
                new CaseCommand(step, at, Reason: reason),
            _ => new CaseCommand(step, at),
        };
        return new CaseStepRequest(eventId!, command, AtGiven: r.At is not null);
    }

    /// <summary>A case with its ordered steps for the importer, or null with <paramref name="errors"/> filled.</summary>
    public static CaseImport? ToImport(CaseCreateRequest r, ReferenceData refData, DateTime nowUtc, Errors errors)
    {
        var newCase = ToNewCase(r, refData, nowUtc, errors, forImport: true);
        var steps = new List<CaseStepRequest>(r.Events?.Count ?? 0);
        for (var i = 0; i < (r.Events?.Count ?? 0); i++)
        {
            if (r.Events![i] is not { } e)
            {
                errors.Add($"events[{i}]", "An event must be an object.");
                continue;
            }
            if (ToStep(e, refData, nowUtc, errors, $"events[{i}].", forImport: true) is { } step) steps.Add(step);
        }
        return errors.Any ? null : new CaseImport(newCase!, steps);
    }

    /// <summary>A patrol to record, or null with <paramref name="errors"/> filled.</summary>
    public static NewPatrol? ToPatrol(PatrolRequest r, ReferenceData refData, DateTime nowUtc, Errors errors)
    {
        var patrolId = Id(r.PatrolId, "patrolId", errors, required: true,
            requiredMessage: "patrolId is required: it makes a retried patrol harmless (the same patrolId again returns the recorded patrol).");
        var leader = Reference(r.LeaderCode, "leaderCode", "leader", refData.Leader, errors, required: true);
        var road = Reference(r.RoadCode, "roadCode", "road", refData.Road, errors, required: true);
        var startedAt = Instant(r.StartedAt, "startedAt", nowUtc, errors, required: true);
        var endedAt = Instant(r.EndedAt, "endedAt", nowUtc, errors, required: true);
        var mode = Code<PatrolMode>(r.Mode, "mode", errors, "walk, bike or drive");
        if (startedAt is { } s && endedAt is { } e)
        {
            if (e < s) errors.Add("endedAt", "endedAt is earlier than startedAt.");
            else if (e - s < MinPatrolDuration)
                errors.Add("endedAt", $"A patrol lasts at least {MinPatrolDuration.TotalMinutes:0} minute; this one ends {(e - s).TotalSeconds:0} s after it starts.");
            else if (e - s > MaxPatrolDuration) errors.Add("endedAt", $"A patrol lasts at most {MaxPatrolDuration.TotalHours:0} hours.");
        }
        if (errors.Any) return null;
        return new NewPatrol(patrolId!, leader!.Id, road!.Id, startedAt!.Value, endedAt!.Value, mode);
    }

    /// <summary>What is wrong with a body or line that does not deserialize, and in which field (<c>events[2].at</c>, or <c>body</c>).</summary>
    public static (string Field, string Message) JsonProblem<T>(JsonException ex)
    {
        var field = ex.Path is null || ex.Path == "$" ? "body" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path.TrimStart('$');
        if (UnmappedPropertyMessage().Match(ex.Message) is { Success: true } unmapped)
        {
            var name = Shown(unmapped.Groups["name"].Value);
            var unknown = field.EndsWith(name, StringComparison.Ordinal) ? field : field == "body" ? name : $"{field}.{name}";
            return (unknown, $"{unknown} is not a field of this request (GET /api/v1/openapi.json lists them).");
        }
        // A value of the wrong type: say which type the field takes (the exception's own text names .NET types).
        if (ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && ExpectedType(typeof(T), field) is { } expected)
            return (field, $"{field} must be {expected}.");
        if (ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            return (field, $"{field} is given more than once.");
        return (field, $"Malformed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
    }

    private static string? ExpectedType(Type type, string field)
    {
        if (field == "body") return "a JSON object";
        foreach (var part in field.Split('.'))
        {
            var property = type.GetProperty(part.Split('[')[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return null;
            type = property.PropertyType;
            if (part.Contains('[') && type.IsGenericType) type = type.GetGenericArguments()[0];
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "a string"
            : type == typeof(double) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type.IsGenericType ? "an array"
            : "an object";
    }

    private const string StepCodes = "register, reject, dispatch, escalate, resolve, verify, satisfaction, extend-request, " +
        "extend-approve, extend-refuse, suspend, resume, return or void";

    /// <summary>The most an extension may ask for, in any unit: far more than any department needs, and a typing error beyond.</summary>
    public const double MaxExtra = 1000;

    private static string? Id(string? value, string field, Errors errors, bool required, string requiredMessage)
    {
        if (value is null)
        {
            if (required) errors.Add(field, requiredMessage);
            return null;
        }
        if (value.Length == 0 || value.Length > MaxIdLength || value.Any(char.IsWhiteSpace) || value.Any(char.IsControl))
        {
            errors.Add(field, $"{field} must be 1 to {MaxIdLength} characters without spaces or control characters.");
            return null;
        }
        return value;
    }

    private static TEnum Code<TEnum>(string? value, string field, Errors errors, string allowed) where TEnum : struct, Enum
    {
        if (value is null) errors.Add(field, $"{field} is required: {allowed}.");
        else if (!DomainCodes.TryParse<TEnum>(value, out var parsed)) errors.Add(field, $"Unknown {field} '{Shown(value)}'; use {allowed}.");
        else return parsed;
        return default;
    }

    private static TRow? Reference<TRow>(string? code, string field, string what, Func<string?, TRow?> lookUp, Errors errors, bool required,
        string? requiredMessage = null) where TRow : class
    {
        if (code is null)
        {
            if (required) errors.Add(field, requiredMessage ?? $"{field} is required.");
            return null;
        }
        if (code.Length > ReferenceValidation.CodeMaxLength || lookUp(code) is not { } row)
        {
            errors.Add(field, $"Unknown {what} code '{Shown(code)}'; GET /api/v1/reference lists the codes.");
            return null;
        }
        return row;
    }

    /// <summary>A free text; only a <paramref name="multiline"/> one (the description) may hold line breaks and tabs.</summary>
    private static string? Text(string? value, string field, int maxLength, Errors errors, bool required, bool multiline = false)
    {
        if (value is null || (required && string.IsNullOrWhiteSpace(value)))
        {
            if (required) errors.Add(field, $"{field} is required and may not be blank.");
            return null;
        }
        if (value.Length > maxLength) errors.Add(field, $"{field} is {value.Length} characters long; at most {maxLength} are allowed.");
        else if (ForbiddenControlAt(value, multiline) is { } at)
            errors.Add(field, $"{field} contains the control character U+{(int)value[at]:X4} at position {at + 1}; " +
                              (multiline ? "only line breaks (\\n or \\r\\n) and tabs are allowed." : "it is one line of text."));
        else return value;
        return null;
    }

    /// <summary>Where the first control character not allowed is: a multi-line text may hold \n, \r\n and tabs, nothing else (a lone \r neither).</summary>
    private static int? ForbiddenControlAt(string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsControl(c)) continue;
            if (multiline && (c is '\n' or '\t' || (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n'))) continue;
            return i;
        }
        return null;
    }

    private static string? Phone(string? value, Errors errors)
    {
        if (value is null) return null;
        if (value.Length > MaxPhoneLength || !PhonePattern().IsMatch(value))
        {
            errors.Add("reporterPhone", "reporterPhone must be 3 to 32 digits, spaces, '+', '-' or parentheses.");
            return null;
        }
        return value;
    }

    private static void Coordinates(double? lat, double? lng, Errors errors)
    {
        if (lat is null != lng is null) errors.Add(lat is null ? "lat" : "lng", "Send lat and lng together, or neither.");
        // Written as "not inside" so that a NaN, which compares false with everything, is outside too.
        if (lat is { } la && la is not (>= -90 and <= 90)) errors.Add("lat", $"lat {la} is outside -90 … 90.");
        if (lng is { } lo && lo is not (>= -180 and <= 180)) errors.Add("lng", $"lng {lo} is outside -180 … 180.");
    }

    /// <summary>An ISO 8601 time that carries its UTC offset, not in the future beyond the tolerance, as UTC.</summary>
    private static DateTime? Instant(string? value, string field, DateTime nowUtc, Errors errors, bool required)
    {
        if (value is null)
        {
            if (required) errors.Add(field, $"{field} is required (ISO 8601 with offset, e.g. 2026-11-23T10:00:00+08:00).");
            return null;
        }
        var match = InstantPattern().Match(value);
        if (!match.Success)
        {
            errors.Add(field, $"{field} '{Shown(value)}' is not an ISO 8601 time such as 2026-11-23T10:00:00+08:00.");
            return null;
        }
        if (!match.Groups["offset"].Success)
        {
            errors.Add(field, $"{field} '{Shown(value)}' has no UTC offset, so the moment is unknown; add one, e.g. '{value}+08:00' or '{value}Z'.");
            return null;
        }
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            errors.Add(field, $"{field} '{Shown(value)}' is not a valid date and time.");
            return null;
        }
        var utc = parsed.UtcDateTime;
        if (utc > nowUtc + FutureTolerance)
            errors.Add(field, $"{field} {utc:yyyy-MM-ddTHH:mm:ssZ} is in the future (server time {nowUtc:yyyy-MM-ddTHH:mm:ssZ}).");
        else if (utc < Earliest) errors.Add(field, $"{field} is before {Earliest:yyyy-MM-dd}.");
        else return utc;
        return null;
    }

    /// <summary>A value quoted in a message, cut short so a 10 MB string does not come back in the answer.</summary>
    internal static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";

    // \A and \z, not ^ and $: $ also matches before a final "\n", which would let "…+08:00\n" and "138…\n" through.
    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(?<offset>Z|[+-][0-9]{2}:[0-9]{2})?\z")]
    private static partial Regex InstantPattern();

    [GeneratedRegex(@"\A[0-9+\-() ]{3,32}\z")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"\AThe JSON property '(?<name>.*)' could not be mapped", RegexOptions.Singleline)]
    private static partial Regex UnmappedPropertyMessage();
}
