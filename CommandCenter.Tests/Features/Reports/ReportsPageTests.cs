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
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _context.Services.AddAuthorizationCore();
        _context.Services.AddSingleton<TimeProvider>(new FixedClock(Now));
        _context.Services.AddSingleton(ReportTestCity.Calendar);
        _context.Services.AddSingleton(new CompositeWeights());
        _context.Services.AddSingleton(db.Connections);
        _context.Services.AddSingleton<ReferenceCatalog>();
        _context.Services.AddSingleton<IndicatorsQuery>();
        _context.Services.AddSingleton<RoadResponsibilityQuery>();
        _context.Services.AddSingleton<MonthlyReportQuery>();
        _context.Services.AddSingleton<CaseDetailQuery>();
        _context.Services.AddSingleton<AuditLog>();
        _context.Services.AddSingleton<MonthlyReportExporter>();

        var cut = _context.Render<ReportsPage>();

        cut.WaitForAssertion(() => Assert.Contains("3", cut.Find("[data-testid=summary-Reported]").TextContent));
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
    }
}
