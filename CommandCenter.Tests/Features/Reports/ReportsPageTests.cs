using System.Globalization;
using Bunit;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Security;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>The page owns its BunitContext: MudSelect's services dispose only asynchronously.</summary>
public sealed class ReportsPageTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReportsPage_Opened_PreviewsLastMonthWithItsDownloadLinks()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        using var db = TestDatabase.CreateMigrated();
        await ReportTestCity.InsertReferenceAsync(db.Connections);
        var october = ReportTestCity.Calendar.ToUtc(Period.Month(2026, 10)).FromUtc;
        await ReportTestCity.InsertAsync(db.Connections,
        [
            new ReportCase(ReportTestCity.StreetA, null, ReportTestCity.Manhole, "hotline", october.AddDays(2)),
            new ReportCase(ReportTestCity.StreetA, null, ReportTestCity.Manhole, "hotline", october.AddDays(3)),
            new ReportCase(ReportTestCity.StreetB, null, ReportTestCity.Vending, "app", october.AddDays(4)),
            new ReportCase(ReportTestCity.StreetB, null, ReportTestCity.Vending, "app", october.AddDays(-4)),
        ]);
        Setup(db, Now);

        var cut = _context.Render<ReportsPage>();

        // A generous wait: the preview reads the database on a machine that may be busy (not a speed assertion).
        cut.WaitForAssertion(() => Assert.Contains("3", cut.Find("[data-testid=summary-Reported]").TextContent), TimeSpan.FromSeconds(30));
        var reported = cut.FindAll("[data-testid=summary-Reported] td").Select(td => td.TextContent.Trim()).ToList();
        // 本月 3, 上月 1 (reported on 27 September), 环比 +200.00 %, nothing a year before.
        Assert.Equal(["上报数", "3", "1", "+200.00%", "0", "—"], reported);
        Assert.Contains("数据截至 2026-11-01 00:00（已结束月份）", cut.Markup);
        Assert.Equal("api/v1/reports/monthly/2026-10.xlsx", cut.Find("[data-testid=download-xlsx]").GetAttribute("href"));
        Assert.Equal("api/v1/reports/monthly/2026-10.csv", cut.Find("[data-testid=download-csv]").GetAttribute("href"));
        Assert.Equal("reports/2026-10/print", cut.Find("[data-testid=print]").GetAttribute("href"));
        // The quiet street is listed, without a rank or a rate.
        var quiet = cut.FindAll("[data-testid=street-ranking-S03] td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("—", quiet[0]);
        Assert.Equal("回河街道", quiet[1]);
        Assert.Equal("—", quiet[3]);
        // All nine sections of the report, each with its chart where it has one (the roads: none this month, said so).
        string[] sections = ["summary", "streets", "departments", "categories", "sources", "methods", "satisfaction", "roads", "detail"];
        Assert.All(sections, s => Assert.Single(cut.FindAll($"[data-testid=section-{s}]")));
        string[] charts = ["streets", "departments", "categories", "sources", "methods", "satisfaction"];
        Assert.All(charts, c => Assert.Single(cut.FindAll($"[data-testid=chart-{c}]")));
        Assert.Contains("本月无领导包路任务", cut.Find("[data-testid=section-roads]").TextContent);
        // The 明细 preview lists the month's cases with what they count in; the department header says what it counts.
        var detail = cut.FindAll("[data-testid=detail] tbody tr");
        Assert.Equal(3, detail.Count);
        Assert.All(detail, tr => Assert.Contains("上报", tr.TextContent));
        Assert.Contains("上报数（派至本部门）", cut.Find("[data-testid=department-ranking]").TextContent);
        // A finished month compares whole months: no 同期 note.
        Assert.Empty(cut.FindAll("[data-testid=same-period]"));
    }

    /// <summary>The page at 23 November 10:00 in Shanghai with November, the running month, picked.</summary>
    private async Task<IRenderedComponent<ReportsPage>> OpenRunningNovemberAsync(TestDatabase db, string culture)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        await ReportTestCity.InsertReferenceAsync(db.Connections);
        Setup(db, new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var cut = _context.Render<ReportsPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=summary]"), TimeSpan.FromSeconds(30));
        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<string>>()[0].Instance.ValueChanged.InvokeAsync("2026-11"));
        return cut;
    }

    private void Setup(TestDatabase db, DateTimeOffset now)
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _context.Services.AddAuthorizationCore();
        _context.Services.AddSingleton<TimeProvider>(new FixedClock(now));
        _context.Services.AddSingleton(ReportTestCity.Calendar);
        _context.Services.AddSingleton(new CompositeWeights());
        _context.Services.AddSingleton(db.Connections);
        _context.Services.AddSingleton<ReferenceCatalog>();
        _context.Services.AddSingleton<IndicatorsQuery>();
        _context.Services.AddSingleton<RoadResponsibilityQuery>();
        _context.Services.AddSingleton<LifecycleStepsQuery>();
        _context.Services.AddSingleton<MonthlyReportQuery>();
        _context.Services.AddSingleton<CaseDetailQuery>();
        _context.Services.AddSingleton<AuditLog>();
        _context.Services.AddSingleton<MonthlyReportExporter>();

    }

    [Fact]
    public async Task ReportsPage_RunningMonth_LabelsTheColumnsAsTheSameElapsedDays()
    {
        using var db = TestDatabase.CreateMigrated();
        var cut = await OpenRunningNovemberAsync(db, "zh-CN");

        cut.WaitForAssertion(() => Assert.Contains("本月至今", cut.Find("[data-testid=summary] thead").TextContent), TimeSpan.FromSeconds(30));
        var headers = cut.FindAll("[data-testid=summary] thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["指标", "本月至今", "上月同期", "环比", "去年同期", "同比"], headers);
        Assert.Contains("上月同期 2026-10-01 00:00 至 2026-10-23 10:00", cut.Find("[data-testid=same-period]").TextContent);
    }
    /// <summary>The English page joins a span's ends with "to", not 至 (the Excel file keeps 至).</summary>
    [Fact]
    public async Task ReportsPage_RunningMonthInEnglish_JoinsTheSpansWithTo()
    {
        using var db = TestDatabase.CreateMigrated();
        var cut = await OpenRunningNovemberAsync(db, "en");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=same-period]")), TimeSpan.FromSeconds(30));
        var note = cut.Find("[data-testid=same-period]").TextContent;
        Assert.Contains("2026-10-01 00:00 to 2026-10-23 10:00", note);
        Assert.DoesNotContain("至", note);
        var report = await _context.Services.GetRequiredService<MonthlyReportQuery>()
            .GetAsync(new MonthlyReportRequest(Period.Month(2026, 11), ReportScope.City), Now.UtcDateTime);
        Assert.Equal("2026-10-01 00:00 至 2026-10-23 10:00", report.Spans.Previous.Text(SamePeriodToDate.ChineseTo));
    }

    /// <summary>
    /// 占比 of the sources and of the ratings, one case each of three: each alone rounds to 33.33 % (99.99 % in all); the
    /// page and the Excel file both show 33.34 %, 33.33 %, 33.33 %, adding up to exactly 100.00 %.
    /// </summary>
    [Fact]
    public async Task ReportsPage_SharesOfThree_AddUpTo100PercentAndMatchTheWorkbook()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        using var db = TestDatabase.CreateMigrated();
        await ReportTestCity.InsertReferenceAsync(db.Connections);
        var october = ReportTestCity.Calendar.ToUtc(Period.Month(2026, 10)).FromUtc;
        ReportCase Rated(string source, string rating, int day) => new(ReportTestCity.StreetA, ReportTestCity.Municipal,
            ReportTestCity.Manhole, source, october.AddDays(day), RegisteredAt: october.AddDays(day).AddHours(1),
            Rating: rating, RatedAt: october.AddDays(day).AddHours(5));
        await ReportTestCity.InsertAsync(db.Connections,
            [Rated("hotline", "verysatisfied", 1), Rated("app", "satisfied", 2), Rated("supervisor", "dissatisfied", 3)]);
        Setup(db, Now);

        var cut = _context.Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.Contains("3", cut.Find("[data-testid=summary-Reported]").TextContent), TimeSpan.FromSeconds(30));

        List<string> Shares(string table) => cut.FindAll($"[data-testid={table}] tbody tr")
            .Select(tr => tr.QuerySelectorAll("td")[2].TextContent.Trim()).Where(t => t is not ("" or "0.00%")).ToList();
        Assert.Equal(["33.34%", "33.33%", "33.33%"], Shares("sources"));
        Assert.Equal(["33.34%", "33.33%", "33.33%"], Shares("satisfaction").Take(3).ToList());

        var report = await _context.Services.GetRequiredService<MonthlyReportQuery>()
            .GetAsync(new MonthlyReportRequest(Period.Month(2026, 10), ReportScope.City), Now.UtcDateTime);
        using var file = new MemoryStream();
        MonthlyReportWorkbook.Write(file, report, []);
        file.Position = 0;
        var sources = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: true, sheetName: "案件来源").Cast<IDictionary<string, object?>>()
            .Select(r => Convert.ToDouble(r["占比"], CultureInfo.InvariantCulture)).Where(v => v > 0).ToList();
        file.Position = 0;
        var ratings = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: true, sheetName: "满意度").Cast<IDictionary<string, object?>>()
            .Take(3).Select(r => Convert.ToDouble(r["占比"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([0.3334, 0.3333, 0.3333], sources);
        Assert.Equal([0.3334, 0.3333, 0.3333], ratings);
        Assert.Equal(1.0, report.CategoryShares().Sum(s => s ?? 0), 12);
    }
}
