using System.Collections.Concurrent;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace CommandCenter.Features.Reports;

/// <summary>
/// Writes the monthly report as an Excel workbook with MiniExcel: 汇总, 街道排名, 部门排名, 案件类别, 案件来源, 处置方式, 领导包路,
/// 满意度 and 明细. Headers are Chinese, the header row is frozen, figures are numbers in the Excel format of their kind
/// (<see cref="FigureFormat"/>, the pages' format) and "—" where the denominator is 0. The 明细 rows are written as they are
/// enumerated, never collected.
/// </summary>
public static class MonthlyReportWorkbook
{
    private const string Count = FigureFormat.CountPattern, Rate = FigureFormat.RatePattern, Score = FigureFormat.ScorePattern,
        Hours = FigureFormat.HoursPattern, Growth = FigureFormat.GrowthPattern;
    private const string LocalTime = "yyyy-MM-dd HH:mm:ss";

    public static readonly string[] SheetNames = ["汇总", "街道排名", "部门排名", "案件类别", "案件来源", "处置方式", "领导包路", "满意度", "明细"];

    /// <summary>
    /// Writes the workbook on two pool threads: one reads the 明细 rows (database, local times, masking), the other writes
    /// them with MiniExcel, a bounded hand-over of <see cref="HandOverRows"/> rows between them, so memory stays flat and
    /// both cores work. MiniExcel's synchronous writer costs half the CPU of its asynchronous one (no state machine per
    /// cell); <paramref name="output"/> is a file or a memory stream, never the response body. A failure on either side
    /// fails the whole call (a half-read month is never a finished workbook).
    /// </summary>
    public static async Task WriteAsync(Stream output, MonthlyReport report, IEnumerable<CaseDetailLine> detail,
        CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var rows = new BlockingCollection<CaseDetailLine>(HandOverRows);
        var reader = Task.Run(() =>
        {
            try
            {
                foreach (var line in detail) rows.Add(line, stop.Token);
            }
            finally
            {
                rows.CompleteAdding();
            }
        }, stop.Token);
        var writer = Task.Run(() =>
        {
            try
            {
                Write(output, report, rows.GetConsumingEnumerable(stop.Token));
            }
            catch
            {
                // The reader may be waiting for room: let it go.
                stop.Cancel();
                throw;
            }
        }, stop.Token);
        try
        {
            await reader;
        }
        catch
        {
            // The writer has consumed what there was and may already have finished the file: it must not count as done.
            stop.Cancel();
            try { await writer; } catch (OperationCanceledException) { }
            throw;
        }
        await writer;
    }

    /// <summary>How many 明细 rows may wait between the reading and the writing thread (about a megabyte).</summary>
    public const int HandOverRows = 2048;

    public static void Write(Stream output, MonthlyReport report, IEnumerable<CaseDetailLine> detail)
    {
        var sheets = new Dictionary<string, object>
        {
            ["汇总"] = SummaryRows(report),
            ["街道排名"] = StandingRows(report.Streets, "街道代码", "街道"),
            ["部门排名"] = StandingRows(report.Departments, "部门代码", "部门"),
            ["案件类别"] = CategoryRows(report),
            ["案件来源"] = SourceRows(report),
            ["处置方式"] = MethodRows(report),
            ["领导包路"] = RoadRows(report),
            ["满意度"] = SatisfactionRows(report),
            ["明细"] = detail.Select(DetailRow.From),
        };
        MiniExcel.SaveAs(output, sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: Configuration);
    }

    /// <summary>Column formats and widths by header (one table for every sheet: a header means the same thing everywhere).</summary>
    private static readonly OpenXmlConfiguration Configuration = new()
    {
        FreezeRowCount = 1,
        AutoFilter = true,
        DynamicColumns =
        [
            Column("指标", 22), Column("本月", 14), Column("上月", 14), Column("去年同月", 14),
            Column("环比", 12, Growth), Column("同比", 12, Growth), Column("说明", 36),
            Column("排名", 8), Column("街道代码", 12), Column("街道", 16), Column("部门代码", 14), Column("部门", 16),
            Column("类别代码", 14), Column("类别", 18), Column("来源", 14),
            Column("上报数", 10, Count), Column("立案数", 10, Count), Column("应结案数", 10, Count), Column("结案数", 10, Count),
            Column("按期结案数", 12, Count),
            Column("结案率", 10, Rate), Column("按期结案率", 12, Rate), Column("返工率", 10, Rate),
            Column("回访数", 10, Count), Column("满意率", 10, Rate), Column("平均处置时长（小时）", 20, Hours),
            Column("综合指标值", 12, Score), Column("等级", 8), Column("占比", 10, Rate),
            Column("处置方式", 12), Column("件数", 10, Count), Column("目标占比", 10, Rate), Column("偏差", 10, Rate),
            Column("评价", 12),
            Column("领导", 12), Column("职务", 16), Column("道路", 16), Column("所属街道", 16), Column("应巡查", 10, Count),
            Column("已巡查", 10, Count), Column("步行", 8, Count), Column("骑行", 8, Count), Column("驾车", 8, Count),
            Column("发现问题", 10, Count), Column("已整改", 10, Count), Column("整改中", 10, Count), Column("超期问题", 10, Count),
            Column("状态", 10), Column("原因", 24),
        ],
    };

    private static DynamicExcelColumn Column(string header, double width, string? format = null) =>
        new(header) { Width = width, Format = format };

    /// <summary>A rate, score or hours as a number, or "—" when it has no denominator.</summary>
    private static object Figure(double? value) => value is { } v ? v : FigureFormat.None;

    private static IEnumerable<Dictionary<string, object?>> SummaryRows(MonthlyReport report)
    {
        var month = report.Month;
        yield return new()
        {
            ["指标"] = "统计月份", ["本月"] = month.Label, ["上月"] = month.Previous().Label, ["去年同月"] = month.SameLastYear().Label,
            ["环比"] = null, ["同比"] = null, ["说明"] = ScopeText(report.Request.Scope),
        };
        foreach (var line in report.Summary)
        {
            // A column holds counts and rates alike, and MiniExcel formats by column: rates here are text in the rate format;
            // the rankings and the other sheets keep rates as numbers.
            object Value(double? v) => line.Kind == FigureKind.Rate ? FigureFormat.Rate(v) : Figure(v);
            yield return new()
            {
                ["指标"] = line.Label,
                ["本月"] = Value(line.Current),
                ["上月"] = Value(line.Previous),
                ["去年同月"] = Value(line.LastYear),
                ["环比"] = Figure(line.MonthOnMonth),
                ["同比"] = Figure(line.YearOnYear),
                ["说明"] = line.Kind == FigureKind.Rate ? "环比、同比为百分点差" : "环比、同比为增长率",
            };
        }
    }

    public static string ScopeText(ReportScope scope) => scope.IsCity
        ? "范围：全市"
        : "范围：" + string.Join("，", new[] { scope.Street?.Name, scope.Department?.Name }.Where(n => n is not null));

    private static IEnumerable<Dictionary<string, object?>> StandingRows(IReadOnlyList<MonthlyStanding> rows, string codeHeader, string nameHeader) =>
        rows.Select(r => new Dictionary<string, object?>
        {
            ["排名"] = r.Rank is { } rank ? rank : FigureFormat.None,
            [codeHeader] = r.Code,
            [nameHeader] = r.Name,
            ["上报数"] = r.Counts.Reported,
            ["立案数"] = r.Counts.Registered,
            ["应结案数"] = r.Counts.Due,
            ["结案数"] = r.Counts.Closed,
            ["按期结案数"] = r.Counts.ClosedOnTime,
            ["结案率"] = Figure(r.Counts.ClosureRate),
            ["按期结案率"] = Figure(r.Counts.OnTimeClosureRate),
            ["返工率"] = Figure(r.Counts.ReworkRate),
            ["回访数"] = r.Counts.Callbacks,
            ["满意率"] = Figure(r.Counts.SatisfactionRate),
            ["平均处置时长（小时）"] = Figure(r.Counts.AverageResolutionHours is { } h ? Math.Round(h, 2) : null),
            ["综合指标值"] = Figure(r.Score),
            ["等级"] = r.Grade?.ToString() ?? FigureFormat.None,
        });

    private static IEnumerable<Dictionary<string, object?>> CategoryRows(MonthlyReport report)
    {
        var total = report.Categories.Sum(c => c.Counts.Reported);
        return report.Categories.Select(c => new Dictionary<string, object?>
        {
            ["类别代码"] = c.Code,
            ["类别"] = c.Name,
            ["上报数"] = c.Counts.Reported,
            ["占比"] = Figure(Indicators.Rate(c.Counts.Reported, total)),
            ["立案数"] = c.Counts.Registered,
            ["应结案数"] = c.Counts.Due,
            ["结案数"] = c.Counts.Closed,
            ["结案率"] = Figure(c.Counts.ClosureRate),
            ["按期结案率"] = Figure(c.Counts.OnTimeClosureRate),
        });
    }

    private static IEnumerable<Dictionary<string, object?>> SourceRows(MonthlyReport report)
    {
        var total = report.Sources.Sum(s => s.Counts.Reported);
        return report.Sources.Select(s => new Dictionary<string, object?>
        {
            ["来源"] = ReportLabels.Of(s.Source),
            ["上报数"] = s.Counts.Reported,
            ["占比"] = Figure(Indicators.Rate(s.Counts.Reported, total)),
            ["立案数"] = s.Counts.Registered,
            ["结案数"] = s.Counts.Closed,
            ["结案率"] = Figure(s.Counts.ClosureRate),
            ["满意率"] = Figure(s.Counts.SatisfactionRate),
        });
    }

    private static IEnumerable<Dictionary<string, object?>> MethodRows(MonthlyReport report)
    {
        foreach (var m in report.Methods)
        {
            yield return new()
            {
                ["处置方式"] = ReportLabels.Of(m.Method),
                ["件数"] = m.Cases,
                ["占比"] = Figure(m.Share),
                ["目标占比"] = m.Target,
                ["偏差"] = Figure(m.Share - m.Target),
            };
        }
        var total = report.Methods.Sum(m => m.Cases);
        yield return new()
        {
            ["处置方式"] = "合计", ["件数"] = total, ["占比"] = Figure(total == 0 ? null : 1.0), ["目标占比"] = 1.0, ["偏差"] = null,
        };
    }

    private static IEnumerable<Dictionary<string, object?>> SatisfactionRows(MonthlyReport report)
    {
        var s = report.Satisfaction;
        Dictionary<string, object?> Row(string label, long cases) =>
            new() { ["评价"] = label, ["件数"] = cases, ["占比"] = Figure(Indicators.Rate(cases, s.Callbacks)) };
        yield return Row(ReportLabels.Of(SatisfactionRating.VerySatisfied), s.VerySatisfied);
        yield return Row(ReportLabels.Of(SatisfactionRating.Satisfied), s.Satisfied);
        yield return Row(ReportLabels.Of(SatisfactionRating.Dissatisfied), s.Dissatisfied);
        yield return Row("合计（回访数）", s.Callbacks);
        // 满意率 = (very satisfied + satisfied) / callbacks: the share of the two together.
        yield return Row("满意率（非常满意＋满意）", s.VerySatisfied + s.Satisfied);
    }

    private static IEnumerable<Dictionary<string, object?>> RoadRows(MonthlyReport report)
    {
        if (report.Roads.Count == 0)
        {
            yield return new() { ["领导"] = "本月无领导包路任务", ["职务"] = null, ["道路"] = null };
            yield break;
        }
        foreach (var r in report.Roads)
        {
            yield return new()
            {
                ["领导"] = r.LeaderName,
                ["职务"] = r.LeaderTitle,
                ["道路"] = r.RoadName,
                ["所属街道"] = r.StreetName,
                ["应巡查"] = r.RequiredPatrols,
                ["已巡查"] = r.Patrols,
                ["步行"] = r.Walk,
                ["骑行"] = r.Bike,
                ["驾车"] = r.Drive,
                ["发现问题"] = r.Problems.Found,
                ["已整改"] = r.Problems.Resolved,
                ["整改中"] = r.Problems.Open,
                ["超期问题"] = r.Problems.Overdue,
                ["状态"] = RoadStatusLabels.Colour(r.Status.Colour, ReportLabels.Culture),
                ["原因"] = RoadStatusLabels.Reason(r.Status.Reason, ReportLabels.Culture),
            };
        }
    }

    /// <summary>A 明细 row: typed, so MiniExcel writes it without a dictionary per case.</summary>
    private sealed class DetailRow
    {
        [ExcelColumn(Name = "案件编号", Width = 18)] public string CaseNo { get; init; } = "";
        [ExcelColumn(Name = "来源", Width = 12)] public string Source { get; init; } = "";
        [ExcelColumn(Name = "类别", Width = 16)] public string Category { get; init; } = "";
        [ExcelColumn(Name = "街道", Width = 14)] public string Street { get; init; } = "";
        [ExcelColumn(Name = "责任部门", Width = 14)] public string Department { get; init; } = "";
        [ExcelColumn(Name = "状态", Width = 10)] public string Status { get; init; } = "";
        [ExcelColumn(Name = "紧急", Width = 6)] public string Urgent { get; init; } = "";
        [ExcelColumn(Name = "上报时间", Width = 20, Format = LocalTime)] public DateTime ReportedAt { get; init; }
        [ExcelColumn(Name = "立案时间", Width = 20, Format = LocalTime)] public DateTime? RegisteredAt { get; init; }
        [ExcelColumn(Name = "派遣时间", Width = 20, Format = LocalTime)] public DateTime? DispatchedAt { get; init; }
        [ExcelColumn(Name = "处置时限", Width = 20, Format = LocalTime)] public DateTime? DeadlineAt { get; init; }
        [ExcelColumn(Name = "处置时间", Width = 20, Format = LocalTime)] public DateTime? ResolvedAt { get; init; }
        [ExcelColumn(Name = "结案时间", Width = 20, Format = LocalTime)] public DateTime? ClosedAt { get; init; }
        [ExcelColumn(Name = "处置超期", Width = 8)] public string Overdue { get; init; } = "";
        [ExcelColumn(Name = "返工次数", Width = 10)] public int ReworkCount { get; init; }
        [ExcelColumn(Name = "处置方式", Width = 10)] public string Method { get; init; } = "";
        [ExcelColumn(Name = "满意度", Width = 10)] public string Rating { get; init; } = "";
        [ExcelColumn(Name = "举报人电话", Width = 16)] public string ReporterPhone { get; init; } = "";
        [ExcelColumn(Name = "地址", Width = 28)] public string Address { get; init; } = "";
        [ExcelColumn(Name = "问题描述", Width = 40)] public string Description { get; init; } = "";

        public static DetailRow From(CaseDetailLine c) => new()
        {
            CaseNo = c.CaseNo, Source = c.Source, Category = c.Category, Street = c.Street, Department = c.Department,
            Status = c.Status, Urgent = c.IsUrgent ? "是" : "否", ReportedAt = c.ReportedAt, RegisteredAt = c.RegisteredAt,
            DispatchedAt = c.DispatchedAt, DeadlineAt = c.DeadlineAt, ResolvedAt = c.ResolvedAt, ClosedAt = c.ClosedAt,
            Overdue = c.IsOverdue ? "是" : "否", ReworkCount = c.ReworkCount, Method = c.Method, Rating = c.Rating,
            ReporterPhone = c.ReporterPhone, Address = c.Address, Description = c.Description,
        };
    }
}
