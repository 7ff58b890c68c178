using CommandCenter.Domain;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Reports;

/// <summary>
/// The report pages' figures in the one format of each kind (<see cref="FigureFormat"/>), the localized unit of a
/// percentage-point change, and the report URLs.
/// </summary>
public static class ReportFormat
{
    /// <summary>环比 / 同比: a growth rate, or for a rate the difference in percentage points.</summary>
    public static string Change(FigureKind kind, double? change, IStringLocalizer<ReportsResource> s) => change is null
        ? FigureFormat.None
        : kind == FigureKind.Rate ? s["Points", FigureFormat.Points(change)] : FigureFormat.Growth(change);

    /// <summary>The part of a bar chart a score fills (0–100 → 0–1).</summary>
    public static double BarShare(double? score) => score is { } s ? Math.Clamp(s / 100, 0, 1) : 0;

    /// <summary>The report URLs: the API files (people satisfy ApiRead) and the printable page, with the filter.</summary>
    public static string Query(MonthlyReportRequest request)
    {
        var parts = new List<string>();
        if (request.Scope.Street?.Code is { } street) parts.Add("street=" + Uri.EscapeDataString(street));
        if (request.Scope.Department?.Code is { } department) parts.Add("department=" + Uri.EscapeDataString(department));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    public static string XlsxUrl(MonthlyReportRequest r) => $"api/v1/reports/monthly/{r.Month.Label}.xlsx{Query(r)}";
    public static string CsvUrl(MonthlyReportRequest r) => $"api/v1/reports/monthly/{r.Month.Label}.csv{Query(r)}";
    public static string PrintUrl(MonthlyReportRequest r) => $"reports/{r.Month.Label}/print{Query(r)}";
}
