using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using Dapper;

namespace CommandCenter.Features.Cases;

/// <summary>One case of the case list (案件列表): codes as the API sends them, times UTC. No phone: the list shows no PII.</summary>
public sealed record CaseListItem(
    string CaseNo,
    string Status,
    string Source,
    string CategoryCode,
    string StreetCode,
    string RegionCode,
    string? RoadCode,
    string? DepartmentCode,
    string Level,
    bool IsUrgent,
    DateTime ReportedAt,
    DateTime? RegisteredAt,
    DateTime? DeadlineAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    DateTime LastStepAt,
    string? Address,
    string Description);

/// <summary>A page of the case list: how many cases match in all, this page's rows, and the cursor of the next page (null on the last).</summary>
public sealed record CaseListPage(long Total, IReadOnlyList<CaseListItem> Items, string? NextCursor);

/// <summary>
/// 案件查询: the cases a <see cref="CaseFilter"/> selects, a page at a time by keyset (the sort time and the id of the last
/// row, never OFFSET: the 50th page costs what the first does), with the total count. The overdue filters are the SQL of
/// their one definition (<see cref="Overdue.IsOverdueAtCondition"/>, <see cref="SoonDue.IsSoonDueAtCondition"/>) at now.
/// </summary>
public sealed class CaseListQuery(DbConnectionFactory connections, ReferenceCatalog reference, BusinessCalendar calendar, TimeProvider clock)
{
    public async Task<CaseListPage> GetAsync(CaseListRequest request, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var (where, parameters) = Where(request.Filter, refData, calendar, clock.GetUtcNow().UtcDateTime);
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql(where), parameters, cancellationToken: cancellationToken));

        var sort = request.Filter.Sort;
        if (request.Cursor is { } cursor)
        {
            parameters.Add("AfterAt", DapperSetup.Normalize(cursor.At));
            parameters.Add("AfterId", cursor.Id);
        }
        // One row more than asked tells whether a next page exists.
        parameters.Add("Take", request.Limit + 1);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            connections.Sql(PageSql(where, sort, request.Cursor is not null)), parameters, cancellationToken: cancellationToken))).ToList();

        var items = rows.Take(request.Limit).Select(r => r.ToItem(refData)).ToList();
        string? next = null;
        if (rows.Count > request.Limit)
        {
            var last = rows[request.Limit - 1];
            next = new CaseCursor(sort, StoredTime.Utc(sort == CaseSort.LastStepDesc ? last.LastStepAt : last.ReportedAt)!.Value, last.Id).Encode();
        }
        return new CaseListPage(total, items, next);
    }

    /// <summary>
    /// The WHERE of a filter, made of constant fragments (a filter not set adds nothing, so each query keeps the plan of its
    /// index), and its parameters. Codes were checked by <see cref="CaseFilters.Parse"/>; enum codes are written as literals so
    /// that no NVARCHAR parameter meets a VARCHAR column on SQL Server.
    /// </summary>
    internal static (string Where, DynamicParameters Parameters) Where(CaseFilter f, ReferenceData refData, BusinessCalendar calendar, DateTime now)
    {
        var conditions = new List<string>();
        var p = new DynamicParameters();
        if (f.From is { } from && f.To is { } to)
        {
            conditions.Add(f.DateField switch
            {
                CaseDateField.Registered => "registered_at >= @From AND registered_at < @To",
                CaseDateField.Closed => "closed_at >= @From AND closed_at < @To",
                CaseDateField.Resolved => "resolved_at >= @From AND resolved_at < @To",
                CaseDateField.Rated => "rated_at >= @From AND rated_at < @To",
                _ => "reported_at >= @From AND reported_at < @To",
            });
            p.Add("From", DapperSetup.Normalize(calendar.StartOfDayUtc(from)));
            var end = calendar.StartOfDayUtc(to.AddDays(1));
            p.Add("To", DapperSetup.Normalize(end));
            // T of the period (docs/domain.md): its end, or now while it runs. The figures judged "as of T" read it.
            if (f.Outcome is not null || f.Problem is not null) p.Add(PeriodAsOf, DapperSetup.Normalize(end < now ? end : now));
        }
        if (f.Outcome is { } outcome) conditions.Add(OutcomeCondition(outcome));
        if (f.Problem is { } problem) conditions.Add(ProblemCondition(problem));
        if (f.Status is { } status) conditions.Add($"status = '{status.Code()}'");
        if (f.Overdue || f.SoonDue) p.Add("AsOf", DapperSetup.Normalize(now));
        if (f.Overdue) conditions.Add(Overdue.IsOverdueAtCondition);
        if (f.SoonDue)
        {
            conditions.Add(SoonDue.IsSoonDueAtCondition);
            // The end of the window in working time: one working hour after now, in the calendar the catalog holds now.
            p.Add("SoonDueBy", DapperSetup.Normalize(SoonDue.WindowAt(refData.WorkingTime(calendar), now).Until));
        }
        if (f.Street is { } street)
        {
            conditions.Add("street_id = @StreetId");
            p.Add("StreetId", refData.Region(street)!.Id);
        }
        if (f.Community is { } community)
        {
            conditions.Add("region_id IN @CommunityRegionIds");
            p.Add("CommunityRegionIds", RegionAndBelow(refData, refData.Region(community)!.Id));
        }
        if (f.Grid is { } grid)
        {
            conditions.Add("region_id = @GridId");
            p.Add("GridId", refData.Region(grid)!.Id);
        }
        if (f.Department is { } department)
        {
            conditions.Add("department_id = @DepartmentId");
            p.Add("DepartmentId", refData.Department(department)!.Id);
        }
        if (f.Category is { } category)
        {
            conditions.Add("category_id = @CategoryId");
            p.Add("CategoryId", refData.Category(category)!.Id);
        }
        if (f.Road is { } road)
        {
            conditions.Add("road_id = @RoadId");
            p.Add("RoadId", refData.Road(road)!.Id);
        }
        if (f.Source is { } source) conditions.Add($"source = '{source.Code()}'");
        if (f.Method is { } method) conditions.Add($"method = '{method.Code()}'");
        if (f.Level is { } level) conditions.Add($"level = '{level.Code()}'");
        if (f.Urgent is { } urgent) conditions.Add(urgent ? "is_urgent = 1" : "is_urgent = 0");
        if (f.Q is { } q)
        {
            conditions.Add(@"(case_no LIKE @Q ESCAPE '\' OR description LIKE @Q ESCAPE '\' OR address LIKE @Q ESCAPE '\')");
            p.Add("Q", "%" + q.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_").Replace("[", @"\[") + "%");
        }
        return (conditions.Count == 0 ? "1 = 1" : string.Join(" AND ", conditions), p);
    }

    private const string PeriodAsOf = "PeriodAsOf";

    /// <summary>A condition of <c>Domain/</c> written with T as <c>@AsOf</c>, with the period's T instead (now stays <c>@AsOf</c>).</summary>
    private static string AtPeriodEnd(string condition) => condition.Replace("@AsOf", "@" + PeriodAsOf, StringComparison.Ordinal);

    /// <summary>
    /// <see cref="Indicators.Fold"/>'s 应结案 / 结案 / 按期结案 of a case registered in the period (the period's own condition
    /// is the date field's): registered before T and due by T, then closed before T, then closed on time.
    /// </summary>
    internal static string OutcomeCondition(CaseOutcome outcome)
    {
        var due = $"registered_at < @{PeriodAsOf} AND {AtPeriodEnd(Overdue.IsDueByCondition)}";
        var closed = $"{due} AND closed_at < @{PeriodAsOf}";
        return "(" + outcome switch
        {
            CaseOutcome.Registered => $"registered_at < @{PeriodAsOf} AND {AtPeriodEnd(DeadlineHold.NotVoidByCondition)}",
            CaseOutcome.Due => due,
            CaseOutcome.Closed => closed,
            _ => $"{closed} AND {Overdue.IsClosedOnTimeCondition}",
        } + ")";
    }

    /// <summary>
    /// <see cref="Domain.RoadResponsibility.Fold"/>'s problems among the cases reported in the period: found (reported before T,
    /// not rejected by T), then resolved or closed before T, neither, or 超期未处置 at T.
    /// </summary>
    internal static string ProblemCondition(RoadProblem problem)
    {
        var found = $"reported_at < @{PeriodAsOf} AND (rejected_at IS NULL OR rejected_at >= @{PeriodAsOf})";
        var resolved = $"(resolved_at < @{PeriodAsOf} OR closed_at < @{PeriodAsOf})";
        return "(" + problem switch
        {
            RoadProblem.Found => found,
            RoadProblem.Resolved => $"{found} AND {resolved}",
            RoadProblem.Open => $"{found} AND (resolved_at IS NULL OR resolved_at >= @{PeriodAsOf}) AND (closed_at IS NULL OR closed_at >= @{PeriodAsOf})",
            _ => $"{found} AND {AtPeriodEnd(Overdue.IsOverdueAtCondition)}",
        } + ")";
    }

    private static List<long> RegionAndBelow(ReferenceData refData, long id)
    {
        var ids = new List<long> { id };
        for (var i = 0; i < ids.Count; i++)
            ids.AddRange(refData.Regions.Where(r => r.ParentId == ids[i]).Select(r => r.Id));
        return ids;
    }

    private const string Columns = """
        id AS Id, case_no AS CaseNo, status AS Status, source AS Source, category_id AS CategoryId, street_id AS StreetId,
        region_id AS RegionId, road_id AS RoadId, department_id AS DepartmentId, level AS Level, is_urgent AS IsUrgent,
        reported_at AS ReportedAt, registered_at AS RegisteredAt, deadline_at AS DeadlineAt, resolved_at AS ResolvedAt,
        closed_at AS ClosedAt, last_step_at AS LastStepAt, address AS Address, description AS Description
        """;

    internal static string CountSql(string where) => $"SELECT COUNT(*) FROM cases WHERE {where}";

    /// <summary>A page's SQL on both engines: the keyset condition (after the cursor's row) and the order of the sort.</summary>
    internal static DialectSql PageSql(string where, CaseSort sort, bool afterCursor)
    {
        var (column, direction, comparison) = Keyset(sort);
        var keyset = afterCursor ? $" AND ({column} {comparison} @AfterAt OR ({column} = @AfterAt AND id {comparison} @AfterId))" : "";
        var order = OrderBy(sort);
        return new DialectSql(
            $"SELECT {Columns} FROM cases WHERE {where}{keyset} {order} LIMIT @Take",
            $"SELECT TOP (@Take) {Columns} FROM cases WHERE {where}{keyset} {order}");
    }

    /// <summary>A sort's time column, its direction and the comparison that continues after a row.</summary>
    private static (string Column, string Direction, string Comparison) Keyset(CaseSort sort) => sort switch
    {
        CaseSort.ReportedAsc => ("reported_at", "ASC", ">"),
        CaseSort.LastStepDesc => ("last_step_at", "DESC", "<"),
        _ => ("reported_at", "DESC", "<"),
    };

    /// <summary>The ORDER BY of a sort (the list's pages and its export list the cases in the same order).</summary>
    internal static string OrderBy(CaseSort sort)
    {
        var (column, direction, _) = Keyset(sort);
        return $"ORDER BY {column} {direction}, id {direction}";
    }

    /// <summary>How many cases a filter selects now (the list's total).</summary>
    public async Task<long> CountAsync(CaseFilter filter, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var (where, parameters) = Where(filter, refData, calendar, clock.GetUtcNow().UtcDateTime);
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql(where), parameters, cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string CaseNo { get; init; } = "";
        public string Status { get; init; } = "";
        public string Source { get; init; } = "";
        public long CategoryId { get; init; }
        public long StreetId { get; init; }
        public long RegionId { get; init; }
        public long? RoadId { get; init; }
        public long? DepartmentId { get; init; }
        public string Level { get; init; } = "";
        public bool IsUrgent { get; init; }
        public object? ReportedAt { get; init; }
        public object? RegisteredAt { get; init; }
        public object? DeadlineAt { get; init; }
        public object? ResolvedAt { get; init; }
        public object? ClosedAt { get; init; }
        public object? LastStepAt { get; init; }
        public string? Address { get; init; }
        public string Description { get; init; } = "";

        public CaseListItem ToItem(ReferenceData refData) => new(
            CaseNo, Status, Source,
            refData.CategoriesById.TryGetValue(CategoryId, out var c) ? c.Code : "",
            refData.RegionsById.TryGetValue(StreetId, out var s) ? s.Code : "",
            refData.RegionsById.TryGetValue(RegionId, out var r) ? r.Code : "",
            RoadId is { } road && refData.RoadsById.TryGetValue(road, out var rd) ? rd.Code : null,
            DepartmentId is { } d && refData.DepartmentsById.TryGetValue(d, out var dep) ? dep.Code : null,
            Level, IsUrgent,
            StoredTime.Utc(ReportedAt)!.Value, StoredTime.Utc(RegisteredAt), StoredTime.Utc(DeadlineAt), StoredTime.Utc(ResolvedAt),
            StoredTime.Utc(ClosedAt), StoredTime.Utc(LastStepAt)!.Value, Address, Description);
    }
}
