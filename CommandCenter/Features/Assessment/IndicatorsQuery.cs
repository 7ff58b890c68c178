using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Dapper;

namespace CommandCenter.Features.Assessment;

/// <summary>What the indicators are grouped by: the whole city, or a street, department, category or source.</summary>
public enum IndicatorGrouping
{
    City,
    Street,
    Department,
    Category,
    Source,
}

/// <summary>
/// Restricts the indicators to the cases of one street and/or one department (the monthly report's filter);
/// <see cref="City"/> restricts nothing.
/// </summary>
public sealed record IndicatorScope(long? StreetId = null, long? DepartmentId = null)
{
    public static readonly IndicatorScope City = new();
}

/// <summary>The indicator counts of one group (a street, department, category or source; the city has Code "city").</summary>
public sealed record IndicatorGroup(string Code, string Name, IndicatorCounts Counts);

/// <summary>
/// The SQL form of <see cref="Domain.Indicators.Fold"/>: the counts behind every indicator of a period as of T, grouped.
/// The boards' rankings, the indicators API and the monthly report all read it; a test pins it to the C# fold.
/// Cases without a department (not yet dispatched) belong to no department group.
/// </summary>
public sealed class IndicatorsQuery(DbConnectionFactory connections, ReferenceCatalog reference)
{
    public Task<IReadOnlyList<IndicatorGroup>> GetAsync(UtcRange period, DateTime asOf, IndicatorGrouping grouping,
        CancellationToken cancellationToken = default) =>
        GetAsync(period, asOf, grouping, IndicatorScope.City, cancellationToken);

    /// <summary>The groups of the cases within <paramref name="scope"/>.</summary>
    public async Task<IReadOnlyList<IndicatorGroup>> GetAsync(UtcRange period, DateTime asOf, IndicatorGrouping grouping,
        IndicatorScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        return await GetAsync(connection, null, period, asOf, grouping, scope, cancellationToken);
    }

    /// <summary>
    /// The same read inside the caller's transaction: the live rebuild reads its working set and these counts from one
    /// committed state, so its figures agree with each other.
    /// </summary>
    public async Task<IReadOnlyList<IndicatorGroup>> GetAsync(DbConnection connection, DbTransaction? transaction, UtcRange period,
        DateTime asOf, IndicatorGrouping grouping, IndicatorScope scope, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var sql = connections.Sql(SqlFor(grouping));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql,
            new
            {
                From = DapperSetup.Normalize(period.FromUtc), To = DapperSetup.Normalize(period.ToUtc), AsOf = DapperSetup.Normalize(asOf),
                scope.StreetId, scope.DepartmentId,
            },
            transaction, cancellationToken: cancellationToken));
        var groups = new List<IndicatorGroup>();
        foreach (var row in rows)
        {
            if (Name(refData, grouping, row.GroupKey) is not { } named) continue;
            groups.Add(new IndicatorGroup(named.Code, named.Name, row.ToCounts()));
        }
        return groups;
    }

    /// <summary>The city-wide counts of a period as of T.</summary>
    public Task<IndicatorCounts> GetCityAsync(UtcRange period, DateTime asOf, CancellationToken cancellationToken = default) =>
        GetTotalAsync(period, asOf, IndicatorScope.City, cancellationToken);

    /// <summary>The counts of all cases within <paramref name="scope"/>.</summary>
    public async Task<IndicatorCounts> GetTotalAsync(UtcRange period, DateTime asOf, IndicatorScope scope,
        CancellationToken cancellationToken = default) =>
        (await GetAsync(period, asOf, IndicatorGrouping.City, scope, cancellationToken)).SingleOrDefault()?.Counts ?? IndicatorCounts.Zero;

    private static (string Code, string Name)? Name(ReferenceData refData, IndicatorGrouping grouping, string? key)
    {
        if (grouping == IndicatorGrouping.City) return ("city", "city");
        if (key is null) return null;
        if (grouping == IndicatorGrouping.Source) return (key, key);
        var id = long.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
        return grouping switch
        {
            IndicatorGrouping.Street when refData.RegionsById.TryGetValue(id, out var s) => (s.Code, s.Name),
            IndicatorGrouping.Department when refData.DepartmentsById.TryGetValue(id, out var d) => (d.Code, d.Name),
            IndicatorGrouping.Category when refData.CategoriesById.TryGetValue(id, out var c) => (c.Code, c.Name),
            _ => null,
        };
    }

    internal static DialectSql SqlFor(IndicatorGrouping grouping) => grouping switch
    {
        IndicatorGrouping.City => CitySql,
        IndicatorGrouping.Street => ByStreetSql,
        IndicatorGrouping.Department => ByDepartmentSql,
        IndicatorGrouping.Category => ByCategorySql,
        _ => BySourceSql,
    };

    private sealed class Row
    {
        public string? GroupKey { get; init; }
        public long? Reported { get; init; }
        public long? Registered { get; init; }
        public long? Due { get; init; }
        public long? Closed { get; init; }
        public long? ClosedOnTime { get; init; }
        public long? ClosedReworked { get; init; }
        public long? Callbacks { get; init; }
        public long? Satisfied { get; init; }
        public long? ResolvedCount { get; init; }
        public double? ResolutionHours { get; init; }
        public long? Extended { get; init; }
        public long? Held { get; init; }
        public long? Returned { get; init; }
        public long? Voided { get; init; }

        public IndicatorCounts ToCounts() => new(Reported ?? 0, Registered ?? 0, Due ?? 0, Closed ?? 0, ClosedOnTime ?? 0,
            ClosedReworked ?? 0, Callbacks ?? 0, Satisfied ?? 0, ResolvedCount ?? 0, ResolutionHours ?? 0,
            Extended ?? 0, Held ?? 0, Returned ?? 0, Voided ?? 0);
    }

    // Indicators.Fold in SQL; "in P by T" is [@From, @To) and before @AsOf. A case enters only if one of its times is in P.
    // 立案 and every count after it leave out a case void by T; 作废 counts exactly those.
    private const string RegisteredOrVoidInP = "registered_at >= @From AND registered_at < @To AND registered_at < @AsOf";
    private const string RegisteredInP = $"{RegisteredOrVoidInP} AND {DeadlineHold.NotVoidByCondition}";
    // 应结案, and 结案 / 按期结案 / 返工 / 延期 among it, as the fold nests them.
    private const string DueInP = $"{RegisteredInP} AND {Overdue.IsDueByCondition}";
    private const string ResolvedInP = "resolved_at >= @From AND resolved_at < @To AND resolved_at < @AsOf AND dispatched_at IS NOT NULL";

    private const string Counts = $"""
        SUM(CASE WHEN reported_at >= @From AND reported_at < @To AND reported_at < @AsOf THEN 1 ELSE 0 END) AS Reported,
        SUM(CASE WHEN {RegisteredInP} THEN 1 ELSE 0 END) AS Registered,
        SUM(CASE WHEN {DueInP} THEN 1 ELSE 0 END) AS Due,
        SUM(CASE WHEN {DueInP} AND closed_at < @AsOf THEN 1 ELSE 0 END) AS Closed,
        SUM(CASE WHEN {DueInP} AND closed_at < @AsOf AND {Overdue.IsClosedOnTimeCondition} THEN 1 ELSE 0 END) AS ClosedOnTime,
        SUM(CASE WHEN {DueInP} AND closed_at < @AsOf AND rework_count > 0 THEN 1 ELSE 0 END) AS ClosedReworked,
        SUM(CASE WHEN rated_at >= @From AND rated_at < @To AND rated_at < @AsOf THEN 1 ELSE 0 END) AS Callbacks,
        SUM(CASE WHEN rated_at >= @From AND rated_at < @To AND rated_at < @AsOf
                  AND {Satisfaction.IsSatisfiedCondition} THEN 1 ELSE 0 END) AS Satisfied,
        SUM(CASE WHEN {ResolvedInP} THEN 1 ELSE 0 END) AS ResolvedCount,
        SUM(CASE WHEN {DueInP} AND extended_at < @AsOf THEN 1 ELSE 0 END) AS Extended,
        SUM(CASE WHEN {RegisteredInP} AND held_at < @AsOf THEN 1 ELSE 0 END) AS Held,
        SUM(CASE WHEN {RegisteredInP} AND returned_at < @AsOf THEN 1 ELSE 0 END) AS Returned,
        SUM(CASE WHEN {RegisteredOrVoidInP} AND voided_at < @AsOf THEN 1 ELSE 0 END) AS Voided
        """;

    private const string SqliteResolutionHours =
        $"SUM(CASE WHEN {ResolvedInP} THEN (julianday(resolved_at) - julianday(dispatched_at)) * 24.0 ELSE 0.0 END) AS ResolutionHours";

    private const string SqlServerResolutionHours =
        $"SUM(CASE WHEN {ResolvedInP} THEN DATEDIFF_BIG(millisecond, dispatched_at, resolved_at) / 3600000.0 ELSE 0.0 END) AS ResolutionHours";

    // The four ranges as a UNION of ids, so each range uses its own index: with an OR SQLite scans every case (a month of
    // 1,000,000 cases: 19 ms instead of 210 ms). The scope (null = all) narrows to one street and/or department.
    private const string Where = """
        WHERE id IN (
            SELECT id FROM cases WHERE reported_at >= @From AND reported_at < @To
            UNION SELECT id FROM cases WHERE registered_at >= @From AND registered_at < @To
            UNION SELECT id FROM cases WHERE rated_at >= @From AND rated_at < @To
            UNION SELECT id FROM cases WHERE resolved_at >= @From AND resolved_at < @To)
          AND (@StreetId IS NULL OR street_id = @StreetId)
          AND (@DepartmentId IS NULL OR department_id = @DepartmentId)
        """;

    // SQL Server compiles each call afresh (OPTION (RECOMPILE)): one plan for a day and for 731 days, for the city and for
    // one street, would fit neither; with the values known the optimizer drops the "@StreetId IS NULL OR" branch and seeks.
    // A compile costs far less than one wrong plan over a two-year range; the query runs a few times per request.
    private const string Recompile = "OPTION (RECOMPILE)";

    internal static readonly DialectSql CitySql = new(
        $"SELECT NULL AS GroupKey, {Counts}, {SqliteResolutionHours} FROM cases {Where}",
        $"SELECT CAST(NULL AS nvarchar(20)) AS GroupKey, {Counts}, {SqlServerResolutionHours} FROM cases {Where} {Recompile}");
    internal static readonly DialectSql ByStreetSql = new(
        $"SELECT CAST(street_id AS TEXT) AS GroupKey, {Counts}, {SqliteResolutionHours} FROM cases {Where} GROUP BY street_id",
        $"SELECT CAST(street_id AS nvarchar(20)) AS GroupKey, {Counts}, {SqlServerResolutionHours} FROM cases {Where} GROUP BY street_id {Recompile}");
    internal static readonly DialectSql ByDepartmentSql = new(
        $"SELECT CAST(department_id AS TEXT) AS GroupKey, {Counts}, {SqliteResolutionHours} FROM cases {Where} GROUP BY department_id",
        $"SELECT CAST(department_id AS nvarchar(20)) AS GroupKey, {Counts}, {SqlServerResolutionHours} FROM cases {Where} GROUP BY department_id {Recompile}");
    internal static readonly DialectSql ByCategorySql = new(
        $"SELECT CAST(category_id AS TEXT) AS GroupKey, {Counts}, {SqliteResolutionHours} FROM cases {Where} GROUP BY category_id",
        $"SELECT CAST(category_id AS nvarchar(20)) AS GroupKey, {Counts}, {SqlServerResolutionHours} FROM cases {Where} GROUP BY category_id {Recompile}");
    internal static readonly DialectSql BySourceSql = new(
        $"SELECT source AS GroupKey, {Counts}, {SqliteResolutionHours} FROM cases {Where} GROUP BY source",
        $"SELECT source AS GroupKey, {Counts}, {SqlServerResolutionHours} FROM cases {Where} GROUP BY source {Recompile}");
}
