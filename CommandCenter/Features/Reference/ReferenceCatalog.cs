using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Features.Reference;

/// <summary>
/// Holds the reference tables in memory: they change rarely (an admin's edit calls <see cref="Invalidate"/>)
/// and every write of a case looks codes up in them.
/// </summary>
public sealed class ReferenceCatalog(DbConnectionFactory connections)
{
    private volatile Task<ReferenceData>? _current;

    public Task<ReferenceData> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        if (current is { IsFaulted: false, IsCanceled: false }) return current;
        var loading = LoadAsync(cancellationToken);
        _current = loading;
        return loading;
    }

    public void Invalidate() => _current = null;

    private const string RegionsSql = "SELECT id AS Id, code AS Code, name AS Name, level AS Level, parent_id AS ParentId FROM regions ORDER BY code";
    private const string DepartmentsSql = "SELECT id AS Id, code AS Code, name AS Name FROM departments ORDER BY code";
    private const string CategoriesSql = """
        SELECT id AS Id, code AS Code, name AS Name, kind AS Kind, time_limit_hours AS TimeLimitHours,
               urgent_time_limit_hours AS UrgentTimeLimitHours, department_id AS DepartmentId
        FROM categories ORDER BY code
        """;
    private const string RoadsSql = "SELECT id AS Id, code AS Code, name AS Name, street_id AS StreetId FROM roads ORDER BY code";
    private const string LeadersSql = """
        SELECT id AS Id, code AS Code, name AS Name, title AS Title, is_main AS IsMain,
               required_patrols_per_week AS RequiredPatrolsPerWeek
        FROM leaders ORDER BY code
        """;

    private async Task<ReferenceData> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var regions = await connection.QueryAsync<RegionRow>(new CommandDefinition(RegionsSql, cancellationToken: cancellationToken));
        var departments = await connection.QueryAsync<DepartmentRow>(new CommandDefinition(DepartmentsSql, cancellationToken: cancellationToken));
        var categories = await connection.QueryAsync<CategoryRow>(new CommandDefinition(CategoriesSql, cancellationToken: cancellationToken));
        var roads = await connection.QueryAsync<RoadRow>(new CommandDefinition(RoadsSql, cancellationToken: cancellationToken));
        var leaders = await connection.QueryAsync<LeaderRow>(new CommandDefinition(LeadersSql, cancellationToken: cancellationToken));
        return new ReferenceData(regions, departments, categories, roads, leaders);
    }
}
