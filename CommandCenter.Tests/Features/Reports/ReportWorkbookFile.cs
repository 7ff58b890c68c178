using System.Globalization;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.RoadResponsibility;
using MiniExcelLibs;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>The monthly workbook written from a test database and read back cell by cell, for the workbook tests.</summary>
internal static class ReportWorkbookFile
{
    public static async Task<MemoryStream> WriteAsync(DbConnectionFactory connections, MonthlyReportRequest request, DateTime now,
        CompositeWeights weights)
    {
        var calendar = ReportTestCity.Calendar;
        var reference = new ReferenceCatalog(connections);
        var query = new MonthlyReportQuery(connections, reference, new IndicatorsQuery(connections, reference),
            new RoadResponsibilityQuery(connections, calendar, new FixedClock(now)), new LifecycleStepsQuery(connections, reference, calendar), calendar,
            weights);
        var report = await query.GetAsync(request, now);
        var details = new CaseDetailQuery(connections, reference, calendar);
        var file = new MemoryStream();
        await using (var connection = await details.OpenAsync())
            await MonthlyReportWorkbook.WriteAsync(file, report, await details.ReadAsync(connection, request, report.AsOfUtc, showPhone: false));
        file.Position = 0;
        return file;
    }

    public static List<IDictionary<string, object?>> Sheet(Stream file, string name)
    {
        file.Position = 0;
        var rows = MiniExcel.Query(file, useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>().ToList();
        file.Position = 0;
        return rows;
    }

    public static double Number(object? cell) => Convert.ToDouble(cell, CultureInfo.InvariantCulture);

    /// <summary>A rate cell: the number, or "—" where the rate has no denominator.</summary>
    public static void AssertFigure(double? expected, object? cell)
    {
        if (expected is { } e) Assert.Equal(e, Number(cell), 9);
        else Assert.Equal("—", cell);
    }

    public static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
