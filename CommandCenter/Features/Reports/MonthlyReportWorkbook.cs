using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using F = CommandCenter.Features.Reports.ReportLabels.DetailFigures;

namespace CommandCenter.Features.Reports;

/// <summary>
/// Writes the monthly report as an Excel workbook with MiniExcel: 汇总, 街道排名, 部门排名, 案件类别, 案件来源, 处置方式, 领导包路,
/// 满意度 and 明细. Headers are Chinese, the header row is frozen, figures are numbers in the Excel format of their kind
/// (<see cref="FigureFormat"/>, the pages' format) and "—" where the denominator is 0. The 明细 rows are written as they are
/// enumerated, never collected; each has a column per figure, so summing a column reproduces 汇总 and the rankings.
/// </summary>
public static class MonthlyReportWorkbook
{
    private const string Count = FigureFormat.CountPattern, Rate = FigureFormat.RatePattern, Score = FigureFormat.ScorePattern,
        Hours = FigureFormat.HoursPattern, Growth = FigureFormat.GrowthPattern;
    private const string LocalTime = "yyyy-MM-dd HH:mm:ss";

    public static readonly string[] SheetNames =
        ["汇总", "街道排名", "部门排名", "案件类别", "案件来源", "处置方式", "领导包路", "满意度", LifecycleSheet, "明细"];

    /// <summary>The month's lifecycle steps (<see cref="MonthlyReport.Lifecycle"/>).</summary>
    public const string LifecycleSheet = "延期缓办回退作废";

    /// <summary>The department ranking's counts: the cases the department was dispatched (派遣) to, so its header says so.</summary>
    public const string DepartmentReported = "上报数（派至本部门）", DepartmentRegistered = "立案数（派至本部门）";

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

    /// <summary>
    /// Writes the workbook into <paramref name="output"/> (readable, writable and seekable: a file or a memory stream). MiniExcel
    /// formats a column, not a cell, and the 汇总 holds counts, rates, hours and scores in one column: so the 汇总 is written
    /// as the last part of the file, then its cells get the format of their own figure and its tab is moved to the front
    /// (<see cref="FormatSummary"/>). Rewriting the file's last parts leaves the 明细 before them untouched on disk.
    /// </summary>
    public static void Write(Stream output, MonthlyReport report, IEnumerable<CaseDetailLine> detail)
    {
        var start = output.Position;
        var sheets = new Dictionary<string, object>
        {
            ["街道排名"] = StandingRows(report.Streets, "街道代码", "街道", "上报数", "立案数"),
            ["部门排名"] = StandingRows(report.Departments, "部门代码", "部门", DepartmentReported, DepartmentRegistered),
            ["案件类别"] = CategoryRows(report),
            ["案件来源"] = SourceRows(report),
            ["处置方式"] = MethodRows(report),
            ["领导包路"] = RoadRows(report),
            ["满意度"] = SatisfactionRows(report),
            [LifecycleSheet] = LifecycleRows(report),
            ["明细"] = detail.Select(DetailRow.From),
            ["汇总"] = SummaryRows(report),
        };
        MiniExcel.SaveAs(output, sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: Configuration);
        output.Position = start;
        FormatSummary(output, report);
    }

    /// <summary>Column formats and widths by header (one table for every sheet: a header means the same thing everywhere).</summary>
    private static readonly OpenXmlConfiguration Configuration = new()
    {
        FreezeRowCount = 1,
        AutoFilter = true,
        DynamicColumns =
        [
            Column("指标", 22), Column(ThisMonth, 16), Column(PreviousMonth, 16), Column(LastYearMonth, 16),
            Column(ThisMonthToDate, 30), Column(PreviousToDate, 30), Column(LastYearToDate, 30),
            Column("环比", 18), Column("同比", 18), Column("说明", 26), Column("明细核对", 52),
            Column("排名", 8), Column("街道代码", 12), Column("街道", 16), Column("部门代码", 14), Column("部门", 16),
            Column("类别代码", 14), Column("类别", 18), Column("来源", 14),
            Column("上报数", 10, Count), Column("立案数", 10, Count), Column(DepartmentReported, 20, Count),
            Column(DepartmentRegistered, 20, Count), Column("应结案数", 10, Count), Column("结案数", 10, Count),
            Column("按期结案数", 12, Count),
            Column("结案率", 10, Rate), Column("按期结案率", 12, Rate), Column("返工率", 10, Rate),
            Column("回访数", 10, Count), Column("满意率", 10, Rate), Column("平均处置时长（小时）", 20, Hours),
            Column("综合指标值", 12, Score), Column("等级", 8), Column("占比", 10, Rate),
            Column("处置方式", 12), Column("件数", 10, Count), Column("目标占比", 10, Rate), Column("偏差", 10, Rate),
            Column("评价", 12),
            Column("领导", 12), Column("职务", 16), Column("道路", 16), Column("所属街道", 16), Column("应巡查", 10, Count),
            Column("已巡查", 10, Count), Column("步行", 8, Count), Column("骑行", 8, Count), Column("驾车", 8, Count),
            Column("发现问题", 10, Count), Column("已整改", 10, Count), Column("整改中", 10, Count), Column("超期未处置", 12, Count),
            Column("状态", 10), Column("原因", 40),
            Column("延期数", 10, Count), Column("延期率", 10, Rate), Column("缓办数", 10, Count), Column("回退数", 10, Count),
            Column("作废数", 10, Count), Column("作废率", 10, Rate),
            Column("案件编号", 18), Column("环节", 12), Column("时间", 20), Column("责任部门", 16), Column("申请延期", 10),
            Column("时限单位", 10), Column("新处置时限", 20),
        ],
    };

    private static DynamicExcelColumn Column(string header, double width, string? format = null) =>
        new(header) { Width = width, Format = format };

    /// <summary>A rate, score or hours as a number, or "—" when it has no denominator.</summary>
    private static object Figure(double? value) => value is { } v ? v : FigureFormat.None;

    // The 汇总's columns: whole months, or while the month runs the month to date and the same elapsed part of the others (同期).
    private const string ThisMonth = "本月", PreviousMonth = "上月", LastYearMonth = "去年同月";
    private const string ThisMonthToDate = "本月至今", PreviousToDate = "上月同期", LastYearToDate = "去年同期";

    /// <summary>The 汇总's three period headers: 本月 / 上月 / 去年同月, or 本月至今 / 上月同期 / 去年同期 while the month runs.</summary>
    public static (string Current, string Previous, string LastYear) PeriodHeaders(ReportSpans spans) => spans.IsRunning
        ? (ThisMonthToDate, PreviousToDate, LastYearToDate)
        : (ThisMonth, PreviousMonth, LastYearMonth);

    /// <summary>The 汇总's first row is the periods; its figures start on this sheet row (1-based, after the header).</summary>
    private const int FirstFigureRow = 3;

    private static IEnumerable<Dictionary<string, object?>> SummaryRows(MonthlyReport report)
    {
        var (current, previous, lastYear) = PeriodHeaders(report.Spans);
        yield return new()
        {
            ["指标"] = "统计时段", [current] = report.Spans.Current.Text(SamePeriodToDate.ChineseTo),
            [previous] = report.Spans.Previous.Text(SamePeriodToDate.ChineseTo), [lastYear] = report.Spans.LastYear.Text(SamePeriodToDate.ChineseTo),
            ["环比"] = null, ["同比"] = null, ["说明"] = ScopeText(report.Request.Scope), ["明细核对"] = DetailCheckIntro,
        };
        foreach (var line in report.Summary)
        {
            // Numbers throughout; each cell gets the format of its figure in FormatSummary.
            object Change(double? v) => Figure(line.Kind == FigureKind.Rate ? FigureFormat.InPoints(v) : v);
            yield return new()
            {
                ["指标"] = line.Label,
                [current] = Figure(line.Current),
                [previous] = Figure(line.Previous),
                [lastYear] = Figure(line.LastYear),
                ["环比"] = Change(line.MonthOnMonth),
                ["同比"] = Change(line.YearOnYear),
                ["说明"] = line.Kind == FigureKind.Rate ? "环比、同比为百分点差（个百分点）" : "环比、同比为增长率",
                ["明细核对"] = DetailCheck.GetValueOrDefault(line.Key, ""),
            };
        }
    }

    private const string DetailCheckIntro = "明细表中每个案件在各“计入”列记 1 或 0：列之和即本表本月数";

    /// <summary>How a clerk finds each figure of 汇总 in the 明细 (a ranking's row: the same, filtered to its street or department).</summary>
    private static readonly Dictionary<string, string> DetailCheck = new()
    {
        ["Reported"] = $"明细“{F.Reported}”之和",
        ["Registered"] = $"明细“{F.Registered}”之和",
        ["Due"] = $"明细“{F.Due}”之和（＝结案数＋“{F.DueNotClosed}”之和）",
        ["Closed"] = $"明细“{F.Closed}”之和（＝按期结案数＋“{F.ClosedLate}”之和）",
        ["ClosedOnTime"] = $"明细“{F.ClosedOnTime}”之和",
        ["ClosureRate"] = "结案数 ÷ 应结案数",
        ["OnTimeClosureRate"] = "按期结案数 ÷ 应结案数",
        ["ReworkRate"] = $"明细“{F.ClosedReworked}”之和 ÷ 结案数",
        ["Callbacks"] = $"明细“{F.Callbacks}”之和",
        ["SatisfactionRate"] = $"明细“{F.Satisfied}”之和 ÷ 回访数",
        ["AverageResolutionHours"] = $"明细“{F.ResolutionHours}”之和 ÷ “{F.Resolved}”之和",
        ["Composite"] = "按期结案率、结案率、1−返工率、满意率按权重加权平均 ×100（无数据的率不计）",
        ["Extended"] = $"明细“{F.Extended}”之和",
        ["ExtensionRate"] = "延期数 ÷ 应结案数",
        ["Held"] = $"明细“{F.Held}”之和",
        ["Returned"] = $"明细“{F.Returned}”之和",
        ["Voided"] = $"明细“{F.Voided}”之和",
        ["VoidRate"] = "作废数 ÷（立案数＋作废数）",
    };

    /// <summary>
    /// Gives every figure cell of the 汇总 (written last, see <see cref="Write"/>) the Excel format of its own figure — counts
    /// <c>#,##0</c>, rates <c>0.00%</c>, hours and scores <c>0.00</c>, growth <c>+0.00%</c>, rate changes in 个百分点 — and
    /// moves its tab to the front, the one selected and active tab. Only the 汇总, the styles, the workbook list and the small
    /// sheets' tab marks change.
    /// </summary>
    private static void FormatSummary(Stream output, MonthlyReport report)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true);
        var stylesEntry = zip.GetEntry("xl/styles.xml") ?? throw new InvalidDataException("The workbook has no styles.");
        var styles = Load(stylesEntry);
        var points = FigureFormat.PointsPatternWithUnit("个百分点");
        var style = AddNumberFormats(styles, [Count, Rate, Hours, Score, Growth, points]);
        Save(stylesEntry, styles);

        var (current, previous, lastYear) = PeriodHeaders(report.Spans);
        var sheetEntry = zip.GetEntry($"xl/worksheets/sheet{SheetNames.Length}.xml") ?? throw new InvalidDataException("The 汇总 is missing.");
        var sheet = Load(sheetEntry);
        var rows = sheet.Descendants(X + "row").ToDictionary(r => (int)r.Attribute("r")!);
        var columns = rows[1].Elements(X + "c").ToDictionary(c => c.Element(X + "v")?.Value ?? "", c => ColumnOf((string)c.Attribute("r")!));
        for (var i = 0; i < report.Summary.Count; i++)
        {
            var line = report.Summary[i];
            var value = style[line.Kind switch
            {
                FigureKind.Count => Count,
                FigureKind.Rate => Rate,
                FigureKind.Hours => Hours,
                _ => Score,
            }];
            var change = style[line.Kind == FigureKind.Rate ? points : Growth];
            foreach (var cell in rows[FirstFigureRow + i].Elements(X + "c"))
            {
                var header = columns.FirstOrDefault(h => h.Value == ColumnOf((string)cell.Attribute("r")!)).Key;
                if (header == current || header == previous || header == lastYear) cell.SetAttributeValue("s", value);
                else if (header is "环比" or "同比") cell.SetAttributeValue("s", change);
            }
        }
        SelectTab(sheet, true);
        Save(sheetEntry, sheet);

        // The 汇总 is the first tab, as staff read the report.
        var workbookEntry = zip.GetEntry("xl/workbook.xml") ?? throw new InvalidDataException("The workbook list is missing.");
        var workbook = Load(workbookEntry);
        var list = workbook.Descendants(X + "sheets").Single();
        var summary = list.Elements(X + "sheet").Single(e => (string?)e.Attribute("name") == SheetNames[0]);
        summary.Remove();
        list.AddFirst(summary);
        // Excel opens on the active tab and groups every tab marked selected: only the 汇总 (now tab 0) is both.
        var view = workbook.Descendants(X + "workbookView").FirstOrDefault();
        if (view is null)
        {
            view = new XElement(X + "workbookView");
            var views = workbook.Root!.Element(X + "bookViews");
            if (views is null) list.AddBeforeSelf(views = new XElement(X + "bookViews"));
            views.Add(view);
        }
        view.SetAttributeValue("activeTab", 0);
        view.SetAttributeValue("firstSheet", null);
        Save(workbookEntry, workbook);
        // MiniExcel writes a tab mark on each sheet (tabSelected="0" in 1.46; a selected first sheet elsewhere): only the 汇总
        // keeps one. The 明细, possibly huge, is not reread: MiniExcel never marks a sheet it writes after the first.
        for (var i = 1; i < SheetNames.Length; i++)
        {
            if (SheetNames[i] == "明细") continue;
            var entry = zip.GetEntry($"xl/worksheets/sheet{i}.xml") ?? throw new InvalidDataException($"Sheet {i} is missing.");
            var other = Load(entry);
            SelectTab(other, false);
            Save(entry, other);
        }
    }

    /// <summary>Marks a sheet's tab selected (tabSelected="1") or clears the mark, adding the sheet view if there is none.</summary>
    private static void SelectTab(XDocument sheet, bool selected)
    {
        var view = sheet.Descendants(X + "sheetView").FirstOrDefault();
        if (view is null)
        {
            if (!selected) return;
            var views = new XElement(X + "sheetViews", view = new XElement(X + "sheetView", new XAttribute("workbookViewId", 0)));
            var anchor = sheet.Root!.Element(X + "dimension") ?? sheet.Root!.Element(X + "sheetPr");
            if (anchor is null) sheet.Root!.AddFirst(views);
            else anchor.AddAfterSelf(views);
        }
        view.SetAttributeValue("tabSelected", selected ? 1 : null);
    }

    private static readonly XNamespace X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static XDocument Load(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static void Save(ZipArchiveEntry entry, XDocument document)
    {
        using var stream = entry.Open();
        stream.SetLength(0);
        document.Save(stream, SaveOptions.DisableFormatting);
    }

    /// <summary>The letters of a cell reference: "AB12" → "AB".</summary>
    private static string ColumnOf(string reference) => new(reference.TakeWhile(char.IsLetter).ToArray());

    /// <summary>Adds a cell style per number format to the workbook's styles; returns each format's style index.</summary>
    private static Dictionary<string, int> AddNumberFormats(XDocument styles, IEnumerable<string> patterns)
    {
        var sheet = styles.Root!;
        var numFmts = sheet.Element(X + "numFmts");
        if (numFmts is null)
        {
            numFmts = new XElement(X + "numFmts");
            sheet.AddFirst(numFmts);
        }
        var cellXfs = sheet.Element(X + "cellXfs") ?? throw new InvalidDataException("The styles have no cell formats.");
        // Custom number formats are numbered from 164 on; 0–163 are Excel's built-in ones.
        var nextId = numFmts.Elements(X + "numFmt").Select(f => (int)f.Attribute("numFmtId")!).DefaultIfEmpty(163).Max() + 1;
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pattern in patterns.Distinct(StringComparer.Ordinal))
        {
            numFmts.Add(new XElement(X + "numFmt", new XAttribute("numFmtId", nextId), new XAttribute("formatCode", pattern)));
            // Like MiniExcel's body cells: thin border (border 1), the format applied.
            cellXfs.Add(new XElement(X + "xf", new XAttribute("numFmtId", nextId), new XAttribute("fontId", 0), new XAttribute("fillId", 0),
                new XAttribute("borderId", 1), new XAttribute("xfId", 0), new XAttribute("applyNumberFormat", 1), new XAttribute("applyBorder", 1)));
            result[pattern] = cellXfs.Elements(X + "xf").Count() - 1;
            nextId++;
        }
        numFmts.SetAttributeValue("count", numFmts.Elements(X + "numFmt").Count());
        cellXfs.SetAttributeValue("count", cellXfs.Elements(X + "xf").Count());
        return result;
    }

    public static string ScopeText(ReportScope scope) => scope.IsCity
        ? "范围：全市"
        : "范围：" + string.Join("，", new[] { scope.Street?.Name, scope.Department?.Name }.Where(n => n is not null));

    private static IEnumerable<Dictionary<string, object?>> StandingRows(IReadOnlyList<MonthlyStanding> rows, string codeHeader,
        string nameHeader, string reportedHeader, string registeredHeader) =>
        rows.Select(r => new Dictionary<string, object?>
        {
            ["排名"] = r.Rank is { } rank ? rank : FigureFormat.None,
            [codeHeader] = r.Code,
            [nameHeader] = r.Name,
            [reportedHeader] = r.Counts.Reported,
            [registeredHeader] = r.Counts.Registered,
            ["应结案数"] = r.Counts.Due,
            ["结案数"] = r.Counts.Closed,
            ["按期结案数"] = r.Counts.ClosedOnTime,
            ["结案率"] = Figure(r.Counts.ClosureRate),
            ["按期结案率"] = Figure(r.Counts.OnTimeClosureRate),
            ["返工率"] = Figure(r.Counts.ReworkRate),
            ["回访数"] = r.Counts.Callbacks,
            ["满意率"] = Figure(r.Counts.SatisfactionRate),
            ["平均处置时长（小时）"] = Figure(r.Counts.AverageResolutionHours is { } h ? Math.Round(h, 2) : null),
            ["延期数"] = r.Counts.Extended,
            ["延期率"] = Figure(r.Counts.ExtensionRate),
            ["缓办数"] = r.Counts.Held,
            ["回退数"] = r.Counts.Returned,
            ["作废数"] = r.Counts.Voided,
            ["作废率"] = Figure(r.Counts.VoidRate),
            ["综合指标值"] = Figure(r.Score),
            ["等级"] = r.Grade?.ToString() ?? FigureFormat.None,
        });

    private static IEnumerable<Dictionary<string, object?>> CategoryRows(MonthlyReport report)
    {
        return report.Categories.Zip(report.CategoryShares(), (c, share) => new Dictionary<string, object?>
        {
            ["类别代码"] = c.Code,
            ["类别"] = c.Name,
            ["上报数"] = c.Counts.Reported,
            ["占比"] = Figure(share),
            ["立案数"] = c.Counts.Registered,
            ["应结案数"] = c.Counts.Due,
            ["结案数"] = c.Counts.Closed,
            ["结案率"] = Figure(c.Counts.ClosureRate),
            ["按期结案率"] = Figure(c.Counts.OnTimeClosureRate),
        });
    }

    private static IEnumerable<Dictionary<string, object?>> SourceRows(MonthlyReport report)
    {
        return report.Sources.Zip(report.SourceShares(), (s, share) => new Dictionary<string, object?>
        {
            ["来源"] = ReportLabels.Of(s.Source),
            ["上报数"] = s.Counts.Reported,
            ["占比"] = Figure(share),
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
        var shares = s.RatingShares();
        Dictionary<string, object?> Row(string label, long cases, double? share) =>
            new() { ["评价"] = label, ["件数"] = cases, ["占比"] = Figure(share) };
        yield return Row(ReportLabels.Of(SatisfactionRating.VerySatisfied), s.VerySatisfied, shares[0]);
        yield return Row(ReportLabels.Of(SatisfactionRating.Satisfied), s.Satisfied, shares[1]);
        yield return Row(ReportLabels.Of(SatisfactionRating.Dissatisfied), s.Dissatisfied, shares[2]);
        yield return Row("合计（回访数）", s.Callbacks, Indicators.Rate(s.Callbacks, s.Callbacks));
        // 满意率 = (very satisfied + satisfied) / callbacks: the indicator itself, unrounded like the 汇总's.
        yield return Row("满意率（非常满意＋满意）", s.VerySatisfied + s.Satisfied, Indicators.Rate(s.VerySatisfied + s.Satisfied, s.Callbacks));
    }

    /// <summary>The month's 延期、缓办、回退、作废 steps, one a row.</summary>
    private static IEnumerable<Dictionary<string, object?>> LifecycleRows(MonthlyReport report)
    {
        if (report.Lifecycle.Count == 0)
        {
            yield return new() { ["案件编号"] = "本月无延期、缓办、回退、作废", ["环节"] = null, ["时间"] = null };
            yield break;
        }
        foreach (var l in report.Lifecycle)
            yield return new()
            {
                ["案件编号"] = l.CaseNo,
                ["环节"] = ReportLabels.Of(l.Step),
                ["时间"] = l.At.ToString(LocalTime, System.Globalization.CultureInfo.InvariantCulture),
                ["责任部门"] = l.Department,
                ["原因"] = l.Reason,
                ["申请延期"] = l.Extra is { } extra ? extra : null,
                ["时限单位"] = l.Unit is { } unit ? ReportLabels.Of(unit) : null,
                ["新处置时限"] = l.Deadline?.ToString(LocalTime, System.Globalization.CultureInfo.InvariantCulture),
            };
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
                ["超期未处置"] = r.Problems.Overdue,
                ["状态"] = RoadStatusLabels.Colour(r.Status.Colour, ReportLabels.Culture),
                ["原因"] = RoadReason(r),
            };
        }
    }

    /// <summary>Which rule gave the road its colour, with the figures it read: 有超期问题（超期未处置 1 件）, 应巡查次数已无法完成（已巡查 8 / 应巡查 14）.</summary>
    public static string RoadReason(RoadLine road)
    {
        var reason = RoadStatusLabels.Reason(road.Status.Reason, ReportLabels.Culture);
        return road.Status.Reason switch
        {
            RoadStatusReason.ProblemsOverdue => $"{reason}（超期未处置 {FigureFormat.Count(road.Problems.Overdue)} 件）",
            RoadStatusReason.PatrolsMissed or RoadStatusReason.PatrolsBehind =>
                $"{reason}（已巡查 {FigureFormat.Count(road.Patrols)} / 应巡查 {FigureFormat.Count(road.RequiredPatrols)}）",
            _ => reason,
        };
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
        [ExcelColumn(Name = "返工次数", Width = 10)] public int ReworkCount { get; init; }
        [ExcelColumn(Name = "处置方式", Width = 10)] public string Method { get; init; } = "";
        [ExcelColumn(Name = "满意度", Width = 10)] public string Rating { get; init; } = "";
        [ExcelColumn(Name = F.Reported, Width = 10)] public long Reported { get; init; }
        [ExcelColumn(Name = F.Registered, Width = 10)] public long Registered { get; init; }
        [ExcelColumn(Name = F.Due, Width = 12)] public long Due { get; init; }
        [ExcelColumn(Name = F.Closed, Width = 10)] public long Closed { get; init; }
        [ExcelColumn(Name = F.ClosedOnTime, Width = 14)] public long ClosedOnTime { get; init; }
        [ExcelColumn(Name = F.ClosedLate, Width = 10)] public long ClosedLate { get; init; }
        [ExcelColumn(Name = F.DueNotClosed, Width = 10)] public long DueNotClosed { get; init; }
        [ExcelColumn(Name = F.ClosedReworked, Width = 14)] public long ClosedReworked { get; init; }
        [ExcelColumn(Name = F.Callbacks, Width = 10)] public long Callbacks { get; init; }
        [ExcelColumn(Name = F.Satisfied, Width = 10)] public long Satisfied { get; init; }
        [ExcelColumn(Name = F.Resolved, Width = 10)] public long Resolved { get; init; }
        [ExcelColumn(Name = F.ResolutionHours, Width = 14, Format = Hours)] public double? ResolutionHours { get; init; }
        [ExcelColumn(Name = F.ResolvedLate, Width = 14)] public long ResolvedLate { get; init; }
        [ExcelColumn(Name = F.Extended, Width = 10)] public long Extended { get; init; }
        [ExcelColumn(Name = F.Held, Width = 10)] public long Held { get; init; }
        [ExcelColumn(Name = F.Returned, Width = 10)] public long Returned { get; init; }
        [ExcelColumn(Name = F.Voided, Width = 10)] public long Voided { get; init; }
        [ExcelColumn(Name = "举报人电话", Width = 16)] public string ReporterPhone { get; init; } = "";
        [ExcelColumn(Name = "地址", Width = 28)] public string Address { get; init; } = "";
        [ExcelColumn(Name = "问题描述", Width = 40)] public string Description { get; init; } = "";

        public static DetailRow From(CaseDetailLine c) => new()
        {
            CaseNo = c.CaseNo, Source = c.Source, Category = c.Category, Street = c.Street, Department = c.Department,
            Status = c.Status, Urgent = c.IsUrgent ? "是" : "否", ReportedAt = c.ReportedAt, RegisteredAt = c.RegisteredAt,
            DispatchedAt = c.DispatchedAt, DeadlineAt = c.DeadlineAt, ResolvedAt = c.ResolvedAt, ClosedAt = c.ClosedAt,
            ReworkCount = c.ReworkCount, Method = c.Method, Rating = c.Rating,
            Reported = c.Counts.Reported, Registered = c.Counts.Registered, Due = c.Counts.Due, Closed = c.Counts.Closed,
            ClosedOnTime = c.Counts.ClosedOnTime, ClosedLate = c.ClosedLate, DueNotClosed = c.DueNotClosed,
            ClosedReworked = c.Counts.ClosedReworked, Callbacks = c.Counts.Callbacks, Satisfied = c.Counts.Satisfied,
            Resolved = c.Counts.ResolvedCount, ResolutionHours = c.ResolutionHours, ResolvedLate = c.IsOverdue ? 1 : 0,
            Extended = c.Counts.Extended, Held = c.Counts.Held, Returned = c.Counts.Returned, Voided = c.Counts.Voided,
            ReporterPhone = c.ReporterPhone, Address = c.Address, Description = c.Description,
        };
    }
}
