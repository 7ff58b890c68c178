using System.Globalization;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Testing;
using Dapper;
using MiniExcelLibs;
using static CommandCenter.Tests.Features.Reports.ReportWorkbookFile;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>
/// The produced workbook read back with MiniExcel, every figure of 汇总, 街道排名 and 部门排名 checked against SQL written
/// here, independently of IndicatorsQuery, on a constructed October 2026 (with September 2026 and October 2025 beside it).
/// </summary>
public sealed class MonthlyReportWorkbookTests : IDisposable
{
    private static readonly BusinessCalendar Calendar = ReportTestCity.Calendar;
    private static readonly Period October = Period.Month(2026, 10);
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);
    private static readonly CompositeWeights Weights = new();
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Workbook_ConstructedOctober_SummaryFiguresEqualIndependentSql()
    {
        await SeedAsync();

        using var file = await WriteAsync(new MonthlyReportRequest(October, ReportScope.City));
        var rows = Sheet(file, "汇总");

        Assert.Equal("统计时段", rows[0]["指标"]);
        Assert.Equal(("2026-10", "2026-09", "2025-10"), ((string)rows[0]["本月"]!, (string)rows[0]["上月"]!, (string)rows[0]["去年同月"]!));
        var now = await ExpectedAsync(October, null, null);
        var before = await ExpectedAsync(Period.Month(2026, 9), null, null);
        var lastYear = await ExpectedAsync(Period.Month(2025, 10), null, null);
        Assert.True(now.Reported > 300 && before.Reported > 100 && lastYear.Reported > 100, "the constructed months have cases");
        var byLabel = rows.Skip(1).ToDictionary(r => (string)r["指标"]!);
        void Count(string label, Func<Expected, long> value)
        {
            var row = byLabel[label];
            Assert.Equal(value(now), Number(row["本月"]));
            Assert.Equal(value(before), Number(row["上月"]));
            Assert.Equal(value(lastYear), Number(row["去年同月"]));
            Assert.Equal(Growth(value(now), value(before)), Number(row["环比"]), 9);
            Assert.Equal(Growth(value(now), value(lastYear)), Number(row["同比"]), 9);
        }
        // Rates are numbers now (formatted 0.00% in the file); their changes are percentage points (formatted "个百分点").
        void Rate(string label, Func<Expected, double?> value)
        {
            var row = byLabel[label];
            Assert.Equal(value(now)!.Value, Number(row["本月"]), 9);
            Assert.Equal(value(before)!.Value, Number(row["上月"]), 9);
            Assert.Equal(value(lastYear)!.Value, Number(row["去年同月"]), 9);
            Assert.Equal((value(now)!.Value - value(before)!.Value) * 100, Number(row["环比"]), 9);
            Assert.Equal((value(now)!.Value - value(lastYear)!.Value) * 100, Number(row["同比"]), 9);
        }
        Count("上报数", e => e.Reported);
        Count("立案数", e => e.Registered);
        Count("应结案数", e => e.Due);
        Count("结案数", e => e.Closed);
        Count("按期结案数", e => e.ClosedOnTime);
        Count("回访数", e => e.Callbacks);
        Rate("结案率", e => Ratio(e.Closed, e.Due));
        Rate("按期结案率", e => Ratio(e.ClosedOnTime, e.Due));
        Rate("返工率", e => Ratio(e.ClosedReworked, e.Closed));
        Rate("满意率", e => Ratio(e.Satisfied, e.Callbacks));
        void Figure(string label, Func<Expected, double> value)
        {
            var row = byLabel[label];
            Assert.Equal(value(now), Number(row["本月"]), 9);
            Assert.Equal(value(before), Number(row["上月"]), 9);
            Assert.Equal(value(lastYear), Number(row["去年同月"]), 9);
            Assert.Equal((value(now) - value(before)) / value(before), Number(row["环比"]), 9);
            Assert.Equal((value(now) - value(lastYear)) / value(lastYear), Number(row["同比"]), 9);
        }
        Figure("平均处置时长（小时）", e => Math.Round(e.AverageHours!.Value, 2));
        Figure("综合指标值", e => CompositeScore.Compute(e.ToCounts(), Weights)!.Value);
        // The periods row and 18 figures (12, and the lifecycle's 延期数, 延期率, 缓办数, 回退数, 作废数, 作废率).
        Assert.Equal(19, rows.Count);
    }

    [Theory]
    [InlineData("街道排名", "街道代码")]
    [InlineData("部门排名", "部门代码")]
    public async Task Workbook_ConstructedOctober_RankingFiguresEqualIndependentSql(string sheet, string codeHeader)
    {
        await SeedAsync();

        using var file = await WriteAsync(new MonthlyReportRequest(October, ReportScope.City));
        var rows = Sheet(file, sheet);

        var byStreet = sheet == "街道排名";
        (long Id, string Code, string Name)[] groups = byStreet
            ? [(ReportTestCity.StreetA, "S01", "济阳街道"), (ReportTestCity.StreetB, "S02", "济北街道"), (ReportTestCity.StreetQuiet, "S03", "回河街道")]
            : [(ReportTestCity.Municipal, "municipal", "市政"), (ReportTestCity.Sanitation, "sanitation", "环卫")];
        var expected = new List<(string Code, string Name, Expected Figures, double? Score)>();
        foreach (var (id, code, name) in groups)
        {
            var figures = await ExpectedAsync(October, byStreet ? id : null, byStreet ? null : id);
            expected.Add((code, name, figures, CompositeScore.Compute(figures.ToCounts(), Weights)));
        }
        // Composite descending, ties by 按期结案率; a group without any rate comes last, unranked.
        var order = expected.OrderByDescending(e => e.Score ?? -1).ThenByDescending(e => Ratio(e.Figures.ClosedOnTime, e.Figures.Due) ?? -1).ToList();

        Assert.Equal(order.Select(e => e.Code), rows.Select(r => (string)r[codeHeader]!));
        for (var i = 0; i < order.Count; i++)
        {
            var (code, name, e, score) = order[i];
            var row = rows[i];
            Assert.Equal(name, row[byStreet ? "街道" : "部门"]);
            Assert.Equal(score is null ? "—" : (object)(double)(i + 1), row["排名"]);
            Assert.Equal(e.Reported, Number(row[byStreet ? "上报数" : MonthlyReportWorkbook.DepartmentReported]));
            Assert.Equal(e.Registered, Number(row[byStreet ? "立案数" : MonthlyReportWorkbook.DepartmentRegistered]));
            Assert.Equal(e.Due, Number(row["应结案数"]));
            Assert.Equal(e.Closed, Number(row["结案数"]));
            Assert.Equal(e.ClosedOnTime, Number(row["按期结案数"]));
            Assert.Equal(e.Callbacks, Number(row["回访数"]));
            AssertFigure(Ratio(e.Closed, e.Due), row["结案率"]);
            AssertFigure(Ratio(e.ClosedOnTime, e.Due), row["按期结案率"]);
            AssertFigure(Ratio(e.ClosedReworked, e.Closed), row["返工率"]);
            AssertFigure(Ratio(e.Satisfied, e.Callbacks), row["满意率"]);
            AssertFigure(e.AverageHours is { } h ? Math.Round(h, 2) : null, row["平均处置时长（小时）"]);
            AssertFigure(score, row["综合指标值"]);
            Assert.Equal(CompositeScore.GradeOf(score)?.ToString() ?? "—", row["等级"]);
        }
        if (byStreet)
        {
            // The quiet street: listed, every rate "—" rather than 0 % or 100 %.
            var quiet = rows.Single(r => (string)r[codeHeader]! == "S03");
            Assert.Equal(["—", "—", "—", "—"], new[] { quiet["结案率"], quiet["满意率"], quiet["综合指标值"], quiet["排名"] });
        }
    }

    [Fact]
    public async Task Workbook_StreetFilter_SummaryIsThatStreetAndItsRankingStaysWhole()
    {
        await SeedAsync();
        var reference = await new ReferenceCatalog(_db.Connections).GetAsync();

        using var file = await WriteAsync(new MonthlyReportRequest(October, new ReportScope(reference.Region("S02"), null)));

        var street = await ExpectedAsync(October, ReportTestCity.StreetB, null);
        var summary = Sheet(file, "汇总").Skip(1).ToDictionary(r => (string)r["指标"]!);
        Assert.Equal(street.Reported, Number(summary["上报数"]["本月"]));
        Assert.Equal(street.Due, Number(summary["应结案数"]["本月"]));
        Assert.Equal(3, Sheet(file, "街道排名").Count);
        var detail = Sheet(file, "明细");
        Assert.Equal(street.Reported, detail.Sum(r => Number(r["计入上报数"])));
        Assert.Equal(street.Registered, detail.Sum(r => Number(r["计入立案数"])));
        Assert.All(detail, r => Assert.Equal("济北街道", r["街道"]));
    }

    [Fact]
    public async Task Workbook_EverySheet_IsPresentWithChineseHeadersAndTheDetailHasEveryCaseOfTheMonth()
    {
        await SeedAsync();

        using var file = await WriteAsync(new MonthlyReportRequest(October, ReportScope.City));

        Assert.Equal(MonthlyReportWorkbook.SheetNames, MiniExcel.GetSheetNames(file));
        var detail = Sheet(file, "明细");
        var expected = await ExpectedAsync(October, null, null);
        // Every case a figure counts: more rows than the reported ones (registered, called back or resolved in October).
        Assert.Equal(expected.Reported, detail.Sum(r => Number(r["计入上报数"])));
        Assert.True(detail.Count > expected.Reported, "cases reported in September and registered in October are listed");
        Assert.All(detail, r => Assert.Matches(@"^1\d\d\*{4}\d{4}$", (string)r["举报人电话"]!));
        // Stage times are local (Shanghai): a case counted as reported was reported within the month.
        Assert.All(detail.Where(r => Number(r["计入上报数"]) == 1),
            r => Assert.InRange((DateTime)r["上报时间"]!, new DateTime(2026, 10, 1), new DateTime(2026, 11, 1)));
        var methods = Sheet(file, "处置方式");
        Assert.Equal(["服务", "管理", "执法", "合计"], methods.Select(r => (string)r["处置方式"]!));
        Assert.Equal(0.7, Number(methods[0]["目标占比"]), 9);
        var satisfaction = Sheet(file, "满意度");
        Assert.Equal(expected.Callbacks, Number(satisfaction.Single(r => (string)r["评价"]! == "合计（回访数）")["件数"]));
        Assert.Equal(Ratio(expected.Satisfied, expected.Callbacks)!.Value,
            Number(satisfaction.Single(r => ((string)r["评价"]!).StartsWith("满意率", StringComparison.Ordinal))["占比"]), 9);
    }

    [Fact]
    public async Task Workbook_HeaderRow_IsFrozenAndRatesCarryAPercentFormat()
    {
        await SeedAsync();

        using var file = await WriteAsync(new MonthlyReportRequest(October, ReportScope.City));

        using var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
        var styles = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open()).ReadToEnd();
        // The 汇总 is written last (then moved to the first tab), so the street ranking is the file's first sheet.
        var ranking = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
        Assert.Contains("formatCode=\"0.00%\"", styles, StringComparison.Ordinal);
        Assert.Contains("state=\"frozen\"", ranking, StringComparison.Ordinal);
        Assert.Contains("ySplit=\"1\"", ranking, StringComparison.Ordinal);
        Assert.Contains("customWidth=\"1\"", ranking, StringComparison.Ordinal);
    }

    /// <summary>Excel opens on the 汇总 alone: it is the active tab and the only selected one (two selected tabs open grouped).</summary>
    [Fact]
    public async Task Workbook_Opens_OnTheSummaryAsTheOnlySelectedTab()
    {
        await SeedAsync();

        using var file = await WriteAsync(new MonthlyReportRequest(October, ReportScope.City));

        using var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
        System.Xml.Linq.XNamespace x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        System.Xml.Linq.XNamespace r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        System.Xml.Linq.XNamespace rel = "http://schemas.openxmlformats.org/package/2006/relationships";
        System.Xml.Linq.XDocument Xml(string path) => System.Xml.Linq.XDocument.Load(zip.GetEntry(path)!.Open());
        var workbook = Xml("xl/workbook.xml");
        var targets = Xml("xl/_rels/workbook.xml.rels").Descendants(rel + "Relationship")
            .ToDictionary(e => (string)e.Attribute("Id")!, e => "xl/" + ((string)e.Attribute("Target")!).TrimStart('/').Replace("xl/", ""));
        var sheets = workbook.Descendants(x + "sheet").Select(e => ((string)e.Attribute("name")!, targets[(string)e.Attribute(r + "id")!])).ToList();

        Assert.Equal("汇总", sheets[0].Item1);
        Assert.Equal("0", (string?)workbook.Descendants(x + "workbookView").Single().Attribute("activeTab"));
        var selected = sheets.Where(s => Xml(s.Item2).Descendants(x + "sheetView").Any(v => (string?)v.Attribute("tabSelected") is "1" or "true"))
            .Select(s => s.Item1);
        Assert.Equal(["汇总"], selected);
    }

    [Fact]
    public async Task Workbook_LeaderRoadInOctober_RoadSheetCountsPatrolsAndProblemsOfTheMonth()
    {
        await ReportTestCity.InsertReferenceAsync(_db.Connections);
        await using (var connection = await _db.Connections.OpenAsync())
        {
            await new TestCity()
                .Road("R01", "纬二路", "S01", id: 1).Road("R02", "经十路", "S02", id: 2)
                .Leader("L01", "张局长", "局长", isMain: true, patrolsPerWeek: 3, id: 1)
                .Leader("L02", "李副局长", "副局长", patrolsPerWeek: 1, id: 2)
                .Assignment("L01", "R01", "2026-03-01", "2026-12-31").Assignment("L02", "R02", "2026-03-01", "2026-12-31")
                .WriteAsync(connection);
            // Eight patrols in October (5 walks, 2 rides, 1 drive), one on 30 September local (not October's).
            var patrols = new (DateTime At, string Mode)[]
            {
                (Utc(10, 1, 1), "walk"), (Utc(10, 5, 1), "walk"), (Utc(10, 9, 1), "walk"), (Utc(10, 13, 1), "walk"),
                (Utc(10, 31, 15, 30), "walk"), (Utc(10, 7, 1), "bike"), (Utc(10, 20, 1), "bike"), (Utc(10, 25, 1), "drive"),
                (Utc(9, 30, 15, 30), "walk"),
            };
            foreach (var (at, mode) in patrols)
                await connection.ExecuteAsync("""
                    INSERT INTO patrols (leader_id, road_id, started_at, ended_at, mode, recorded_at) VALUES (1, 1, @At, @End, @Mode, @At)
                    """, new { At = DapperSetup.Normalize(at), End = DapperSetup.Normalize(at.AddMinutes(40)), Mode = mode });
        }
        await ReportTestCity.InsertAsync(_db.Connections,
        [
            // Road 1 in October: resolved, closed, overdue (deadline 12 October), open within its deadline, rejected.
            RoadCase(Utc(10, 2, 2), dispatched: Utc(10, 2, 3), deadline: Utc(10, 4, 3), resolved: Utc(10, 3, 3)),
            RoadCase(Utc(10, 6, 2), dispatched: Utc(10, 6, 3), deadline: Utc(10, 8, 3), resolved: Utc(10, 7, 3), closed: Utc(10, 7, 5)),
            RoadCase(Utc(10, 10, 2), dispatched: Utc(10, 10, 3), deadline: Utc(10, 12, 3)),
            RoadCase(Utc(10, 30, 2), dispatched: Utc(10, 30, 3), deadline: Utc(11, 2, 3)),
            RoadCase(Utc(10, 11, 2), rejected: Utc(10, 11, 3)),
            // Resolved only in November: still open in October's report.
            RoadCase(Utc(10, 15, 2), dispatched: Utc(10, 15, 3), deadline: Utc(11, 15, 3), resolved: Utc(11, 3, 3)),
        ]);

        using var file = await WriteAsync(new MonthlyReportRequest(October, ReportScope.City));
        var rows = Sheet(file, "领导包路");
        var filtered = Sheet(await WriteAsync(new MonthlyReportRequest(October,
            new ReportScope((await new ReferenceCatalog(_db.Connections).GetAsync()).Region("S02"), null))), "领导包路");

        Assert.Equal(["张局长", "李副局长"], rows.Select(r => (string)r["领导"]!));
        var main = rows[0];
        Assert.Equal(("局长", "纬二路", "济阳街道"), ((string)main["职务"]!, (string)main["道路"]!, (string)main["所属街道"]!));
        // Required in October: ⌈31 days × 3 / 7⌉ = 14.
        Assert.Equal([14, 8, 5, 2, 1], new[] { "应巡查", "已巡查", "步行", "骑行", "驾车" }.Select(h => Number(main[h])));
        Assert.Equal([5, 2, 3, 1], new[] { "发现问题", "已整改", "整改中", "超期未处置" }.Select(h => Number(main[h])));
        // The reason names the rule that made the road red and the figure it read.
        Assert.Equal(("红灯", "有超期问题（超期未处置 1 件）"), ((string)main["状态"]!, (string)main["原因"]!));
        // The one set of road status labels, in Chinese whatever the UI language.
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        Assert.Equal(RoadStatusLabels.Colour(RoadStatusColour.Red, zh), (string)main["状态"]!);
        Assert.StartsWith(RoadStatusLabels.Reason(RoadStatusReason.ProblemsOverdue, zh), (string)main["原因"]!, StringComparison.Ordinal);
        Assert.Equal(["李副局长"], filtered.Select(r => (string)r["领导"]!));
    }

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static ReportCase RoadCase(DateTime reported, DateTime? dispatched = null, DateTime? deadline = null, DateTime? resolved = null,
        DateTime? closed = null, DateTime? rejected = null) =>
        new(ReportTestCity.StreetA, dispatched is null ? null : ReportTestCity.Municipal, ReportTestCity.Manhole, "leader", reported,
            reported.AddMinutes(30), dispatched, deadline, resolved, closed, RejectedAt: rejected, RoadId: 1);

    [Fact]
    public async Task Workbook_DetailFailsAfterThousandsOfRows_TheWriteFailsWithThatError()
    {
        await ReportTestCity.InsertReferenceAsync(_db.Connections);
        var reference = new ReferenceCatalog(_db.Connections);
        var query = new MonthlyReportQuery(_db.Connections, reference, new IndicatorsQuery(_db.Connections, reference),
            new RoadResponsibilityQuery(_db.Connections, Calendar, new FixedClock(Now)), new LifecycleStepsQuery(_db.Connections, reference, Calendar), Calendar, Weights);
        var report = await query.GetAsync(new MonthlyReportRequest(October, ReportScope.City), Now);
        IEnumerable<CaseDetailLine> Failing()
        {
            // More rows than the hand-over holds, then the database goes away.
            for (var i = 0; i < MonthlyReportWorkbook.HandOverRows * 2; i++)
                yield return new CaseDetailLine($"C{i}", "热线", "井盖", "济阳街道", "", "上报", false, new DateTime(2026, 10, 2), null, null, null,
                    null, null, false, 0, "", "", "", "", "", IndicatorCounts.Zero);
            throw new InvalidOperationException("database gone");
        }

        using var file = new MemoryStream();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MonthlyReportWorkbook.WriteAsync(file, report, Failing()));

        Assert.Equal("database gone", error.Message);
    }

    private async Task SeedAsync()
    {
        await ReportTestCity.InsertReferenceAsync(_db.Connections);
        await ReportTestCity.InsertAsync(_db.Connections, ReportTestCity.RandomMonth(October, 400, seed: 10)
            .Concat(ReportTestCity.RandomMonth(Period.Month(2026, 9), 150, seed: 9))
            .Concat(ReportTestCity.RandomMonth(Period.Month(2025, 10), 120, seed: 2025)));
    }

    private Task<MemoryStream> WriteAsync(MonthlyReportRequest request) => ReportWorkbookFile.WriteAsync(_db.Connections, request, Now, Weights);
    private static double Growth(long now, long before) => (double)(now - before) / before;

    private sealed record Expected(long Reported, long Registered, long Due, long Closed, long ClosedOnTime, long ClosedReworked,
        long Callbacks, long Satisfied, long ResolvedCount, double ResolutionHours)
    {
        public double? AverageHours => ResolvedCount == 0 ? null : ResolutionHours / ResolvedCount;
        public IndicatorCounts ToCounts() => new(Reported, Registered, Due, Closed, ClosedOnTime, ClosedReworked, Callbacks, Satisfied,
            ResolvedCount, ResolutionHours);
    }

    /// <summary>
    /// The indicators of a finished month straight from their definitions in docs/domain.md, one sub-query each (T is the month's
    /// end, so "by T" and "in the month" coincide).
    /// </summary>
    private async Task<Expected> ExpectedAsync(Period month, long? streetId, long? departmentId)
    {
        var range = Calendar.ToUtc(month);
        await using var connection = await _db.Connections.OpenAsync();
        var row = await connection.QuerySingleAsync("""
            WITH scoped AS (
                SELECT * FROM cases
                WHERE (@StreetId IS NULL OR street_id = @StreetId) AND (@DepartmentId IS NULL OR department_id = @DepartmentId)
            ),
            registered AS (SELECT * FROM scoped WHERE registered_at >= @From AND registered_at < @To),
            due AS (SELECT * FROM registered WHERE closed_at < @To OR deadline_at < @To),
            closed AS (SELECT * FROM due WHERE closed_at IS NOT NULL AND closed_at < @To),
            rated AS (SELECT * FROM scoped WHERE rated_at >= @From AND rated_at < @To),
            resolved AS (SELECT * FROM scoped WHERE resolved_at >= @From AND resolved_at < @To AND dispatched_at IS NOT NULL)
            SELECT (SELECT COUNT(*) FROM scoped WHERE reported_at >= @From AND reported_at < @To) AS Reported,
                   (SELECT COUNT(*) FROM registered) AS Registered,
                   (SELECT COUNT(*) FROM due) AS Due,
                   (SELECT COUNT(*) FROM closed) AS Closed,
                   (SELECT COUNT(*) FROM closed WHERE closed_at <= deadline_at) AS ClosedOnTime,
                   (SELECT COUNT(*) FROM closed WHERE rework_count > 0) AS ClosedReworked,
                   (SELECT COUNT(*) FROM rated) AS Callbacks,
                   (SELECT COUNT(*) FROM rated WHERE rating IN ('verysatisfied', 'satisfied')) AS Satisfied,
                   (SELECT COUNT(*) FROM resolved) AS ResolvedCount,
                   (SELECT TOTAL((julianday(resolved_at) - julianday(dispatched_at)) * 24) FROM resolved) AS ResolutionHours
            """, new
        {
            From = DapperSetup.Normalize(range.FromUtc), To = DapperSetup.Normalize(range.ToUtc), StreetId = streetId, DepartmentId = departmentId,
        });
        return new Expected((long)row.Reported, (long)row.Registered, (long)row.Due, (long)row.Closed, (long)row.ClosedOnTime,
            (long)row.ClosedReworked, (long)row.Callbacks, (long)row.Satisfied, (long)row.ResolvedCount, (double)row.ResolutionHours);
    }
}
