using System.Globalization;
using Bunit;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Today;
using CommandCenter.Tests.Features.Live;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Today;

public sealed class TodayPageTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    private static NewCase Case(bool urgent, DateTime reportedAt) => new(null, CaseSource.Supervisor, TestDatabase.Ref.Category,
        TestDatabase.Ref.Grid, null, "占道经营", null, null, null, null, urgent, reportedAt);

    private void AddServices(LiveTestPipeline live)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(live.Calendar);
        Services.AddSingleton<IDashboardFeed>(live.Notifier);
    }

    [Fact]
    public async Task TodayPage_CasesReportedToday_ShowsTheCountsInChinese()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock);
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar);
        for (var i = 0; i < 3; i++)
            await cases.CreateAsync(Case(i == 0, Now.UtcDateTime.AddMinutes(-i)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        AddServices(live);

        var cut = Render<TodayPage>();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=reported-value]").TextContent.Trim()));
        Assert.Equal("1", cut.Find("[data-testid=urgent-open-value]").TextContent.Trim());
        Assert.Equal("0", cut.Find("[data-testid=closed-value]").TextContent.Trim());
        Assert.Contains("今日案件", cut.Markup);
        Assert.Contains("数据时间 2026-11-22 10:00:00", cut.Markup);
    }

    [Fact]
    public async Task TodayPage_NewCaseFolded_RerendersWithTheNewCount()
    {
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock);
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar);
        await cases.CreateAsync(Case(false, Now.UtcDateTime.AddMinutes(-5)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        AddServices(live);
        var cut = Render<TodayPage>();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=reported-value]").TextContent.Trim()));

        await cases.CreateAsync(Case(true, Now.UtcDateTime.AddMinutes(-1)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=reported-value]").TextContent.Trim()));
        Assert.Equal("1", cut.Find("[data-testid=urgent-open-value]").TextContent.Trim());
    }

    [Fact]
    public async Task TodayPage_Disposed_UnsubscribesFromTheFeed()
    {
        using var db = TestDatabase.CreateWithReference();
        var live = new LiveTestPipeline(db.Connections, new FixedClock(Now));
        await live.Tailer.TickAsync(CancellationToken.None);
        AddServices(live);

        for (var i = 0; i < 3; i++) Render<TodayPage>();
        Assert.Equal(3, live.Notifier.SubscriberCount);
        await DisposeComponentsAsync();

        Assert.Equal(0, live.Notifier.SubscriberCount);
    }

    [Theory]
    [InlineData("zh-CN", "当前状态（实时）", "只增不减", "处置中：已派遣、尚未处置。超期未处置：已过处置时限、尚未处置。即将超期：距处置时限不足 1 工作时、尚未处置。紧急未结：紧急且尚未结案或不予立案。")]
    [InlineData("en", "Right now (live)", "these only go up", "In progress: dispatched, not yet resolved. Overdue: past its deadline, not yet resolved. Due within a working hour: less than one working hour before its deadline, not yet resolved. Urgent, open: urgent, neither closed nor rejected.")]
    public async Task TodayPage_CaseResolvedThenReworked_KeepsTodaysResolutionAndDefinesEachFigure(string culture, string liveCaption,
        string dayNote, string liveNote)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var live = new LiveTestPipeline(db.Connections, clock);
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, live.Calendar);
        var at = Now.UtcDateTime.AddMinutes(-30);
        var caseNo = (await cases.CreateAsync(Case(false, at), "test")).Case.CaseNo;
        await cases.ApplyAsync(caseNo, new CaseStepRequest("r", new CaseCommand(CaseStep.Register, at)), "test");
        await cases.ApplyAsync(caseNo, new CaseStepRequest("d", new CaseCommand(CaseStep.Dispatch, at, DepartmentId: TestDatabase.Ref.Department)), "test");
        await cases.ApplyAsync(caseNo, new CaseStepRequest("s", new CaseCommand(CaseStep.Resolve, at.AddMinutes(5), Method: ResolutionMethod.Service)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);
        AddServices(live);
        var cut = Render<TodayPage>();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=resolved-value]").TextContent.Trim()));
        Assert.Equal("0", cut.Find("[data-testid=in-progress-value]").TextContent.Trim());

        await cases.ApplyAsync(caseNo, new CaseStepRequest("v", new CaseCommand(CaseStep.Verify, at.AddMinutes(10), Passed: false)), "test");
        await live.Tailer.TickAsync(CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=in-progress-value]").TextContent.Trim()));
        Assert.Equal("1", cut.Find("[data-testid=resolved-value]").TextContent.Trim());
        Assert.Contains(liveCaption, cut.Markup);
        Assert.Contains(dayNote, cut.Find("[data-testid=day-note]").TextContent);
        Assert.Equal(liveNote, cut.Find("[data-testid=live-note]").TextContent);
        Assert.DoesNotContain("在办", cut.Markup);
    }
}
