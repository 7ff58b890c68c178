using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Reports;

/// <summary>How the pages show report figures: counts with separators, rates with two decimals, "—" where there is nothing to divide by.</summary>
public static class ReportFormat
{
    public static string Figure(FigureKind kind, double? value) => value is not { } v ? ReportLabels.NotApplicable : kind switch
    {
        FigureKind.Count => v.ToString("N0", CultureInfo.CurrentCulture),
        FigureKind.Rate => Rate(v),
        _ => v.ToString("0.00", CultureInfo.CurrentCulture),
    };

    public static string Rate(double? rate) => rate is { } r ? r.ToString("0.00%", CultureInfo.InvariantCulture) : ReportLabels.NotApplicable;

    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Score(double? score) => score is { } s ? s.ToString("0.00", CultureInfo.CurrentCulture) : ReportLabels.NotApplicable;

    /// <summary>环比 / 同比: a growth rate, or for a rate the difference in percentage points.</summary>
    public static string Change(FigureKind kind, double? change, IStringLocalizer<ReportsResource> s) => change is not { } c
        ? ReportLabels.NotApplicable
        : kind == FigureKind.Rate
            ? s["Points", (c * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)]
            : c.ToString("+0.00%;-0.00%;0.00%", CultureInfo.InvariantCulture);

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
