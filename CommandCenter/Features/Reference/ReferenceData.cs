using CommandCenter.Domain;

namespace CommandCenter.Features.Reference;

public sealed class RegionRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    /// district | street | community | grid
    public string Level { get; init; } = "";
    public long? ParentId { get; init; }
}

public sealed class DepartmentRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
}

public sealed class CategoryRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public CategoryKind Kind { get; init; }
    /// 处置时限: the amount, in <see cref="TimeLimitUnit"/> (the column keeps its first name, time_limit_hours).
    public double TimeLimitHours { get; init; }
    public TimeLimitUnit TimeLimitUnit { get; init; }
    /// 紧急案件处置时限: the amount, in <see cref="UrgentTimeLimitUnit"/>.
    public double UrgentTimeLimitHours { get; init; }
    public TimeLimitUnit UrgentTimeLimitUnit { get; init; }
    public long? DepartmentId { get; init; }

    /// <summary>The category's 处置时限 for a case, urgent or not.</summary>
    public TimeLimit TimeLimitFor(bool isUrgent) =>
        isUrgent ? new(UrgentTimeLimitHours, UrgentTimeLimitUnit) : new(TimeLimitHours, TimeLimitUnit);
}

/// <summary>A <c>work_calendar</c> row: a statutory day off or a make-up working day (<see cref="CalendarDay"/>).</summary>
public sealed class WorkCalendarRow
{
    public DateOnly Day { get; init; }
    public string Name { get; init; } = "";
    public bool IsOffDay { get; init; }

    public CalendarDay ToDay() => new(Day, Name, IsOffDay);
}

public sealed class RoadRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public long StreetId { get; init; }
}

public sealed class LeaderRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Title { get; init; } = "";
    public bool IsMain { get; init; }
    public int RequiredPatrolsPerWeek { get; init; }
}

/// <summary>An immutable copy of the reference tables with lookups by id and by code.</summary>
public sealed class ReferenceData
{
    public ReferenceData(IEnumerable<RegionRow> regions, IEnumerable<DepartmentRow> departments, IEnumerable<CategoryRow> categories,
        IEnumerable<RoadRow> roads, IEnumerable<LeaderRow> leaders, HolidayCalendar? holidays = null)
    {
        Holidays = holidays ?? HolidayCalendar.None;
        Regions = regions.ToList();
        Departments = departments.ToList();
        Categories = categories.ToList();
        Roads = roads.ToList();
        Leaders = leaders.ToList();
        RegionsById = Regions.ToDictionary(r => r.Id);
        _regionsByCode = Regions.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);
        DepartmentsById = Departments.ToDictionary(d => d.Id);
        _departmentsByCode = Departments.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);
        CategoriesById = Categories.ToDictionary(c => c.Id);
        _categoriesByCode = Categories.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
        RoadsById = Roads.ToDictionary(r => r.Id);
        _roadsByCode = Roads.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);
        LeadersById = Leaders.ToDictionary(l => l.Id);
        _leadersByCode = Leaders.ToDictionary(l => l.Code, StringComparer.OrdinalIgnoreCase);
    }

    private readonly Dictionary<string, RegionRow> _regionsByCode;
    private readonly Dictionary<string, DepartmentRow> _departmentsByCode;
    private readonly Dictionary<string, CategoryRow> _categoriesByCode;
    private readonly Dictionary<string, RoadRow> _roadsByCode;
    private readonly Dictionary<string, LeaderRow> _leadersByCode;

    public IReadOnlyList<RegionRow> Regions { get; }
    public IReadOnlyList<DepartmentRow> Departments { get; }
    public IReadOnlyList<CategoryRow> Categories { get; }
    public IReadOnlyList<RoadRow> Roads { get; }
    public IReadOnlyList<LeaderRow> Leaders { get; }
    /// <summary>节假日与调休 (<c>work_calendar</c>): the working days deadlines count.</summary>
    public HolidayCalendar Holidays { get; }
    public IReadOnlyDictionary<long, RegionRow> RegionsById { get; }
    public IReadOnlyDictionary<long, DepartmentRow> DepartmentsById { get; }
    public IReadOnlyDictionary<long, CategoryRow> CategoriesById { get; }
    public IReadOnlyDictionary<long, RoadRow> RoadsById { get; }
    public IReadOnlyDictionary<long, LeaderRow> LeadersById { get; }

    public IEnumerable<RegionRow> Streets => Regions.Where(r => r.Level == "street");

    public RegionRow? Region(string? code) => code is not null && _regionsByCode.TryGetValue(code, out var r) ? r : null;
    public DepartmentRow? Department(string? code) => code is not null && _departmentsByCode.TryGetValue(code, out var d) ? d : null;
    public CategoryRow? Category(string? code) => code is not null && _categoriesByCode.TryGetValue(code, out var c) ? c : null;
    public RoadRow? Road(string? code) => code is not null && _roadsByCode.TryGetValue(code, out var r) ? r : null;
    public LeaderRow? Leader(string? code) => code is not null && _leadersByCode.TryGetValue(code, out var l) ? l : null;

    /// <summary>The working time of the calendar's days in the business time zone's working hours.</summary>
    public WorkingTime WorkingTime(BusinessCalendar calendar) => new(calendar, Holidays);

    /// <summary>The street (街道) a region belongs to: itself for a street, its ancestor for a community or grid, null above.</summary>
    public RegionRow? StreetOf(RegionRow region)
    {
        for (RegionRow? r = region; r is not null; r = r.ParentId is { } p && RegionsById.TryGetValue(p, out var parent) ? parent : null)
            if (r.Level == "street") return r;
        return null;
    }
}
