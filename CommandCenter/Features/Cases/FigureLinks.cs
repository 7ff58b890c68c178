using CommandCenter.Domain;
using CommandCenter.Features.Reports;
using CommandCenter.Features.RoadResponsibility;

namespace CommandCenter.Features.Cases;

/// <summary>
/// The case list behind a figure: for each linked figure, the filter that selects exactly the cases it counts (a test per
/// figure holds the list's total to the figure). Figures without such a filter carry no link.
/// </summary>
public static class FigureLinks
{
    /// <summary>今日上报: reported on the local day.</summary>
    public static CaseFilter ReportedOn(DateOnly day) => new() { From = day, To = day };

    /// <summary>今日立案: registered on the local day.</summary>
    public static CaseFilter RegisteredOn(DateOnly day) => new() { From = day, To = day, DateField = CaseDateField.Registered };

    /// <summary>今日结案: closed on the local day.</summary>
    public static CaseFilter ClosedOn(DateOnly day) => new() { From = day, To = day, DateField = CaseDateField.Closed };

    /// <summary>处置中 (live): dispatched, not yet resolved.</summary>
    public static readonly CaseFilter InProgress = new() { Status = CaseStatus.Dispatched };

    /// <summary>超期未处置 (live): <see cref="Overdue.IsOverdueAt"/> now.</summary>
    public static readonly CaseFilter OverdueNow = new() { Overdue = true };

    /// <summary>即将超期 (live): <see cref="SoonDue.IsSoonDueAt"/> now, less than one working hour left.</summary>
    public static readonly CaseFilter SoonDueNow = new() { SoonDue = true };

    // ── 月报 (/reports): the month's local days in the report's scope; only counts of the running or chosen month link ──

    /// <summary>The cases of the report's month by <paramref name="field"/>, in its scope (street and/or department).</summary>
    public static CaseFilter ReportMonth(MonthlyReportRequest request, CaseDateField field = CaseDateField.Reported) => new()
    {
        From = request.Month.Start, To = request.Month.End.AddDays(-1), DateField = field,
        Street = request.Scope.Street?.Code, Department = request.Scope.Department?.Code,
    };

    /// <summary>
    /// A 汇总 line's list (<see cref="MonthlyReportQuery.Summarize"/> keys): 上报数, 立案数, 应结案数, 结案数, 按期结案数, 回访数.
    /// Null for rates, hours and the score: they are no count of cases.
    /// </summary>
    public static CaseFilter? ReportSummary(MonthlyReportRequest request, string key) => key switch
    {
        "Reported" => ReportMonth(request),
        "Registered" => ReportCount(request, CaseDateField.Registered),
        "Due" => ReportMonth(request, CaseDateField.Registered) with { Outcome = CaseOutcome.Due },
        "Closed" => ReportMonth(request, CaseDateField.Registered) with { Outcome = CaseOutcome.Closed },
        "ClosedOnTime" => ReportMonth(request, CaseDateField.Registered) with { Outcome = CaseOutcome.ClosedOnTime },
        "Callbacks" => ReportMonth(request, CaseDateField.Rated),
        _ => null,
    };

    /// <summary>街道排名's 上报数 of a street: the ranking keeps all streets, the department of the scope still applies.</summary>
    public static CaseFilter ReportStreet(MonthlyReportRequest request, string streetCode) => ReportMonth(request) with { Street = streetCode };

    /// <summary>部门排名's 上报数 (dispatched to it) of a department: all departments, the street of the scope still applies.</summary>
    public static CaseFilter ReportDepartment(MonthlyReportRequest request, string departmentCode) =>
        ReportMonth(request) with { Department = departmentCode };

    /// <summary>类别统计: 上报数 (<paramref name="field"/> reported) or 立案数 (registered) of a category.</summary>
    public static CaseFilter ReportCategory(MonthlyReportRequest request, string categoryCode, CaseDateField field) =>
        ReportCount(request, field) with { Category = categoryCode };

    /// <summary>来源统计: 上报数 or 立案数 of a source.</summary>
    public static CaseFilter ReportSource(MonthlyReportRequest request, CaseSource source, CaseDateField field) =>
        ReportCount(request, field) with { Source = source };

    /// <summary>上报数 (reported in the month) or 立案数 (registered in the month and not void by its T).</summary>
    private static CaseFilter ReportCount(MonthlyReportRequest request, CaseDateField field) => field == CaseDateField.Registered
        ? ReportMonth(request, field) with { Outcome = CaseOutcome.Registered }
        : ReportMonth(request, field);

    /// <summary>721工作法: the cases resolved in the month by a method.</summary>
    public static CaseFilter ReportMethod(MonthlyReportRequest request, ResolutionMethod method) =>
        ReportMonth(request, CaseDateField.Resolved) with { Method = method };

    // ── 领导包路 (/schedule): a road's problems as of the week's T ──────────────────────────────────────────────────────

    /// <summary>本周问题: the road's problems among the cases reported in the week.</summary>
    public static CaseFilter RoadWeek(RoadResponsibilityRow row, Period week, RoadProblem problem) => new()
    {
        From = week.Start, To = week.End.AddDays(-1), Road = row.RoadCode, Problem = problem,
    };

    /// <summary>累计问题: the road's problems among the cases reported from the campaign's first day to the week's end.</summary>
    public static CaseFilter RoadSinceCampaign(RoadResponsibilityRow row, Period week, RoadProblem problem) => new()
    {
        From = row.CampaignFrom, To = week.End.AddDays(-1), Road = row.RoadCode, Problem = problem,
    };
}
