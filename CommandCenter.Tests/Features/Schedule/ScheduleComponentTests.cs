using System.Globalization;
using Bunit;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Features.Schedule;
using CommandCenter.Security;
using CommandCenter.Testing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using static CommandCenter.Tests.Features.RoadResponsibility.RoadResponsibilityTestData;

namespace CommandCenter.Tests.Features.Schedule;

/// <summary>The road table, its drill-down and the plan editor, rendered in zh-CN on the hand-made W47 data.</summary>
public sealed class ScheduleComponentTests : IAsyncLifetime
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly Period Week47 = Period.Week(new DateOnly(2026, 11, 16));
    private static readonly Period Week48 = Period.Week(new DateOnly(2026, 11, 23));
    /// Sunday 2026-11-22 12:00 local: the main leader's road has an overdue problem, the other leader is one patrol behind.
    private static readonly DateTimeOffset SundayNoon = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _db = TestDatabase.CreateWithReference();
    private readonly CultureInfo _previousUiCulture = CultureInfo.CurrentUICulture;
    private readonly PatrolPlanStore _plans;

    public ScheduleComponentTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        InsertWeek47Scenario(_db);
        var clock = new FixedClock(SundayNoon);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddLogging();
        Services.AddSingleton(Shanghai);
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(_db.Connections);
        Services.AddSingleton(new AuditLog(_db.Connections, clock));
        Services.AddSingleton<RoadResponsibilityQuery>();
        Services.AddSingleton<RoadDrillDownQuery>();
        Services.AddSingleton<PatrolPlanStore>();
        Services.AddSingleton<DutyRosterStore>();
        Services.AddSingleton<MeetingSummaryQuery>();
        Services.AddSingleton<CampaignSettingsStore>();
        Services.AddSingleton<CommandCenter.Features.Reference.ReferenceCatalog>();
        _plans = new PatrolPlanStore(_db.Connections, new AuditLog(_db.Connections, clock), clock);
    }

    private readonly BunitContext _context = new();

    private BunitJSInterop JSInterop => _context.JSInterop;
    private BunitServiceProvider Services => _context.Services;
    private IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>> parameters) where T : Microsoft.AspNetCore.Components.IComponent =>
        _context.Render(parameters);
    private Bunit.TestDoubles.BunitAuthorizationContext AddAuthorization() => _context.AddAuthorization();

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that are only IAsyncDisposable.
    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _db.Dispose();
        CultureInfo.CurrentUICulture = _previousUiCulture;
    }

    private void SignIn(string name, string role, long? leaderId = null)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(name);
        auth.SetRoles(role);
        if (leaderId is { } id) auth.SetClaims(new System.Security.Claims.Claim(SecurityClaims.LeaderId, id.ToString(CultureInfo.InvariantCulture)));
    }

    private static AngleSharp.Dom.IElement Box(IRenderedComponent<WeekPlanEditor> cut, long leader, int day) =>
        cut.Find($"input[data-testid=plan-{leader}-{day}]");

    /// MudCheckBox shows its state on the wrapper, not as the input's checked attribute.
    private static bool IsTicked(AngleSharp.Dom.IElement box) => box.ParentElement!.ClassList.Contains("mud-checkbox-true");

    [Fact]
    public void RoadTable_Week47OnSunday_ShowsPatrolsProblemsAndStatusInChinese()
    {
        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Week47));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));
        var rows = cut.FindAll("[data-testid=road-table] tbody tr");
        Assert.Contains("张局长", rows[0].TextContent);
        Assert.Equal("2 / 3 次", rows[0].QuerySelector("[data-testid=cell-patrols] .road-cell-main")!.TextContent.Trim());
        Assert.Contains("步行1 骑行1 驾车0", rows[0].TextContent);
        Assert.Contains("有超期问题", rows[0].QuerySelector("[data-testid=cell-status]")!.TextContent);
        Assert.Equal("超期1", rows[0].QuerySelector("[data-testid=cell-week] [data-testid=overdue]")!.TextContent.Trim());
        Assert.Contains("李副局长", rows[1].TextContent);
        Assert.Contains("巡查次数不足（仍可完成）", rows[1].TextContent);
        Assert.Contains("11-12 10:00", rows[1].QuerySelector("[data-testid=cell-last]")!.TextContent);
        Assert.Contains("数据截至 2026-11-22 12:00", cut.Markup);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void RoadTable_StatusCell_IsTheSharedRoadStatusLabels(string culture)
    {
        var language = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentUICulture = language;

        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Week47));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));
        var rows = cut.FindAll("[data-testid=road-table] tbody tr");
        string Status(int row) => string.Join("|", rows[row].QuerySelectorAll("[data-testid=cell-status] .mud-chip-content, [data-testid=cell-status] .road-status-reason")
            .Select(e => e.TextContent.Trim()));
        Assert.Equal($"{RoadStatusLabels.Colour(RoadStatusColour.Red, language)}|{RoadStatusLabels.Reason(RoadStatusReason.ProblemsOverdue, language)}", Status(0));
        Assert.Equal($"{RoadStatusLabels.Colour(RoadStatusColour.Amber, language)}|{RoadStatusLabels.Reason(RoadStatusReason.PatrolsBehind, language)}", Status(1));
        // The status filter's chips carry the colour names.
        var filter = cut.Find("[data-testid=status-filter]").TextContent;
        Assert.All(Enum.GetValues<RoadStatusColour>(), c => Assert.Contains(RoadStatusLabels.Colour(c, language), filter));
    }

    [Fact]
    public void RoadTable_SearchForARoad_ShowsOnlyThatRoad()
    {
        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Week47));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));

        cut.Find("input[data-testid=road-search]").Input("经十路");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=road-table] tbody tr")));
        Assert.Contains("李副局长", cut.Find("[data-testid=road-table] tbody tr").TextContent);
    }

    [Fact]
    public void RoadTable_ClickARow_DrillsIntoItsOpenProblemsAndPatrolCalendar()
    {
        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Week47));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));

        cut.FindAll("[data-testid=road-table] tbody tr")[0].Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=open-problems] tbody tr")));
        var problem = cut.Find("[data-testid=open-problems] tbody tr").TextContent;
        Assert.Contains("井盖", problem);
        Assert.Contains("市政", problem);
        Assert.Contains("超期", problem);
        Assert.Contains("网格", problem);
        Assert.Contains("纬二路 · 张局长", cut.Find("[data-testid=drill-down]").TextContent);
        Assert.Equal("2026-11", cut.Find("[data-testid=month-label]").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-day='2026-11-16']").GetAttribute("data-patrols"));
        Assert.Equal("1", cut.Find("[data-day='2026-11-18']").GetAttribute("data-patrols"));
        // Sunday 23:50 and Monday 00:05 local: each on its own local day.
        Assert.Equal("1", cut.Find("[data-day='2026-11-22']").GetAttribute("data-patrols"));
        Assert.Equal("1", cut.Find("[data-day='2026-11-23']").GetAttribute("data-patrols"));
        Assert.Equal("0", cut.Find("[data-day='2026-11-17']").GetAttribute("data-patrols"));
    }

    [Fact]
    public async Task PlanEditor_TickADayAndSave_StoresThePlanUnderTheSignedInName()
    {
        SignIn("调度员", Roles.Scheduler);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));

        Box(cut, MainLeader, 2).Change(true);
        cut.Find("button[data-testid=save-plans]").Click();

        cut.WaitForAssertion(() => Assert.Contains("已保存", cut.Find("[data-testid=plan-message]").TextContent));
        var stored = (await _plans.WeekAsync(Week48))[0];
        Assert.Equal((0b100, 1, "调度员"), (stored.PlannedDays, stored.Version, stored.UpdatedBy));
        Assert.Equal("1", cut.FindAll("[data-testid=planned-count]")[0].TextContent.Trim());
    }

    [Fact]
    public async Task PlanEditor_SomeoneSavedMeanwhile_ShowsTheConflictKeepsTheEditsAndReloadShowsTheirs()
    {
        SignIn("second", Roles.Scheduler);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));
        Box(cut, MainLeader, 0).Change(true);
        // Another editor saves the same plan while this page still shows version 0.
        await _plans.SaveAsync(ScheduleTestUsers.Scheduler("first"), Week48, [new PatrolPlanEdit(MainLeader, 0b1000000, "周日巡查", 0)]);

        cut.Find("button[data-testid=save-plans]").Click();

        cut.WaitForAssertion(() => Assert.Contains("张局长 已被他人修改", cut.Find("[data-testid=plan-message]").TextContent));
        Assert.True(IsTicked(Box(cut, MainLeader, 0)));
        Assert.Equal(0b1000000, (await _plans.WeekAsync(Week48))[0].PlannedDays);

        cut.Find("button[data-testid=reload]").Click();

        cut.WaitForAssertion(() => Assert.False(IsTicked(Box(cut, MainLeader, 0))));
        Assert.True(IsTicked(Box(cut, MainLeader, 6)));
        Assert.Empty(cut.FindAll("[data-testid=plan-message]"));
    }

    [Fact]
    public void PlanEditor_LeaderAccount_MayTickOnlyTheirOwnRowAndNotTheRoster()
    {
        SignIn("li", Roles.Leader, Leader);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));

        Assert.True(Box(cut, MainLeader, 0).HasAttribute("disabled"));
        Assert.False(Box(cut, Leader, 0).HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=save-roster]").HasAttribute("disabled"));
        Assert.NotEmpty(cut.FindAll("[data-testid=roster-table] .mud-disabled"));
    }

    [Fact]
    public async Task PlanEditor_CopyLastWeek_FillsTheDraftsAndWarnsWhilePlansAreShort()
    {
        await _plans.SaveAsync(ScheduleTestUsers.Scheduler(), Week47, [new PatrolPlanEdit(MainLeader, 0b0010101, null, 0)]);
        SignIn("调度员", Roles.Scheduler);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));
        Assert.Equal(2, cut.FindAll("[data-testid=issue-PlanBelowRequirement]").Count);
        Assert.Equal(7, cut.FindAll("[data-testid=issue-NoLeaderOnDay]").Count);

        cut.Find("button[data-testid=copy-last-week]").Click();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.FindAll("[data-testid=planned-count]")[0].TextContent.Trim()));
        Assert.True(IsTicked(Box(cut, MainLeader, 4)));
        var below = Assert.Single(cut.FindAll("[data-testid=issue-PlanBelowRequirement]"));
        Assert.Contains("李副局长 计划巡查天数少于每周应巡 1 次", below.TextContent);
        Assert.Equal(0, (await _plans.WeekAsync(Week48))[0].Version); // nothing saved yet
    }

    [Fact]
    public void SchedulePage_WeekInTheAddress_ShowsThatWeekAndNextWeeksPlanTab()
    {
        SignIn("调度员", Roles.Scheduler);
        _context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("schedule?week=2026-W47");

        var cut = _context.Render<SchedulePage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));
        Assert.Contains("2026-W47", cut.Find("[data-testid=week-label]").TextContent);
        Assert.Contains("2026-11-16 至 2026-11-22", cut.Find("[data-testid=week-label]").TextContent);
        Assert.Contains("下周计划与值班 2026-W48", cut.Markup);
        Assert.Contains("活动设置", cut.Markup);
        Assert.Equal("schedule/2026-W47.xlsx", cut.Find("a[data-testid=xlsx]").GetAttribute("href"));
    }

    [Fact]
    public void SchedulePage_LeaderAccount_HasNoCampaignSettingsTab()
    {
        SignIn("li", Roles.Leader, Leader);

        var cut = _context.Render<SchedulePage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));
        Assert.Contains("2026-W47", cut.Find("[data-testid=week-label]").TextContent); // Sunday noon: this week
        Assert.DoesNotContain("活动设置", cut.Markup);
    }

    [Fact]
    public void SchedulePage_BadWeekInTheAddress_SaysSoAndShowsThisWeek()
    {
        SignIn("staff", Roles.Staff);
        _context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("schedule?week=2026-W99");

        var cut = _context.Render<SchedulePage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=week-error]")));
        Assert.Contains("2026-W47", cut.Find("[data-testid=week-label]").TextContent);
    }

    [Fact]
    public void CampaignSettings_ChangeARequirementAndSave_StoresItAndSaysSaved()
    {
        SignIn("调度员", Roles.Scheduler);
        var cut = Render<CampaignSettings>(_ => { });
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=campaign-row]").Count));
        var row = cut.FindAll("[data-testid=campaign-row]").Single(r => r.GetAttribute("data-assignment") == "2");
        Assert.Contains("李副局长", row.TextContent);

        row.QuerySelector("input[data-testid=required]")!.Change("2");
        cut.FindAll("[data-testid=campaign-row]").Single(r => r.GetAttribute("data-assignment") == "2")
            .QuerySelector("button[data-testid=save-row]")!.Click();

        cut.WaitForAssertion(() => Assert.Contains("已保存", cut.Find("[data-testid=campaign-message]").TextContent));
        Assert.Equal(1, _db.Count("leaders", "id = @Leader AND required_patrols_per_week = 2", new { Leader }));
        Assert.Equal(1, _db.Count("audit_log", "actor = '调度员' AND action = @A", new { A = ScheduleAuditActions.RequiredPatrolsSaved }));
    }

    [Fact]
    public void CampaignSettings_SetAllWhileARoadHasTwoAssignments_ShowsWhyAndChangesNothing()
    {
        _db.Insert(new TestCity().Assignment("L03", "R02", "2027-01-01", "2027-06-30"));
        SignIn("调度员", Roles.Admin);
        var cut = Render<CampaignSettings>(_ => { });
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=campaign-row]").Count));

        cut.Find("button[data-testid=set-all]").Click();

        cut.WaitForAssertion(() => Assert.Contains("同一领导或同一路段的包路期重叠", cut.Find("[data-testid=campaign-message]").TextContent));
        Assert.Equal(1, _db.Count("road_assignments", "campaign_from = '2027-01-01'"));
    }
}
