using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;

namespace CommandCenter.Features.Reports;

/// <summary>
/// One lifecycle step of the month (延期, 缓办, 回退, 作废) as the monthly report lists it; times are the business time
/// zone's wall clock, as in the 明细.
/// </summary>
/// <param name="Department">The case's department now (none after a return, until the case is dispatched again).</param>
/// <param name="Extra">An extension request's extra time, in <paramref name="Unit"/> (the category's limit unit).</param>
/// <param name="Deadline">The deadline an approval or a resume moved the case to.</param>
public sealed record LifecycleLine(string CaseNo, CaseStep Step, DateTime At, string? Department, string? Reason, double? Extra,
    TimeLimitUnit? Unit, DateTime? Deadline);

/// <summary>
/// The 延期、缓办、回退、作废 sheet of the monthly report: every lifecycle step taken in the month before T, of the cases in the
/// report's scope, in time order, with its reason and (for a request) the extra time asked for, read from the event's data.
/// </summary>
public sealed class LifecycleStepsQuery(DbConnectionFactory connections, ReferenceCatalog reference, BusinessCalendar calendar)
{
    /// <summary>The step types the sheet lists (the codes of <see cref="Steps"/>).</summary>
    public static readonly IReadOnlyList<CaseStep> Steps =
    [
        CaseStep.ExtendRequest, CaseStep.ExtendApprove, CaseStep.ExtendRefuse, CaseStep.Suspend, CaseStep.Resume, CaseStep.Return, CaseStep.Void,
    ];

    public async Task<IReadOnlyList<LifecycleLine>> GetAsync(UtcRange month, DateTime asOf, long? streetId, long? departmentId,
        CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(StepsSql, new
        {
            From = DapperSetup.Normalize(month.FromUtc), To = DapperSetup.Normalize(month.ToUtc), AsOf = DapperSetup.Normalize(asOf),
            StreetId = streetId, DepartmentId = departmentId,
        }, cancellationToken: cancellationToken));
        var lines = new List<LifecycleLine>();
        foreach (var r in rows)
        {
            if (!DomainCodes.TryParse<CaseStep>(r.Type, out var step)) continue;
            var data = EventData.Parse(r.Data);
            var category = refData.CategoriesById.GetValueOrDefault(r.CategoryId);
            lines.Add(new LifecycleLine(r.CaseNo, step, calendar.ToLocal(r.At),
                r.DepartmentId is { } d && refData.DepartmentsById.TryGetValue(d, out var department) ? department.Name : null,
                data.Reason, data.Extra, step == CaseStep.ExtendRequest ? category?.TimeLimitFor(r.IsUrgent).Unit : null,
                CaseWorkflow.SetsDeadline(step) && data.DeadlineAt is { } deadline ? calendar.ToLocal(deadline) : null));
        }
        return lines;
    }

    private sealed class Row
    {
        public string CaseNo { get; init; } = "";
        public string Type { get; init; } = "";
        public DateTime At { get; init; }
        public long CategoryId { get; init; }
        public bool IsUrgent { get; init; }
        public long? DepartmentId { get; init; }
        public string? Data { get; init; }
    }

    // The month's events of these types before T; the scope (null = all) is the case's street and department. Through
    // cases.last_step_at (a step's time is never after it), so the read seeks an index instead of scanning every event.
    // The types are literals (the codes of Steps, pinned by a test): a parameter would be NVARCHAR against a VARCHAR column
    // on SQL Server, a scan.
    internal const string StepsSql = """
        SELECT c.case_no AS CaseNo, e.type AS Type, e.at AS At, c.category_id AS CategoryId, c.is_urgent AS IsUrgent,
               c.department_id AS DepartmentId, e.data AS Data
        FROM cases c JOIN case_events e ON e.case_id = c.id
        WHERE c.last_step_at >= @From AND e.at >= @From AND e.at < @To AND e.at < @AsOf AND e.type IN ('extend-request', 'extend-approve', 'extend-refuse', 'suspend', 'resume', 'return', 'void')
          AND (@StreetId IS NULL OR c.street_id = @StreetId) AND (@DepartmentId IS NULL OR c.department_id = @DepartmentId)
        ORDER BY e.at, e.id
        """;
}
