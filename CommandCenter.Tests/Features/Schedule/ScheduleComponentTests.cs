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
    private readonly CommandCenter.Tests.Security.SecurityNode _node;

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
        // The drill-down's road map: the stored geometry (none here unless a test imports a line) and no tile server.
        _node = new CommandCenter.Tests.Security.SecurityNode(_db.Connections);
        Services.AddSingleton(sp => new CommandCenter.Features.Map.GeoCatalog(sp.GetRequiredService<CommandCenter.Features.Reference.ReferenceCatalog>(),
            new CommandCenter.Features.Map.GeoStore(_db.Connections, _node.Changes, clock)));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new CommandCenter.Features.Map.MapOptions()));
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
        _node.Dispose();
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
        Assert.Equal("超期未处置1", rows[0].QuerySelector("[data-testid=cell-week] [data-testid=overdue]")!.TextContent.Trim());
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
        // Due Thursday 19 November 11:00, T Sunday 12:00: 1 h before lunch and 4 h after it on Thursday, 7.5 h on Friday.
        cut.WaitForAssertion(() => Assert.Equal("已超期 12.50 工作时", cut.Find("[data-testid=drill-deadline-left]").TextContent.Trim()));
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
        // The issue asked for grouped warnings: one line per kind, listing its leaders or days.
        Assert.Equal("计划巡查天数少于每周应巡次数（2 人）：张局长（计划 0 天，应巡 3 次）、李副局长（计划 0 天，应巡 1 次）。",
            Assert.Single(cut.FindAll("[data-testid=issue-PlanBelowRequirement]")).TextContent.Trim());
        Assert.Equal("尚未安排带班领导（7 天）：11-23（周一）、11-24（周二）、11-25（周三）、11-26（周四）、11-27（周五）、11-28（周六）、11-29（周日）。",
            Assert.Single(cut.FindAll("[data-testid=issue-NoLeaderOnDay]")).TextContent.Trim());
        Assert.Equal(2, cut.FindAll("[data-testid=roster-warnings] li").Count);

        cut.Find("button[data-testid=copy-last-week]").Click();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.FindAll("[data-testid=planned-count]")[0].TextContent.Trim()));
        Assert.True(IsTicked(Box(cut, MainLeader, 4)));
        var below = Assert.Single(cut.FindAll("[data-testid=issue-PlanBelowRequirement]"));
        Assert.Equal("计划巡查天数少于每周应巡次数（1 人）：李副局长（计划 0 天，应巡 1 次）。", below.TextContent.Trim());
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

    [Fact]
    public async Task PlanEditor_TwoDaysRunning_IsOneLineNamingTheLeaderAndBothDays()
    {
        SignIn("调度员", Roles.Scheduler);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));

        await SetDutyAsync(cut, new DateOnly(2026, 11, 24), MainLeader);
        await SetDutyAsync(cut, new DateOnly(2026, 11, 25), MainLeader);

        cut.WaitForAssertion(() => Assert.Equal("连续两天带班：张局长（11-24（周二）、11-25（周三））。",
            Assert.Single(cut.FindAll("[data-testid=issue-ConsecutiveDuty]")).TextContent.Trim()));
        Assert.Contains("（5 天）", cut.Find("[data-testid=issue-NoLeaderOnDay]").TextContent);
    }

    /// Picks a leader in a day's roster select (one per day, Monday first), as the select does when an item is chosen.
    private static Task SetDutyAsync(IRenderedComponent<WeekPlanEditor> cut, DateOnly day, long leader) =>
        cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<long?>>()[PatrolDays.IndexOf(day)].Instance.ValueChanged.InvokeAsync(leader));

    [Theory]
    [InlineData("2026-11-16", "本周巡查", "本周问题")]   // W47, the clock's week
    [InlineData("2026-11-09", "上周巡查", "上周问题")]
    [InlineData("2026-11-02", "第45周巡查", "第45周问题")]
    [InlineData("2025-11-17", "2025年第47周巡查", "2025年第47周问题")]
    public void RoadTable_Headers_NameTheSelectedWeek(string monday, string patrols, string problems)
    {
        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Period.Week(DateOnly.Parse(monday, CultureInfo.InvariantCulture))));

        cut.WaitForAssertion(() => Assert.Contains(patrols, cut.Find("[data-testid=road-table] thead").TextContent));
        Assert.Contains(problems, cut.Find("[data-testid=road-table] thead").TextContent);
        Assert.Equal(patrols.StartsWith("本周", StringComparison.Ordinal), cut.Markup.Contains("本周", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en", "2026-11-09", "Patrols · Last week", "Problems · Last week")]
    [InlineData("en", "2026-11-02", "Patrols · Week 45", "Problems · Week 45")]
    public void RoadTable_EnglishHeaders_NameTheSelectedWeek(string culture, string monday, string patrols, string problems)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Period.Week(DateOnly.Parse(monday, CultureInfo.InvariantCulture))));

        cut.WaitForAssertion(() => Assert.Contains(patrols, cut.Find("[data-testid=road-table] thead").TextContent));
        Assert.Contains(problems, cut.Find("[data-testid=road-table] thead").TextContent);
    }

    [Fact]
    public void MeetingSummary_OfThisWeeksMeeting_SaysLastWeekAndItsHeaderToo()
    {
        var cut = Render<MeetingSummaryView>(p => p.Add(x => x.Week, Week47));

        cut.WaitForAssertion(() => Assert.Equal("上周（2026-W46）与第45周（2026-W45）对比", cut.Find("[data-testid=summary-heading]").TextContent.Trim()));
        var header = cut.Find("[data-testid=summary-compare] thead").TextContent;
        Assert.Contains("上周（2026-W46）", header);
        Assert.Contains("第45周（2026-W45）", header);
        // 李副局长 patrolled 1 of 1 in W46, 张局长 none of 3: the table of those below names the week it counts.
        Assert.Contains("上周巡查", cut.Find("[data-testid=summary-below] thead").TextContent);
        Assert.DoesNotContain("本周", cut.Markup);
    }

    [Fact]
    public void MeetingSummary_OfAPastWeeksMeeting_NamesItsWeeksByNumber()
    {
        var cut = Render<MeetingSummaryView>(p => p.Add(x => x.Week, Week47.Previous()));

        cut.WaitForAssertion(() => Assert.Equal("第45周（2026-W45）与第44周（2026-W44）对比", cut.Find("[data-testid=summary-heading]").TextContent.Trim()));
        Assert.Contains("第45周巡查", cut.Find("[data-testid=summary-below] thead").TextContent);
        Assert.DoesNotContain("上周", cut.Markup);
        Assert.DoesNotContain("本周", cut.Markup);
    }

    [Fact]
    public void SchedulePage_LastWeekSelected_PlanTabIsThisWeeksPlan()
    {
        SignIn("调度员", Roles.Scheduler);
        _context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("schedule?week=2026-W46");

        var cut = _context.Render<SchedulePage>();

        cut.WaitForAssertion(() => Assert.Contains("2026-W46", cut.Find("[data-testid=week-label]").TextContent));
        Assert.Contains("本周计划与值班 2026-W47", cut.Markup);
        Assert.Equal("schedule/2026-W46/print", cut.Find("a[data-testid=print-pack]").GetAttribute("href"));
    }

    [Fact]
    public void RoadTable_LeaderAccount_MarksTheirOwnRowOnly()
    {
        SignIn("li", Roles.Leader, Leader);

        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Week47));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));
        var own = Assert.Single(cut.FindAll("[data-testid=road-table] tbody tr.road-row--own"));
        Assert.Contains("李副局长", own.TextContent);
        var tag = Assert.Single(cut.FindAll("[data-testid=own-tag]"));
        Assert.Equal("本人", tag.TextContent.Trim());
        Assert.Equal("您的账号对应的领导", tag.GetAttribute("title"));
    }

    [Fact]
    public void RoadTable_SchedulerAccount_HasNoOwnRow()
    {
        SignIn("调度员", Roles.Scheduler);

        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Week47));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));
        Assert.Empty(cut.FindAll("[data-testid=own-tag]"));
        Assert.Empty(cut.FindAll("tr.road-row--own"));
    }

    [Fact]
    public void PlanEditor_LeaderAccount_MarksTheirRowAndExplainsTheLocks()
    {
        SignIn("li", Roles.Leader, Leader);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));

        var own = cut.Find($"[data-testid=plan-row][data-leader='{Leader}']");
        var other = cut.Find($"[data-testid=plan-row][data-leader='{MainLeader}']");
        Assert.Contains("plan-row--own", own.ClassList);
        Assert.Equal("本人", own.QuerySelector("[data-testid=own-tag]")!.TextContent.Trim());
        Assert.Null(own.QuerySelector("[data-testid=plan-lock]"));
        // The locked row says why, to the eye and to a screen reader, and so does the legend above the table.
        Assert.Contains("plan-row--locked", other.ClassList);
        Assert.Equal("只读：仅该领导本人或调度员可修改", other.QuerySelector("[data-testid=plan-lock]")!.GetAttribute("aria-label"));
        Assert.Contains("您只能编辑本人的巡查计划", cut.Find("[data-testid=lock-legend]").TextContent);
        Assert.Equal("只读：值班表由调度员或管理员编排", cut.Find("[data-testid=roster-lock]").GetAttribute("aria-label"));
    }

    [Fact]
    public void PlanEditor_StaffAccount_IsExplainedAsReadOnly()
    {
        SignIn("staff", Roles.Staff);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));

        Assert.Contains("本页对您只读", cut.Find("[data-testid=lock-legend]").TextContent);
        Assert.Equal(2, cut.FindAll("[data-testid=plan-lock]").Count);
        Assert.Empty(cut.FindAll("[data-testid=own-tag]"));
    }

    [Fact]
    public void PlanEditor_SchedulerAccount_HasNoLocksAndNoLegend()
    {
        SignIn("调度员", Roles.Scheduler);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));

        Assert.Empty(cut.FindAll("[data-testid=lock-legend]"));
        Assert.Empty(cut.FindAll("[data-testid=plan-lock]"));
        Assert.Empty(cut.FindAll("[data-testid=roster-lock]"));
    }

    [Fact]
    public void PlanEditor_EveryDayBox_HasAnAccessibleNameWithLeaderAndDay()
    {
        SignIn("调度员", Roles.Scheduler);
        var cut = Render<WeekPlanEditor>(p => p.Add(x => x.PlanWeek, Week48));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=plan-row]").Count));

        // The checkbox names itself through aria-labelledby, pointing at a screen-reader-only text.
        var label = Box(cut, MainLeader, 2).GetAttribute("aria-labelledby");
        Assert.Equal("张局长 周三 11-25", cut.Find($"#{label}").TextContent.Trim());
    }

    [Fact]
    public void RoadTable_ClickARoad_ScrollsItsDrillDownIntoView()
    {
        var module = JSInterop.SetupModule(RoadDrillDown.ModulePath);
        module.SetupVoid("reveal", _ => true);
        var cut = Render<RoadTable>(p => p.Add(x => x.Week, Week47));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=road-table] tbody tr").Count));

        cut.FindAll("button[data-testid=road-open]")[1].Click();

        cut.WaitForAssertion(() => Assert.Contains("经十路 · 李副局长", cut.Find("[data-testid=drill-down]").TextContent));
        var reveal = module.VerifyInvoke("reveal");
        Assert.IsType<Microsoft.AspNetCore.Components.ElementReference>(reveal.Arguments[0]);
        Assert.Equal("true", cut.FindAll("button[data-testid=road-open]")[1].GetAttribute("aria-expanded"));
    }

    /// <summary>Strict JS interop for the drill-down's own modules; MudBlazor's calls (ids starting "mud") are answered.</summary>
    private (BunitJSModuleInterop Map, BunitJSModuleInterop Reveal) StrictDrillDownModules(bool withMap)
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        JSInterop.SetupVoid(i => i.Identifier.StartsWith("mud", StringComparison.OrdinalIgnoreCase)).SetVoidResult();
        var reveal = JSInterop.SetupModule(RoadDrillDown.ModulePath);
        reveal.SetupVoid("reveal", _ => true).SetVoidResult();
        if (!withMap) return (null!, reveal);
        var map = JSInterop.SetupModule(CommandCenter.Components.Shared.LeafletMap.ModulePath);
        foreach (var call in new[] { "create", "update", "setShapes", "setHotspots", "destroy" })
            map.SetupVoid(call, _ => true).SetVoidResult();
        return (map, reveal);
    }

    [Fact]
    public async Task DrillDown_RoadWithALine_ShowsItOnTheMap_WithItsOpenProblemColouredByStage()
    {
        var line = new CommandCenter.Domain.Geo.GeoLine([new(36.970, 117.150), new(36.975, 117.170), new(36.980, 117.190)]);
        await new CommandCenter.Features.Map.GeoStore(_db.Connections, _node.Changes, TimeProvider.System).ImportAsync(
            new CommandCenter.Features.Map.GeoImport(new Dictionary<long, CommandCenter.Domain.Geo.GeoArea>(),
                new Dictionary<long, CommandCenter.Domain.Geo.GeoLine> { [TestDatabase.Ref.Road] = line }));
        using (var connection = _db.Open())
            Dapper.SqlMapper.Execute(connection, "UPDATE cases SET lat = 36.974, lng = 117.165 WHERE road_id = @Road AND resolved_at IS NULL AND deadline_at IS NOT NULL",
                new { Road = TestDatabase.Ref.Road });
        var (map, _) = StrictDrillDownModules(withMap: true);
        var row = (await _context.Services.GetRequiredService<RoadResponsibilityQuery>().GetWeekAsync(Week47)).First(r => r.LeaderId == MainLeader);

        var cut = Render<RoadDrillDown>(p => p.Add(x => x.Row, row).Add(x => x.Week, Week47));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=drill-map]")));
        // The map is created after that render (OnAfterRenderAsync), with no render after it to wait on: poll, generously.
        for (var waited = 0; map.Invocations["create"].Count == 0 && waited < 10_000; waited += 20) await Task.Delay(20);
        Assert.Single(map.Invocations["create"]);
        var create = map.Invocations["create"][0];
        var shapes = Assert.IsType<string>(create.Arguments[2]);
        Assert.Contains("\"LineString\"", shapes);
        Assert.Contains("[117.17,36.975]", shapes);
        var point = Assert.Single(Assert.IsType<List<object[]>>(create.Arguments[3]));
        Assert.Equal((36.974, 117.165, "overdue"), ((double)point[1], (double)point[2], (string)point[3]));
        Assert.Equal("纬二路的地图：道路与整改中的问题", cut.Find("[data-testid=drill-map]").GetAttribute("aria-label"));
        Assert.Contains("超期", cut.Find(".drill-map-legend").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=drill-map-none]"));
        Assert.Empty(cut.FindAll("[data-testid=drill-map-unplaced]"));
    }

    [Fact]
    public async Task DrillDown_RoadWithoutALine_SaysSo_AndDrawsNoMap()
    {
        // Strict: the Leaflet module is not set up, so importing it would fail the render.
        StrictDrillDownModules(withMap: false);
        var row = (await _context.Services.GetRequiredService<RoadResponsibilityQuery>().GetWeekAsync(Week47)).First(r => r.LeaderId == MainLeader);

        var cut = Render<RoadDrillDown>(p => p.Add(x => x.Row, row).Add(x => x.Week, Week47));

        cut.WaitForAssertion(() => Assert.Equal("纬二路尚无道路线位（可在“辖区边界与道路”中导入），无法在地图上显示。",
            cut.Find("[data-testid=drill-map-none]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=drill-map]"));
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "import" && Equals(i.Arguments.FirstOrDefault(), CommandCenter.Components.Shared.LeafletMap.ModulePath));
    }

    [Fact]
    public async Task DrillDown_WeekAcrossTwoMonths_OpensOnItsThursdaysMonthWithEveryDayOfTheWeek()
    {
        var week49 = Period.Week(new DateOnly(2026, 11, 30));
        // Monday 2026-11-30 10:00 local, Wednesday 2026-12-02 10:00 local.
        InsertPatrol(_db, MainLeader, TestDatabase.Ref.Road, Utc(11, 30, 2), "walk");
        InsertPatrol(_db, MainLeader, TestDatabase.Ref.Road, Utc(12, 2, 2), "bike");
        var row = (await _context.Services.GetRequiredService<RoadResponsibilityQuery>().GetWeekAsync(week49)).First(r => r.LeaderId == MainLeader);

        var cut = Render<RoadDrillDown>(p => p.Add(x => x.Row, row).Add(x => x.Week, week49));

        cut.WaitForAssertion(() => Assert.Equal("2026-12", cut.Find("[data-testid=month-label]").TextContent.Trim()));
        // The month shows before its patrols are read: wait for them.
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-day='2026-11-30']").GetAttribute("data-patrols")));
        var monday = cut.Find("[data-day='2026-11-30']");
        Assert.Equal("1", monday.GetAttribute("data-patrols"));
        Assert.DoesNotContain("patrol-cell--other", monday.ClassList);
        Assert.Contains("patrol-cell--week", monday.ClassList);
        Assert.Equal("1", cut.Find("[data-day='2026-12-02']").GetAttribute("data-patrols"));
        // A day of another month outside the week is still greyed.
        Assert.Contains("patrol-cell--other", cut.Find("[data-day='2027-01-01']").ClassList);
        // The month's count is December's: the Monday in November is shown but not counted.
        Assert.Contains("2026-12 巡查 1 次", cut.Markup);
    }

    [Fact]
    public void PrintPage_MeetingPack_HasRoadsSummaryPlanAndRosterAndAPrintButton()
    {
        SignIn("调度员", Roles.Scheduler);
        JSInterop.SetupVoid("print").SetVoidResult();

        var cut = _context.Render<SchedulePrintPage>(p => p.Add(x => x.Week, "2026-W47"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=print-roads] tbody tr").Count));
        Assert.Contains("周调度会议材料 2026-W47", cut.Find("h1").TextContent);
        Assert.Contains("道路责任 本周（2026-W47）", cut.Find("[data-testid=print-roads] h2").TextContent);
        Assert.Contains("本周巡查", cut.Find("[data-testid=print-roads] thead").TextContent);
        Assert.Equal("红灯 有超期问题", cut.FindAll("[data-testid=print-status]")[0].TextContent.Trim());
        cut.WaitForAssertion(() => Assert.Contains("上周（2026-W46）与第45周（2026-W45）对比", cut.Find("[data-testid=print-summary]").TextContent));
        Assert.Contains("巡查计划 下周（2026-W48）", cut.Find("[data-testid=print-plan] h2").TextContent);
        Assert.Equal(2, cut.FindAll("[data-testid=print-plan] tbody tr").Count);
        Assert.Equal(7, cut.FindAll("[data-testid=print-roster] thead th").Count);
        Assert.Contains("11-23", cut.Find("[data-testid=print-roster] thead").TextContent);

        cut.Find("button[data-testid=print-button]").Click();

        JSInterop.VerifyInvoke("print");
        Assert.Contains("no-print", cut.Find("[data-testid=print-bar]").ClassList);
    }
}
