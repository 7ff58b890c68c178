using System.Data;
using CommandCenter.Data;
using CommandCenter.Domain;
using Dapper;

namespace CommandCenter.Testing;

/// <summary>
/// The reference data of a city for tests and benchmarks (区 → 街道 → 社区 → 网格, departments, categories with their time
/// limits, roads, leaders and their road assignments), described fluently and written through Dapper in the order given.
/// A row names its parent by code; its id is the database's unless given, for data that refers to fixed ids.
/// Shared by CommandCenter.Tests and bench/CommandCenter.Bench (linked into the bench project).
/// </summary>
public sealed class TestCity
{
    private readonly List<Row> _rows = [];

    /// <param name="Parent">The parent's table and code, when the row has one: the insert fails loudly if no such row exists.</param>
    private sealed record Row(string Sql, object Values, string What, (string Table, string Code)? Parent);

    /// <summary>
    /// 济阳区 with three streets (a grid straight under each), three departments, four categories, three roads and three
    /// leaders: 王局长 owns 纬二路 for the 2026 campaign, 李副局长 经十路 until June and 开元大街 in 2027, 张主任 开元大街
    /// from November 2026. The live pipeline's tests and benchmarks run on it.
    /// </summary>
    public static TestCity ThreeStreets() => new TestCity()
        .District(id: 1)
        .Street("S01", "济阳街道", id: 2).Street("S02", "济北街道", id: 3).Street("S03", "回河街道", id: 4)
        .Grid("G01", "一网格", "S01", id: 11).Grid("G02", "二网格", "S02", id: 12).Grid("G03", "三网格", "S03", id: 13)
        .Department("municipal", "市政", id: 1).Department("landscape", "园林", id: 2).Department("sanitation", "环卫", id: 3)
        .Category("manhole", "井盖", CategoryKind.Component, hours: 48, urgentHours: 4, "municipal", id: 1)
        .Category("vending", "占道经营", CategoryKind.Event, hours: 2, urgentHours: 1, "sanitation", id: 2)
        .Category("bbq", "露天烧烤", CategoryKind.Event, hours: 6, urgentHours: 1, "sanitation", id: 3)
        .Category("tree", "树木倒伏", CategoryKind.Component, hours: 24, urgentHours: 3, "landscape", id: 4)
        .Road("R01", "纬二路", "S01", id: 1).Road("R02", "经十路", "S02", id: 2).Road("R03", "开元大街", "S03", id: 3)
        .Leader("L01", "王局长", "局长", isMain: true, patrolsPerWeek: 3, id: 1)
        .Leader("L02", "李副局长", "副局长", patrolsPerWeek: 1, id: 2)
        .Leader("L03", "张主任", "主任", patrolsPerWeek: 2, id: 3)
        .Assignment("L01", "R01", "2026-03-01", "2026-12-31", id: 1)
        .Assignment("L02", "R02", "2026-01-01", "2026-06-30", id: 2)
        .Assignment("L03", "R03", "2026-11-01", "2027-03-31", id: 3)
        .Assignment("L02", "R03", "2027-01-01", "2027-12-31", id: 4);

    /// <summary>区 (the top of the region tree).</summary>
    public TestCity District(string code = "D01", string name = "济阳区", long? id = null) => Region(code, name, "district", null, id);

    /// <summary>街道 in a district.</summary>
    public TestCity Street(string code, string name, string district = "D01", long? id = null) => Region(code, name, "street", district, id);

    /// <summary>社区 in a street.</summary>
    public TestCity Community(string code, string name, string street, long? id = null) => Region(code, name, "community", street, id);

    /// <summary>网格 in a community (or straight in a street, as small test cities have it).</summary>
    public TestCity Grid(string code, string name, string parent, long? id = null) => Region(code, name, "grid", parent, id);

    public TestCity Department(string code, string name, long? id = null) => Add(
        "INSERT INTO departments (id, code, name) VALUES (@Id, @Code, @Name)",
        new { Id = id, Code = code, Name = name }, $"department {code}", null);

    /// <summary>A category with its time limit and urgent time limit in hours, and the department it is dispatched to by default.</summary>
    public TestCity Category(string code, string name, CategoryKind kind, double hours, double urgentHours, string? department = null,
        long? id = null) => Add(
        department is null
            ? """
              INSERT INTO categories (id, code, name, kind, time_limit_hours, urgent_time_limit_hours, department_id)
              VALUES (@Id, @Code, @Name, @Kind, @Hours, @UrgentHours, NULL)
              """
            : """
              INSERT INTO categories (id, code, name, kind, time_limit_hours, urgent_time_limit_hours, department_id)
              SELECT @Id, @Code, @Name, @Kind, @Hours, @UrgentHours, id FROM departments WHERE code = @Parent
              """,
        new { Id = id, Code = code, Name = name, Kind = kind.ToString().ToLowerInvariant(), Hours = hours, UrgentHours = urgentHours, Parent = department },
        $"category {code}", department is null ? null : ("departments", department));

    /// <summary>A road in a street.</summary>
    public TestCity Road(string code, string name, string street, long? id = null) => Add(
        "INSERT INTO roads (id, code, name, street_id) SELECT @Id, @Code, @Name, id FROM regions WHERE code = @Parent",
        new { Id = id, Code = code, Name = name, Parent = street }, $"road {code}", ("regions", street));

    /// <summary>A leader of the road-responsibility campaign (领导包路) and the patrols a week they owe.</summary>
    public TestCity Leader(string code, string name, string title, bool isMain = false, int patrolsPerWeek = 1, long? id = null) => Add(
        """
        INSERT INTO leaders (id, code, name, title, is_main, required_patrols_per_week)
        VALUES (@Id, @Code, @Name, @Title, @IsMain, @PatrolsPerWeek)
        """,
        new { Id = id, Code = code, Name = name, Title = title, IsMain = isMain ? 1 : 0, PatrolsPerWeek = patrolsPerWeek }, $"leader {code}", null);

    /// <summary>A leader owns a road from one local date to another (inclusive, "yyyy-MM-dd").</summary>
    public TestCity Assignment(string leader, string road, string from, string to, long? id = null) => Add(
        """
        INSERT INTO road_assignments (id, leader_id, road_id, campaign_from, campaign_to)
        SELECT @Id, l.id, r.id, @From, @To FROM leaders l, roads r WHERE l.code = @Leader AND r.code = @Parent
        """,
        new { Id = id, Leader = leader, Parent = road, From = from, To = to }, $"assignment of {leader} to {road}", ("leaders and roads", $"{leader}, {road}"));

    /// <summary>Writes every row, in the order given.</summary>
    public void Write(IDbConnection connection, IDbTransaction? transaction = null)
    {
        foreach (var row in _rows)
            if (connection.Execute(row.Sql, row.Values, transaction) != 1) throw Missing(row);
    }

    /// <inheritdoc cref="Write"/>
    public async Task WriteAsync(IDbConnection connection, IDbTransaction? transaction = null)
    {
        foreach (var row in _rows)
            if (await connection.ExecuteAsync(row.Sql, row.Values, transaction) != 1) throw Missing(row);
    }

    /// <summary>
    /// Writes cases straight into <c>cases</c> (no events), each with the status its latest step implies; times are stored
    /// as the app stores them (<see cref="DapperSetup.Normalize"/>).
    /// </summary>
    public static void WriteCases(IDbConnection connection, IEnumerable<StoredCase> cases, IDbTransaction? transaction = null)
    {
        foreach (var c in cases)
            connection.Execute("""
                INSERT INTO cases (case_no, source, category_id, region_id, street_id, road_id, description, address, reporter_phone, is_urgent,
                                   status, level, department_id, method, rating, rework_count, reported_at, registered_at, rejected_at,
                                   dispatched_at, deadline_at, resolved_at, closed_at, rated_at, last_step_at,
                                   extended_at, held_at, resumed_at, returned_at, voided_at)
                VALUES (@CaseNo, @Source, @CategoryId, @RegionId, @StreetId, @RoadId, @Description, @Address, @Phone, 0, @Status, @Level,
                        @DepartmentId, @Method, @Rating, @ReworkCount, @ReportedAt, @RegisteredAt, @RejectedAt, @DispatchedAt,
                        @DeadlineAt, @ResolvedAt, @ClosedAt, @RatedAt, @ReportedAt,
                        @ExtendedAt, @HeldAt, @ResumedAt, @ReturnedAt, @VoidedAt)
                """, new
            {
                c.CaseNo, c.Source, c.CategoryId, c.RegionId, c.StreetId, c.RoadId, c.Description, c.Address, c.Phone, c.Status, c.Level,
                c.DepartmentId, c.Method, c.Rating, c.ReworkCount,
                ReportedAt = DapperSetup.Normalize(c.ReportedAt),
                RegisteredAt = Stored(c.RegisteredAt), RejectedAt = Stored(c.RejectedAt), DispatchedAt = Stored(c.DispatchedAt),
                DeadlineAt = Stored(c.DeadlineAt), ResolvedAt = Stored(c.ResolvedAt), ClosedAt = Stored(c.ClosedAt), RatedAt = Stored(c.RatedAt),
                ExtendedAt = Stored(c.ExtendedAt), HeldAt = Stored(c.HeldAt), ResumedAt = Stored(c.ResumedAt), ReturnedAt = Stored(c.ReturnedAt),
                VoidedAt = Stored(c.VoidedAt),
            }, transaction);
    }

    private static DateTime? Stored(DateTime? t) => t is { } v ? DapperSetup.Normalize(v) : null;

    private static InvalidOperationException Missing(Row row) =>
        new($"Test city: {row.What} not written, no {row.Parent?.Table} with code {row.Parent?.Code}.");

    private TestCity Region(string code, string name, string level, string? parent, long? id) => Add(
        parent is null
            ? "INSERT INTO regions (id, code, name, level, parent_id) VALUES (@Id, @Code, @Name, @Level, NULL)"
            : "INSERT INTO regions (id, code, name, level, parent_id) SELECT @Id, @Code, @Name, @Level, id FROM regions WHERE code = @Parent",
        new { Id = id, Code = code, Name = name, Level = level, Parent = parent }, $"{level} {code}", parent is null ? null : ("regions", parent));

    private TestCity Add(string sql, object values, string what, (string, string)? parent)
    {
        _rows.Add(new Row(sql, values, what, parent));
        return this;
    }
}

/// <summary>
/// A case as tests write it straight into <c>cases</c> with <see cref="TestCity.WriteCases"/>: codes as stored (source,
/// level, method, rating), times UTC.
/// </summary>
public sealed record StoredCase(string CaseNo, string Source, long CategoryId, long RegionId, long StreetId, DateTime ReportedAt)
{
    public long? RoadId { get; init; }
    public long? DepartmentId { get; init; }
    public string Description { get; init; } = "测试";
    public string? Address { get; init; }
    public string? Phone { get; init; }
    public string Level { get; init; } = "grid";
    public string? Method { get; init; }
    public string? Rating { get; init; }
    public int ReworkCount { get; init; }
    public DateTime? RegisteredAt { get; init; }
    public DateTime? RejectedAt { get; init; }
    public DateTime? DispatchedAt { get; init; }
    public DateTime? DeadlineAt { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    public DateTime? RatedAt { get; init; }
    public DateTime? ExtendedAt { get; init; }
    public DateTime? HeldAt { get; init; }
    public DateTime? ResumedAt { get; init; }
    public DateTime? ReturnedAt { get; init; }
    public DateTime? VoidedAt { get; init; }

    /// <summary>The status the latest step implies.</summary>
    public string Status => VoidedAt is not null ? "void" : ClosedAt is not null ? "closed" : ResolvedAt is not null ? "resolved"
        : HeldAt is not null && ResumedAt is null ? "onhold" : DispatchedAt is not null ? "dispatched"
        : RejectedAt is not null ? "rejected" : RegisteredAt is not null ? "registered" : "reported";
}
