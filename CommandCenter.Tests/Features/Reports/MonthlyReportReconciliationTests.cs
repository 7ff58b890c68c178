using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.RoadResponsibility;
using MiniExcelLibs;
using F = CommandCenter.Features.Reports.ReportLabels.DetailFigures;
using static CommandCenter.Tests.Features.Reports.ReportWorkbookFile;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>
/// A clerk's check of the monthly report: every figure of 汇总 and of both rankings recomputed by counting the 明细's own
/// columns, on an October 2026 with the cases that sit on its boundaries (closed exactly at the deadline, due exactly at the
/// month's end, reported in October but registered in November, registered in October but reported in September, called
/// back or resolved in October for a September case) and a random month around them.
/// </summary>
public sealed class MonthlyReportReconciliationTests : IDisposable
{
    private static readonly BusinessCalendar Calendar = ReportTestCity.Calendar;
    private static readonly Period October = Period.Month(2026, 10);
    private static readonly UtcRange Month = Calendar.ToUtc(October);
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly CompositeWeights Weights = new();
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public void Dispose() => _db.Dispose();

    private static ReportCase Case(string no, long street, DateTime reported, DateTime? registered = null, DateTime? deadline = null,
        DateTime? resolved = null, DateTime? closed = null, int rework = 0, string? rating = null, DateTime? rated = null) =>
        new(street, registered is null ? null : ReportTestCity.Municipal, ReportTestCity.Manhole, "hotline", reported, registered,
            registered?.AddMinutes(10), deadline, resolved, closed, rework, resolved is null ? null : "service", rating, rated,
            CaseNo: no);

    /// <summary>The boundary cases; street B gets them all so its ranking row is made of them and random cases alike.</summary>
    private static IEnumerable<ReportCase> Boundaries()
    {
        var start = Month.FromUtc;
        var end = Month.ToUtc;
        var a = ReportTestCity.StreetA;
        var b = ReportTestCity.StreetB;
        yield return Case("ON-TIME", b, start.AddDays(2), start.AddDays(2), start.AddDays(4), start.AddDays(3), closed: start.AddDays(4));
        yield return Case("CLOSED-LATE", b, start.AddDays(2), start.AddDays(2), start.AddDays(4), start.AddDays(3), closed: start.AddDays(4) + Second);
        yield return Case("DUE-AT-END", b, end.AddDays(-3), end.AddDays(-3), end);
        yield return Case("DUE-BEFORE-END", b, end.AddDays(-3), end.AddDays(-3), end - Second);
        yield return Case("CLOSED-AT-END", b, end.AddDays(-3), end.AddDays(-3), end.AddDays(2), end.AddDays(-1), closed: end);
        yield return Case("REPORTED-OCT-REGISTERED-NOV", a, end - Second, end.AddMinutes(5), end.AddDays(2));
        yield return Case("REPORTED-SEP-REGISTERED-OCT", a, start - Second, start, start.AddDays(1), start.AddHours(5), closed: start.AddHours(6),
            rework: 1);
        yield return Case("SEP-CASE-RATED-OCT", a, start.AddDays(-5), start.AddDays(-5), start.AddDays(-3), start.AddDays(-4),
            closed: start.AddDays(-4), rating: "dissatisfied", rated: start);
        yield return Case("SEP-CASE-RESOLVED-OCT", b, start.AddDays(-2), start.AddDays(-2), start.AddDays(3), start.AddHours(1));
        yield return Case("RATED-AT-END", b, start.AddDays(10), start.AddDays(10), start.AddDays(12), start.AddDays(11), closed: start.AddDays(11),
            rating: "satisfied", rated: end);
    }

    [Fact]
    public async Task Workbook_Detail_ReproducesTheSummaryAndBothRankingsByCountingItsOwnColumns()
    {
        await ReportTestCity.InsertReferenceAsync(_db.Connections);
        await ReportTestCity.InsertAsync(_db.Connections, Boundaries()
            .Concat(ReportTestCity.RandomMonth(October, 300, seed: 15))
            .Concat(ReportTestCity.RandomMonth(Period.Month(2026, 9), 80, seed: 16))
            .Concat(ReportTestCity.RandomMonth(Period.Month(2026, 11), 80, seed: 17)));

        using var file = await WriteAsync(new MonthlyReportRequest(October, ReportScope.City));
        var detail = Sheet(file, "明细");

        // The boundary cases, column by column.
        var byNo = detail.ToDictionary(r => (string)r["案件编号"]!);
        void Flags(string no, params (string Column, long Value)[] expected)
        {
            foreach (var (column, value) in expected) Assert.True(value == Number(byNo[no][column]), $"{no}: {column} should be {value}");
        }
        Flags("ON-TIME", (F.Due, 1), (F.Closed, 1), (F.ClosedOnTime, 1), (F.ClosedLate, 0), (F.DueNotClosed, 0));
        Flags("CLOSED-LATE", (F.Due, 1), (F.Closed, 1), (F.ClosedOnTime, 0), (F.ClosedLate, 1));
        Flags("DUE-AT-END", (F.Registered, 1), (F.Due, 0), (F.DueNotClosed, 0));
        Flags("DUE-BEFORE-END", (F.Registered, 1), (F.Due, 1), (F.Closed, 0), (F.DueNotClosed, 1));
        Flags("CLOSED-AT-END", (F.Due, 0), (F.Closed, 0), (F.Resolved, 1));
        Flags("REPORTED-OCT-REGISTERED-NOV", (F.Reported, 1), (F.Registered, 0));
        Flags("REPORTED-SEP-REGISTERED-OCT", (F.Reported, 0), (F.Registered, 1), (F.Closed, 1), (F.ClosedReworked, 1));
        Flags("SEP-CASE-RATED-OCT", (F.Reported, 0), (F.Registered, 0), (F.Callbacks, 1), (F.Satisfied, 0));
        Flags("SEP-CASE-RESOLVED-OCT", (F.Reported, 0), (F.Resolved, 1));
        Flags("RATED-AT-END", (F.Callbacks, 0));

        // 汇总 (本月) from the 明细's sums.
        var summary = Sheet(file, "汇总").Skip(1).ToDictionary(r => (string)r["指标"]!, r => r["本月"]);
        var city = Fold(detail);
        Assert.True(city.Reported > 250 && city.Due > 100 && city.Callbacks > 50, "the month has cases of every kind");
        AssertFigures(city, summary["上报数"], summary["立案数"], summary["应结案数"], summary["结案数"], summary["按期结案数"],
            summary["回访数"], summary["结案率"], summary["按期结案率"], summary["返工率"], summary["满意率"],
            summary["平均处置时长（小时）"], summary["综合指标值"]);
        Assert.Equal(city.Due, city.ClosedOnTime + Sum(detail, F.ClosedLate) + Sum(detail, F.DueNotClosed));

        // Both rankings: each row from the 明细 rows of its street or department.
        AssertRanking(Sheet(file, "街道排名"), "街道", "上报数", "立案数", detail, "街道");
        AssertRanking(Sheet(file, "部门排名"), "部门", MonthlyReportWorkbook.DepartmentReported, MonthlyReportWorkbook.DepartmentRegistered,
            detail, "责任部门");

        // The 721 and 满意度 sheets: the resolved and the called-back cases of the month by method and by rating.
        var methods = Sheet(file, "处置方式").ToDictionary(r => (string)r["处置方式"]!, r => Number(r["件数"]));
        var resolvedByMethod = detail.Where(r => Number(r[F.Resolved]) == 1).GroupBy(r => (string)r["处置方式"]!).ToDictionary(g => g.Key, g => (double)g.Count());
        Assert.Equal(resolvedByMethod.GetValueOrDefault("服务"), methods["服务"]);
        Assert.Equal(resolvedByMethod.Values.Sum(), methods["合计"]);
        var ratings = Sheet(file, "满意度").ToDictionary(r => (string)r["评价"]!, r => Number(r["件数"]));
        Assert.Equal(detail.Count(r => Number(r[F.Callbacks]) == 1 && (string)r["满意度"]! == "不满意"), ratings["不满意"]);
    }

    private static void AssertRanking(List<IDictionary<string, object?>> ranking, string nameHeader, string reportedHeader,
        string registeredHeader, List<IDictionary<string, object?>> detail, string detailColumn)
    {
        var folded = ranking.Select(row => (Row: row, Counts: Fold(detail.Where(d => Equals(d[detailColumn], row[nameHeader]))))).ToList();
        foreach (var (row, counts) in folded)
            AssertFigures(counts, row[reportedHeader], row[registeredHeader], row["应结案数"], row["结案数"], row["按期结案数"], row["回访数"],
                row["结案率"], row["按期结案率"], row["返工率"], row["满意率"], row["平均处置时长（小时）"], row["综合指标值"]);
        // The order and the ranks follow from the recomputed figures: score descending, ties on 按期结案率 share a rank.
        var expected = Ranking.Rank(folded, f => f.Counts, f => (string)f.Row[nameHeader]!, Weights);
        Assert.Equal(expected.Select(e => (string)e.Unit.Row[nameHeader]!), ranking.Select(r => (string)r[nameHeader]!));
        Assert.Equal(expected.Select(e => e.Rank is { } rank ? (object)(double)rank : "—"), ranking.Select(r => r["排名"]));
    }

    private static void AssertFigures(IndicatorCounts c, object? reported, object? registered, object? due, object? closed, object? onTime,
        object? callbacks, object? closureRate, object? onTimeRate, object? reworkRate, object? satisfactionRate, object? hours, object? score)
    {
        Assert.Equal(c.Reported, Number(reported));
        Assert.Equal(c.Registered, Number(registered));
        Assert.Equal(c.Due, Number(due));
        Assert.Equal(c.Closed, Number(closed));
        Assert.Equal(c.ClosedOnTime, Number(onTime));
        Assert.Equal(c.Callbacks, Number(callbacks));
        AssertFigure(Ratio(c.Closed, c.Due), closureRate);
        AssertFigure(Ratio(c.ClosedOnTime, c.Due), onTimeRate);
        AssertFigure(Ratio(c.ClosedReworked, c.Closed), reworkRate);
        AssertFigure(Ratio(c.Satisfied, c.Callbacks), satisfactionRate);
        AssertFigure(c.ResolvedCount == 0 ? null : Math.Round(c.ResolutionHours / c.ResolvedCount, 2), hours);
        AssertFigure(CompositeScore.Compute(c, Weights), score);
    }

    /// <summary>The 明细 rows added up column by column, as a clerk would with SUM.</summary>
    private static IndicatorCounts Fold(IEnumerable<IDictionary<string, object?>> rows)
    {
        var list = rows.ToList();
        return new IndicatorCounts(Sum(list, F.Reported), Sum(list, F.Registered), Sum(list, F.Due), Sum(list, F.Closed),
            Sum(list, F.ClosedOnTime), Sum(list, F.ClosedReworked), Sum(list, F.Callbacks), Sum(list, F.Satisfied), Sum(list, F.Resolved),
            list.Sum(r => r[F.ResolutionHours] is null ? 0 : Number(r[F.ResolutionHours])));
    }

    private static long Sum(IEnumerable<IDictionary<string, object?>> rows, string column) => (long)rows.Sum(r => Number(r[column]));

    [Fact]
    public async Task Workbook_SummaryCells_CarryTheFormatOfTheirOwnFigure_RatesAsPercentNumbers_RateChangesInPoints()
    {
        await ReportTestCity.InsertReferenceAsync(_db.Connections);
        await ReportTestCity.InsertAsync(_db.Connections, ReportTestCity.RandomMonth(October, 60, seed: 3)
            .Concat(ReportTestCity.RandomMonth(Period.Month(2026, 9), 60, seed: 4)));

        using var file = await WriteAsync(new MonthlyReportRequest(October, ReportScope.City));

        Assert.Equal("汇总", MiniExcel.GetSheetNames(file)[0]);
        var formats = SummaryFormats(file);
        Assert.Equal("#,##0", formats[("上报数", "本月")]);
        Assert.Equal("+0.00%;-0.00%;0.00%", formats[("上报数", "环比")]);
        Assert.Equal("0.00%", formats[("结案率", "本月")]);
        Assert.Equal("0.00%", formats[("满意率", "去年同月")]);
        Assert.Equal("+0.00\" 个百分点\";-0.00\" 个百分点\";0.00\" 个百分点\"", formats[("按期结案率", "环比")]);
        Assert.Equal("0.00", formats[("平均处置时长（小时）", "本月")]);
        Assert.Equal("0.00", formats[("综合指标值", "上月")]);
        Assert.IsType<double>(Sheet(file, "汇总").Single(r => (string)r["指标"]! == "结案率")["本月"]);
    }

    /// <summary>The number format of each 汇总 figure cell, by (指标, column header), read from the file's XML.</summary>
    private static Dictionary<(string, string), string> SummaryFormats(Stream file)
    {
        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        XNamespace x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        XDocument Read(string name) { using var s = zip.GetEntry(name)!.Open(); return XDocument.Load(s); }
        var styles = Read("xl/styles.xml");
        var numFmts = styles.Descendants(x + "numFmt").ToDictionary(f => (int)f.Attribute("numFmtId")!, f => (string)f.Attribute("formatCode")!);
        var xfs = styles.Root!.Element(x + "cellXfs")!.Elements(x + "xf").Select(e => (int)e.Attribute("numFmtId")!).ToList();
        var sheet = Read($"xl/worksheets/sheet{MonthlyReportWorkbook.SheetNames.Length}.xml");
        var rows = sheet.Descendants(x + "row").ToList();
        static string Column(XElement c) => new(((string)c.Attribute("r")!).TakeWhile(char.IsLetter).ToArray());
        var headers = rows[0].Elements(x + "c").ToDictionary(Column, c => c.Element(x + "v")!.Value);
        var result = new Dictionary<(string, string), string>();
        foreach (var row in rows.Skip(2))
        {
            var cells = row.Elements(x + "c").ToList();
            var label = cells[0].Element(x + "v")!.Value;
            foreach (var cell in cells.Skip(1))
                if (cell.Attribute("s") is { } s && numFmts.TryGetValue(xfs[(int)s], out var format))
                    result[(label, headers[Column(cell)])] = format;
        }
        file.Position = 0;
        return result;
    }

    private Task<MemoryStream> WriteAsync(MonthlyReportRequest request) => ReportWorkbookFile.WriteAsync(_db.Connections, request, Now, Weights);
}
