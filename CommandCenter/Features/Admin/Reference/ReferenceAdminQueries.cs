using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Features.Admin.Reference;

/// <summary>The lists of the reference-data administration, read from the primary database (an admin must see their own edit).</summary>
public sealed class ReferenceAdminQueries(DbConnectionFactory connections)
{
    public Task<IReadOnlyList<RegionAdminRow>> RegionsAsync(CancellationToken cancellationToken = default) =>
        ListAsync<RegionAdminRow>(RegionsSql, cancellationToken);

    public Task<IReadOnlyList<DepartmentAdminRow>> DepartmentsAsync(CancellationToken cancellationToken = default) =>
        ListAsync<DepartmentAdminRow>(DepartmentsSql, cancellationToken);

    public Task<IReadOnlyList<CategoryAdminRow>> CategoriesAsync(CancellationToken cancellationToken = default) =>
        ListAsync<CategoryAdminRow>(CategoriesSql, cancellationToken);

    public Task<IReadOnlyList<RoadAdminRow>> RoadsAsync(CancellationToken cancellationToken = default) =>
        ListAsync<RoadAdminRow>(RoadsSql, cancellationToken);

    public Task<IReadOnlyList<LeaderAdminRow>> LeadersAsync(CancellationToken cancellationToken = default) =>
        ListAsync<LeaderAdminRow>(LeadersSql, cancellationToken);

    public Task<IReadOnlyList<RoadAssignmentAdminRow>> RoadAssignmentsAsync(CancellationToken cancellationToken = default) =>
        ListAsync<RoadAssignmentAdminRow>(RoadAssignmentsSql, cancellationToken);

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<T>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    internal const string RegionsSql = """
        SELECT r.id AS Id, r.code AS Code, r.name AS Name, r.level AS Level, r.parent_id AS ParentId, p.name AS ParentName
        FROM regions r
        LEFT JOIN regions p ON p.id = r.parent_id
        ORDER BY r.code;
        """;

    internal const string DepartmentsSql = """
        SELECT id AS Id, code AS Code, name AS Name
        FROM departments
        ORDER BY code;
        """;

    internal const string CategoriesSql = """
        SELECT c.id AS Id, c.code AS Code, c.name AS Name, c.kind AS Kind, c.time_limit_hours AS TimeLimitHours,
               c.time_limit_unit AS TimeLimitUnit, c.urgent_time_limit_hours AS UrgentTimeLimitHours,
               c.urgent_time_limit_unit AS UrgentTimeLimitUnit, c.department_id AS DepartmentId, d.name AS DepartmentName
        FROM categories c
        LEFT JOIN departments d ON d.id = c.department_id
        ORDER BY c.code;
        """;

    internal const string RoadsSql = """
        SELECT r.id AS Id, r.code AS Code, r.name AS Name, r.street_id AS StreetId, s.name AS StreetName
        FROM roads r
        JOIN regions s ON s.id = r.street_id
        ORDER BY r.code;
        """;

    internal const string LeadersSql = """
        SELECT id AS Id, code AS Code, name AS Name, title AS Title, is_main AS IsMain,
               required_patrols_per_week AS RequiredPatrolsPerWeek
        FROM leaders
        ORDER BY code;
        """;

    internal const string RoadAssignmentsSql = """
        SELECT a.id AS Id, a.leader_id AS LeaderId, l.code AS LeaderCode, l.name AS LeaderName,
               a.road_id AS RoadId, r.code AS RoadCode, r.name AS RoadName,
               a.campaign_from AS CampaignFrom, a.campaign_to AS CampaignTo
        FROM road_assignments a
        JOIN leaders l ON l.id = a.leader_id
        JOIN roads r ON r.id = a.road_id
        ORDER BY l.code, a.campaign_from;
        """;
}
