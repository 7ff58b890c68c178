using System.Globalization;
using Bunit;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Today;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Today;

public sealed class TodayPageTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TodayPage_CasesReportedToday_ShowsTheCountsInChinese()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var calendar = BusinessCalendar.For("Asia/Shanghai");
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, calendar);
        for (var i = 0; i < 3; i++)
            await cases.CreateAsync(new NewCase(null, CaseSource.Supervisor, TestDatabase.Ref.Category, TestDatabase.Ref.Grid, null,
                "占道经营", null, null, null, null, i == 0, Now.UtcDateTime.AddMinutes(-i)), "test");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(calendar);
        Services.AddSingleton(new TodayCountsQuery(db.Connections, calendar, clock));
        Services.AddSingleton(new ChangeFeedWatcher(db.Connections, new ConfigurationBuilder().Build(), NullLogger<ChangeFeedWatcher>.Instance));

        var cut = Render<TodayPage>();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=reported-value]").TextContent.Trim()));
        Assert.Equal("1", cut.Find("[data-testid=urgent-open-value]").TextContent.Trim());
        Assert.Equal("0", cut.Find("[data-testid=closed-value]").TextContent.Trim());
        Assert.Contains("今日案件", cut.Markup);
        Assert.Contains("数据时间 2026-11-22 10:00:00", cut.Markup);
    }

    [Fact]
    public async Task TodayPage_Disposed_UnsubscribesFromTheFeed()
    {
        using var db = TestDatabase.CreateMigrated();
        var calendar = BusinessCalendar.For("Asia/Shanghai");
        var watcher = new ChangeFeedWatcher(db.Connections, new ConfigurationBuilder().Build(), NullLogger<ChangeFeedWatcher>.Instance);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(calendar);
        Services.AddSingleton(new TodayCountsQuery(db.Connections, calendar, new FixedClock(Now)));
        Services.AddSingleton(watcher);

        var cut = Render<TodayPage>();
        cut.WaitForAssertion(() => Assert.Equal(1, watcher.SubscriberCount));
        await DisposeComponentsAsync();

        Assert.Equal(0, watcher.SubscriberCount);
    }
}
