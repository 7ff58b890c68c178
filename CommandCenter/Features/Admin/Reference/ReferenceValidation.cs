using System.Text.RegularExpressions;
using CommandCenter.Domain;

namespace CommandCenter.Features.Admin.Reference;

/// <summary>
/// The rules of the reference-data forms, in plain C# so they are tested without a database or a browser.
/// Each method returns every problem at once (an empty list when the form may be saved); what needs the database
/// (the parent's level, the leader's other assignments) is passed in by the command that loaded it.
/// </summary>
public static partial class ReferenceValidation
{
    public const int CodeMaxLength = 64;
    public const int NameMaxLength = 100;
    public const int MaxPatrolsPerWeek = 21;
    /// <summary>A sanity bound on a handling time limit: a year.</summary>
    public const double MaxTimeLimitHours = 24 * 366;

    /// <summary>The region levels from the top (区 → 街道 → 社区 → 单元网格).</summary>
    public static readonly string[] RegionLevels = ["district", "street", "community", "grid"];

    /// <summary>The level a region's parent must have: null for a district (the root).</summary>
    public static string? ParentLevelOf(string level) =>
        Array.IndexOf(RegionLevels, level) is > 0 and var i ? RegionLevels[i - 1] : null;

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\z")]
    private static partial Regex CodePattern();

    public static void Code(string? code, List<ReferenceError> errors, string field = "Code")
    {
        if (string.IsNullOrWhiteSpace(code)) errors.Add(new(field, "AdminRef.Error.Required"));
        else if (code.Length > CodeMaxLength) errors.Add(new(field, "AdminRef.Error.CodeTooLong", CodeMaxLength));
        else if (!CodePattern().IsMatch(code)) errors.Add(new(field, "AdminRef.Error.CodeFormat"));
    }

    public static void Text(string? text, List<ReferenceError> errors, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) errors.Add(new(field, "AdminRef.Error.Required"));
        else if (text.Trim().Length > NameMaxLength) errors.Add(new(field, "AdminRef.Error.TooLong", NameMaxLength));
    }

    /// <param name="parentLevel">The level of the chosen parent as stored, or null when none is chosen or it no longer exists.</param>
    public static IReadOnlyList<ReferenceError> Region(RegionForm form, string? parentLevel)
    {
        var errors = new List<ReferenceError>();
        Code(form.Code, errors);
        Text(form.Name, errors, nameof(form.Name));
        if (string.IsNullOrEmpty(form.Level) || !RegionLevels.Contains(form.Level))
        {
            errors.Add(new(nameof(form.Level), "AdminRef.Error.Required"));
            return errors;
        }
        var expected = ParentLevelOf(form.Level);
        if (expected is null)
        {
            if (form.ParentId is not null) errors.Add(new(nameof(form.ParentId), "AdminRef.Error.DistrictHasNoParent"));
        }
        else if (form.ParentId is null)
        {
            errors.Add(new(nameof(form.ParentId), "AdminRef.Error.Required"));
        }
        else if (parentLevel != expected)
        {
            // The argument is a resource key so the page can name the level in the reader's language.
            errors.Add(new(nameof(form.ParentId), "AdminRef.Error.ParentLevel", $"AdminRef.Level.{expected}"));
        }
        return errors;
    }

    public static IReadOnlyList<ReferenceError> Department(DepartmentForm form)
    {
        var errors = new List<ReferenceError>();
        Code(form.Code, errors);
        Text(form.Name, errors, nameof(form.Name));
        return errors;
    }

    public static IReadOnlyList<ReferenceError> Category(CategoryForm form)
    {
        var errors = new List<ReferenceError>();
        Code(form.Code, errors);
        Text(form.Name, errors, nameof(form.Name));
        if (form.Kind is not { } kind || !Enum.IsDefined(kind)) errors.Add(new(nameof(form.Kind), "AdminRef.Error.Required"));
        var normalOk = TimeLimit(form.TimeLimitHours, errors, nameof(form.TimeLimitHours));
        var urgentOk = TimeLimit(form.UrgentTimeLimitHours, errors, nameof(form.UrgentTimeLimitHours));
        // Amounts in different units do not compare (4 工作时 may outlast 24 自然时 over a holiday).
        if (normalOk && urgentOk && form.UrgentTimeLimitUnit == form.TimeLimitUnit && form.UrgentTimeLimitHours > form.TimeLimitHours)
            errors.Add(new(nameof(form.UrgentTimeLimitHours), "AdminRef.Error.UrgentAboveNormal"));
        return errors;
    }

    private static bool TimeLimit(double? hours, List<ReferenceError> errors, string field)
    {
        if (hours is not { } h) errors.Add(new(field, "AdminRef.Error.Required"));
        else if (double.IsNaN(h) || h <= 0) errors.Add(new(field, "AdminRef.Error.Positive"));
        else if (h > MaxTimeLimitHours) errors.Add(new(field, "AdminRef.Error.TimeLimitTooLong", MaxTimeLimitHours));
        else return true;
        return false;
    }

    /// <param name="streetLevel">The level of the chosen street as stored, or null when none is chosen or it no longer exists.</param>
    public static IReadOnlyList<ReferenceError> Road(RoadForm form, string? streetLevel)
    {
        var errors = new List<ReferenceError>();
        Code(form.Code, errors);
        Text(form.Name, errors, nameof(form.Name));
        if (form.StreetId is null) errors.Add(new(nameof(form.StreetId), "AdminRef.Error.Required"));
        else if (streetLevel != "street") errors.Add(new(nameof(form.StreetId), "AdminRef.Error.NotAStreet"));
        return errors;
    }

    public static IReadOnlyList<ReferenceError> Leader(LeaderForm form)
    {
        var errors = new List<ReferenceError>();
        Code(form.Code, errors);
        Text(form.Name, errors, nameof(form.Name));
        Text(form.Title, errors, nameof(form.Title));
        if (form.RequiredPatrolsPerWeek is not { } n) errors.Add(new(nameof(form.RequiredPatrolsPerWeek), "AdminRef.Error.Required"));
        else if (n is < 0 or > MaxPatrolsPerWeek)
            errors.Add(new(nameof(form.RequiredPatrolsPerWeek), "AdminRef.Error.PatrolsRange", 0, MaxPatrolsPerWeek));
        return errors;
    }

    /// <summary>An existing campaign of the same leader, for the overlap rule.</summary>
    public readonly record struct Campaign(long Id, DateOnly From, DateOnly To);

    /// <param name="leaderCampaigns">The leader's stored assignments (the one being edited may be among them; it is skipped).</param>
    public static IReadOnlyList<ReferenceError> RoadAssignment(RoadAssignmentForm form, IEnumerable<Campaign> leaderCampaigns)
    {
        var errors = new List<ReferenceError>();
        if (form.LeaderId is null) errors.Add(new(nameof(form.LeaderId), "AdminRef.Error.Required"));
        if (form.RoadId is null) errors.Add(new(nameof(form.RoadId), "AdminRef.Error.Required"));
        if (form.CampaignFrom is null) errors.Add(new(nameof(form.CampaignFrom), "AdminRef.Error.Required"));
        if (form.CampaignTo is null) errors.Add(new(nameof(form.CampaignTo), "AdminRef.Error.Required"));
        if (form.CampaignFrom is not { } from || form.CampaignTo is not { } to) return errors;
        if (from > to)
        {
            errors.Add(new(nameof(form.CampaignTo), "AdminRef.Error.CampaignOrder"));
            return errors;
        }
        if (form.LeaderId is null) return errors;
        foreach (var other in leaderCampaigns)
        {
            if (other.Id == form.Id || !Overlaps(from, to, other.From, other.To)) continue;
            errors.Add(new(nameof(form.CampaignFrom), "AdminRef.Error.CampaignOverlap",
                other.From.ToString("yyyy-MM-dd"), other.To.ToString("yyyy-MM-dd")));
            break;
        }
        return errors;
    }

    /// <summary>Two inclusive date ranges share at least one day.</summary>
    public static bool Overlaps(DateOnly fromA, DateOnly toA, DateOnly fromB, DateOnly toB) => fromA <= toB && fromB <= toA;
}
