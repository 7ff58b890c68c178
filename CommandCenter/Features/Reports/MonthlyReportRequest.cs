using CommandCenter.Domain;
using CommandCenter.Features.Reference;

namespace CommandCenter.Features.Reports;

/// <summary>
/// The optional filter of a monthly report: one street (街道) and/or one department (责任部门). Null parts restrict nothing.
/// </summary>
public sealed record ReportScope(RegionRow? Street, DepartmentRow? Department)
{
    public static readonly ReportScope City = new(null, null);

    public bool IsCity => Street is null && Department is null;
}

/// <summary>A validated monthly report request: the local month and its scope.</summary>
public sealed record MonthlyReportRequest(Period Month, ReportScope Scope)
{
    /// <summary>"2026-10", or "2026-10 S01" with the filter codes, for file names and the audit log.</summary>
    public string Describe() =>
        string.Join(" ", new[] { Month.Label, Scope.Street?.Code is { } s ? $"street={s}" : null,
            Scope.Department?.Code is { } d ? $"department={d}" : null }.Where(x => x is not null));

    /// <summary>
    /// Parses <c>yyyy-MM</c> (within <see cref="CalendarRange"/>) and the optional street / department codes. A month outside
    /// the range or after the running one, a code that names no street or no department is an error: <paramref name="field"/>
    /// names the parameter (month, street, department) and <paramref name="error"/> says why. The running month is allowed.
    /// </summary>
    public static bool TryParse(string? month, string? streetCode, string? departmentCode, ReferenceData reference,
        BusinessCalendar calendar, DateTime nowUtc, out MonthlyReportRequest request, out string field, out string error)
    {
        request = null!;
        field = "month";
        if (!Period.TryParseMonth(month, out var period))
        {
            error = $"'{month}' is not a month: use yyyy-MM from {CalendarRange.Months}, e.g. 2026-10.";
            return false;
        }
        if (period.Start > calendar.ThisMonth(nowUtc).Start)
        {
            error = $"{period.Label} is in the future: a report exists for the running month and the months before it.";
            return false;
        }
        RegionRow? street = null;
        if (!string.IsNullOrWhiteSpace(streetCode))
        {
            street = reference.Region(streetCode.Trim());
            if (street is null || street.Level != "street")
            {
                field = "street";
                error = $"'{streetCode}' is not the code of a street.";
                return false;
            }
        }
        DepartmentRow? department = null;
        if (!string.IsNullOrWhiteSpace(departmentCode))
        {
            department = reference.Department(departmentCode.Trim());
            if (department is null)
            {
                field = "department";
                error = $"'{departmentCode}' is not the code of a department.";
                return false;
            }
        }
        request = new MonthlyReportRequest(period, new ReportScope(street, department));
        field = "";
        error = "";
        return true;
    }
}
