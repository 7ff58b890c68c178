using CommandCenter.Data;
using CommandCenter.Domain;
using Dapper;

namespace CommandCenter.Features.Reference;

/// <summary>
/// Holds the reference tables in memory: they change rarely and every write of a case looks codes up in them. An edit on
/// any node ends the cached copy through <see cref="Invalidate"/>: at once on the node that made it, within the change
/// feed's poll interval on the others (<see cref="CommandCenter.Security.SecurityChangeFeed"/>).
/// </summary>
public sealed class ReferenceCatalog(DbConnectionFactory connections)
{
    private readonly Lock _gate = new();

    /// <summary>The shared load: running, or done with the data; a failed one is replaced by the next caller's.</summary>
    private Task<ReferenceData>? _current;

    /// <summary>
    /// The reference data, loaded once for every caller. The load belongs to no caller: <paramref name="cancellationToken"/>
    /// ends only this caller's wait (an aborted request must not fail the load the others are waiting for).
    /// </summary>
    public Task<ReferenceData> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<ReferenceData> load;
        lock (_gate)
        {
            if (_current is null || (_current.IsCompleted && !_current.IsCompletedSuccessfully))
                _current = Task.Run(LoadAsync, CancellationToken.None);
            load = _current;
        }
        return load.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets the data: the next caller loads it again. A load running now is not kept, since it may have read the tables
    /// before the edit; the lock makes sure it cannot be stored after this.
    /// </summary>
    public void Invalidate()
    {
        lock (_gate) _current = null;
        Invalidated?.Invoke();
    }

    /// <summary>
    /// Raised after <see cref="Invalidate"/>: a screen that keeps something read from the reference data (a wall's managed
    /// places) reads it again now rather than at its next snapshot. Handlers must return at once (post their work).
    /// </summary>
    public event Action? Invalidated;

    private const string RegionsSql = "SELECT id AS Id, code AS Code, name AS Name, level AS Level, parent_id AS ParentId FROM regions ORDER BY code";
    private const string DepartmentsSql = "SELECT id AS Id, code AS Code, name AS Name FROM departments ORDER BY code";
    private const string CategoriesSql = """
        SELECT id AS Id, code AS Code, name AS Name, kind AS Kind, time_limit_hours AS TimeLimitHours, time_limit_unit AS TimeLimitUnit,
               urgent_time_limit_hours AS UrgentTimeLimitHours, urgent_time_limit_unit AS UrgentTimeLimitUnit, department_id AS DepartmentId
        FROM categories ORDER BY code
        """;
    private const string WorkCalendarSql = "SELECT day AS Day, name AS Name, is_off_day AS IsOffDay FROM work_calendar ORDER BY day";
    private const string RoadsSql = "SELECT id AS Id, code AS Code, name AS Name, street_id AS StreetId FROM roads ORDER BY code";
    private const string LeadersSql = """
        SELECT id AS Id, code AS Code, name AS Name, title AS Title, is_main AS IsMain,
               required_patrols_per_week AS RequiredPatrolsPerWeek
        FROM leaders ORDER BY code
        """;

    private async Task<ReferenceData> LoadAsync()
    {
        await using var connection = await connections.OpenAsync();
        var regions = await connection.QueryAsync<RegionRow>(RegionsSql);
        var departments = await connection.QueryAsync<DepartmentRow>(DepartmentsSql);
        var categories = await connection.QueryAsync<CategoryRow>(CategoriesSql);
        var roads = await connection.QueryAsync<RoadRow>(RoadsSql);
        var leaders = await connection.QueryAsync<LeaderRow>(LeadersSql);
        var days = await connection.QueryAsync<WorkCalendarRow>(WorkCalendarSql);
        return new ReferenceData(regions, departments, categories, roads, leaders, new HolidayCalendar(days.Select(d => d.ToDay())));
    }
}
