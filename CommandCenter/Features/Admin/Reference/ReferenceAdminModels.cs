using CommandCenter.Domain;

namespace CommandCenter.Features.Admin.Reference;

// Read models of the administration lists: the reference rows with the names of what they point to.

/// <summary>A region (区域) with its parent, as listed in the region tree.</summary>
public sealed class RegionAdminRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    /// district | street | community | grid
    public string Level { get; init; } = "";
    public long? ParentId { get; init; }
    public string? ParentName { get; init; }
}

/// <summary>A department (专业部门 / 责任单位).</summary>
public sealed class DepartmentAdminRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
}

/// <summary>A case category (部件 / 事件) with its time limits (处置时限) and default department.</summary>
public sealed class CategoryAdminRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public CategoryKind Kind { get; init; }
    /// <summary>The amount of 处置时限, in <see cref="TimeLimitUnit"/>.</summary>
    public double TimeLimitHours { get; init; }
    public TimeLimitUnit TimeLimitUnit { get; init; }
    public double UrgentTimeLimitHours { get; init; }
    public TimeLimitUnit UrgentTimeLimitUnit { get; init; }
    public long? DepartmentId { get; init; }
    public string? DepartmentName { get; init; }
}

/// <summary>A road (道路) and the street (街道) it lies in.</summary>
public sealed class RoadAdminRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public long StreetId { get; init; }
    public string StreetName { get; init; } = "";
}

/// <summary>A leader (领导) of the road-responsibility campaign.</summary>
public sealed class LeaderAdminRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Title { get; init; } = "";
    /// 主要领导
    public bool IsMain { get; init; }
    public int RequiredPatrolsPerWeek { get; init; }
}

/// <summary>包路分配: a leader owns a road for a campaign (local dates, inclusive).</summary>
public sealed class RoadAssignmentAdminRow
{
    public long Id { get; init; }
    public long LeaderId { get; init; }
    public string LeaderCode { get; init; } = "";
    public string LeaderName { get; init; } = "";
    public long RoadId { get; init; }
    public string RoadCode { get; init; } = "";
    public string RoadName { get; init; } = "";
    public DateOnly CampaignFrom { get; init; }
    public DateOnly CampaignTo { get; init; }
}

// Edit models: what the forms bind to. Id 0 means a new row; nullable fields are the ones a form can leave empty.

public sealed class RegionForm
{
    public long Id { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Level { get; set; }
    public long? ParentId { get; set; }

    public static RegionForm From(RegionAdminRow r) => new() { Id = r.Id, Code = r.Code, Name = r.Name, Level = r.Level, ParentId = r.ParentId };
}

public sealed class DepartmentForm
{
    public long Id { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }

    public static DepartmentForm From(DepartmentAdminRow r) => new() { Id = r.Id, Code = r.Code, Name = r.Name };
}

public sealed class CategoryForm
{
    public long Id { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public CategoryKind? Kind { get; set; }
    public double? TimeLimitHours { get; set; }
    /// <summary>A new category counts its limits in 工作时, the common unit; an urgent limit may be set in 自然时.</summary>
    public TimeLimitUnit TimeLimitUnit { get; set; } = TimeLimitUnit.WorkingHours;
    public double? UrgentTimeLimitHours { get; set; }
    public TimeLimitUnit UrgentTimeLimitUnit { get; set; } = TimeLimitUnit.WorkingHours;
    public long? DepartmentId { get; set; }

    public static CategoryForm From(CategoryAdminRow r) => new()
    {
        Id = r.Id, Code = r.Code, Name = r.Name, Kind = r.Kind, TimeLimitHours = r.TimeLimitHours, TimeLimitUnit = r.TimeLimitUnit,
        UrgentTimeLimitHours = r.UrgentTimeLimitHours, UrgentTimeLimitUnit = r.UrgentTimeLimitUnit, DepartmentId = r.DepartmentId,
    };
}

public sealed class RoadForm
{
    public long Id { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public long? StreetId { get; set; }

    public static RoadForm From(RoadAdminRow r) => new() { Id = r.Id, Code = r.Code, Name = r.Name, StreetId = r.StreetId };
}

public sealed class LeaderForm
{
    public long Id { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public bool IsMain { get; set; }
    public int? RequiredPatrolsPerWeek { get; set; } = 1;

    public static LeaderForm From(LeaderAdminRow r) => new()
    {
        Id = r.Id, Code = r.Code, Name = r.Name, Title = r.Title, IsMain = r.IsMain, RequiredPatrolsPerWeek = r.RequiredPatrolsPerWeek,
    };
}

public sealed class RoadAssignmentForm
{
    public long Id { get; set; }
    public long? LeaderId { get; set; }
    public long? RoadId { get; set; }
    public DateOnly? CampaignFrom { get; set; }
    public DateOnly? CampaignTo { get; set; }

    public static RoadAssignmentForm From(RoadAssignmentAdminRow r) => new()
    {
        Id = r.Id, LeaderId = r.LeaderId, RoadId = r.RoadId, CampaignFrom = r.CampaignFrom, CampaignTo = r.CampaignTo,
    };
}

/// <summary>A refusal of one field (or of the whole row when <see cref="Field"/> is empty), as a resource key and its arguments.</summary>
public sealed record ReferenceError(string Field, string Key, params object[] Args)
{
    /// <summary>The field name of errors about the whole row rather than one input.</summary>
    public const string Row = "";
}

/// <summary>What still points at a row: a resource key for the kind of row (e.g. "{0} cases") and how many.</summary>
public sealed record ReferenceUsage(string Key, long Count);

/// <summary>The outcome of a save or delete: the row's id, or why nothing was written.</summary>
public sealed class ReferenceCommandResult
{
    private ReferenceCommandResult(long id, IReadOnlyList<ReferenceError> errors, IReadOnlyList<ReferenceUsage> usages)
    {
        Id = id;
        Errors = errors;
        Usages = usages;
    }

    public long Id { get; }
    public IReadOnlyList<ReferenceError> Errors { get; }
    /// <summary>For a refused delete: the rows that still reference the one to delete.</summary>
    public IReadOnlyList<ReferenceUsage> Usages { get; }
    public bool Succeeded => Errors.Count == 0 && Usages.Count == 0;

    public static ReferenceCommandResult Ok(long id) => new(id, [], []);
    public static ReferenceCommandResult Refused(IReadOnlyList<ReferenceError> errors) => new(0, errors, []);
    public static ReferenceCommandResult Refused(ReferenceError error) => new(0, [error], []);
    public static ReferenceCommandResult InUse(IReadOnlyList<ReferenceUsage> usages) => new(0, [], usages);
}
