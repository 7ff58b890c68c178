using System.Globalization;
using Bunit;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using CommandCenter.Testing;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>/cases and /cases/{caseNo} rendered with bUnit on <see cref="TestCity.ThreeStreets"/>, in Chinese.</summary>
public sealed class CaseDeskPagesTests : IAsyncLifetime
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly DateTime Now = new(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc);
    private readonly BunitContext _context = new();
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        _db.Insert(TestCity.ThreeStreets());
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _context.Services.AddSingleton<TimeProvider>(new FixedClock(Now));
        _context.Services.AddSingleton(Shanghai);
        _context.Services.AddSingleton(_db.Connections);
        _context.Services.AddSingleton<ReferenceCatalog>();
        _context.Services.AddSingleton<CaseListQuery>();
        _context.Services.AddSingleton<SamePlaceQuery>();
        _context.Services.AddSingleton<CaseEventsQuery>();
        _context.Services.AddSingleton<CaseService>();
        _context.Services.AddSingleton<AuditLog>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _db.Dispose();
    }

    private void Write(params StoredCase[] cases)
    {
        using var connection = _db.Open();
        TestCity.WriteCases(connection, cases);
    }

    private IRenderedComponent<CasesPage> OpenList(string url)
    {
        _context.AddAuthorization().SetAuthorized("staff");
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return _context.Render<CasesPage>();
    }

    [Fact]
    public void CasesPage_FilterInTheUrl_ListsItsCasesWithTheCountAndLinks()
    {
        var t = Now.AddHours(-5);
        Write(new StoredCase("A-1", "hotline", 1, 11, 2, t), new StoredCase("B-1", "app", 2, 12, 3, t),
            new StoredCase("B-2", "hotline", 2, 12, 3, t.AddMinutes(1)));

        var cut = OpenList("cases?street=S02");

        cut.WaitForAssertion(() => Assert.Equal("共 2 件", cut.Find("[data-testid=case-count]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal(["cases/B-2", "cases/B-1"], cut.FindAll("[data-testid=case-open]").Select(a => a.GetAttribute("href")));
        Assert.Contains("济北街道", cut.Find("[data-testid=case-row]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=next-page]"));
        // The export takes the list's whole filter.
        Assert.Equal("api/v1/cases/export.xlsx?street=S02", cut.Find("[data-testid=export-xlsx]").GetAttribute("href"));
        Assert.Equal("api/v1/cases/export.csv?street=S02", cut.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void CasesPage_MoreCasesThanTheLimit_NextPageKeepsTheFilter()
    {
        var t = Now.AddHours(-5);
        Write(new StoredCase("A-1", "app", 1, 11, 2, t), new StoredCase("A-2", "app", 1, 11, 2, t.AddMinutes(1)),
            new StoredCase("A-3", "app", 1, 11, 2, t.AddMinutes(2)));

        var cut = OpenList("cases?source=app&limit=2");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=case-row]").Count), TimeSpan.FromSeconds(30));
        var next = cut.Find("[data-testid=next-page]").GetAttribute("href")!;
        Assert.StartsWith("cases?source=app&cursor=", next, StringComparison.Ordinal);
    }

    [Fact]
    public void CasesPage_BadFilter_SaysWhatIsWrongInsteadOfAnEmptyList()
    {
        var cut = OpenList("cases?status=open&from=2026-03-31&to=2026-03-01");

        cut.WaitForAssertion(() => cut.Find("[data-testid=filter-errors]"), TimeSpan.FromSeconds(30));
        var text = cut.Find("[data-testid=filter-errors]").TextContent;
        Assert.Contains("status 'open' is not one of", text);
        Assert.Contains("to (2026-03-01) is before from (2026-03-31)", text);
        Assert.Empty(cut.FindAll("[data-testid=case-list]"));
    }

    /// <summary>A case reported 08:00, registered 08:48, dispatched 09:00 with a deadline of 13:00, resolved 15:00 (local).</summary>
    private void WriteStoryCase()
    {
        var t0 = Shanghai.ToUtc(new DateTime(2026, 3, 9, 8, 0, 0));
        var deadline = t0.AddHours(5);
        Write(new StoredCase("S-1", "hotline", 1, 11, 2, t0)
        {
            Phone = "13812345678", Address = "纬二路 8 号", DepartmentId = 1, RegisteredAt = t0.AddMinutes(48), DispatchedAt = t0.AddHours(1),
            DeadlineAt = deadline, ResolvedAt = t0.AddHours(7),
        }, new StoredCase("S-2", "app", 2, 11, 2, t0.AddDays(-3)) { Address = "纬二路 8 号" },
            new StoredCase("S-3", "app", 2, 11, 2, t0.AddDays(-31)) { Address = "纬二路 8 号" });
        using var connection = _db.Open();
        var id = connection.ExecuteScalar<long>("SELECT id FROM cases WHERE case_no = 'S-1'");
        foreach (var (n, type, at, data) in new[]
                 {
                     (1, "report", t0, new EventData("reported")),
                     (2, "register", t0.AddMinutes(48), new EventData("registered")),
                     (3, "dispatch", t0.AddHours(1), new EventData("dispatched", DepartmentId: 1, DeadlineAt: deadline)),
                     (4, "resolve", t0.AddHours(7), new EventData("resolved", Method: "self")),
                 })
            connection.Execute("""
                INSERT INTO case_events (case_id, event_id, type, at, actor, data, recorded_at)
                VALUES (@Id, @EventId, @Type, @At, 'api:hotline', @Data, @At)
                """, new { Id = id, EventId = $"e{n}", Type = type, At = DapperSetup.Normalize(at), Data = data.ToJson() });
    }

    [Fact]
    public void CasePage_Timeline_GapsBetweenStepsAndTheLateResolution()
    {
        WriteStoryCase();
        _context.AddAuthorization().SetAuthorized("staff");

        var cut = _context.Render<CasePage>(p => p.Add(c => c.CaseNo, "S-1"));

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=timeline-step]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(["", "48 分", "12 分", "6 小时 0 分"], cut.FindAll("[data-testid=timeline-since]").Select(td => td.TextContent.Trim()));
        // Due at 13:00 (in the lunch break), resolved at 15:00: late by the working time from 13:30, an hour and a half.
        Assert.Equal("超出时限 1.50 工作时", Assert.Single(cut.FindAll("[data-testid=timeline-late]")).TextContent.Trim());
        // Resolved, not yet verified: waiting for 核查, not 超期未处置.
        Assert.Contains("已处置，待核查", cut.Find("[data-testid=case-deadline]").TextContent);
        Assert.Equal("济阳街道 / 一网格", cut.Find("[data-testid=case-region]").TextContent.Trim());
        // The same address 3 days before is a possible duplicate; 31 days before is not.
        Assert.Equal(["S-2"], cut.FindAll("[data-testid=same-place-row] a").Select(a => a.TextContent.Trim()));
    }

    /// <summary>Now is Tuesday 10 March 2026, 10:00 local; the case was dispatched at 09:00.</summary>
    [Theory]
    // Wednesday 10:00: the rest of today (2 h before lunch, 4 h after it) and 1.5 h on Wednesday morning.
    [InlineData("zh-CN", 3, 11, 10, 0, "剩余 7.50 工作时")]
    [InlineData("en", 3, 11, 10, 0, "7.50 working hours left")]
    [InlineData("zh-CN", 3, 10, 10, 45, "即将超期：剩余 0.75 工作时")]
    [InlineData("en", 3, 10, 10, 45, "Due within a working hour: 0.75 working hours left")]
    // 13:45: two hours before lunch and a quarter of an hour after it.
    [InlineData("zh-CN", 3, 10, 13, 45, "剩余 2.25 工作时")]
    [InlineData("zh-CN", 3, 10, 9, 30, "已超期 0.50 工作时")]
    [InlineData("en", 3, 10, 9, 30, "Overdue by 0.50 working hours")]
    public void CasePage_OpenCase_ShowsTheWorkingTimeLeftOrHowLate(string culture, int month, int day, int hour, int minute, string expected)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var dispatched = Shanghai.ToUtc(new DateTime(2026, 3, 10, 9, 0, 0));
        Write(new StoredCase("D-1", "hotline", 1, 11, 2, dispatched.AddMinutes(-30))
        {
            DepartmentId = 1, RegisteredAt = dispatched.AddMinutes(-10), DispatchedAt = dispatched,
            DeadlineAt = Shanghai.ToUtc(new DateTime(2026, month, day, hour, minute, 0)),
        });
        _context.AddAuthorization().SetAuthorized("staff");

        var cut = _context.Render<CasePage>(p => p.Add(c => c.CaseNo, "D-1"));

        cut.WaitForAssertion(() => Assert.EndsWith(expected, cut.Find("[data-testid=case-deadline]").TextContent.Trim()), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void CasePage_WithoutPii_PhoneMaskedAndNoWayToReveal()
    {
        WriteStoryCase();
        _context.AddAuthorization().SetAuthorized("staff");

        var cut = _context.Render<CasePage>(p => p.Add(c => c.CaseNo, "S-1"));

        cut.WaitForAssertion(() => Assert.Equal("138****5678", cut.Find("[data-testid=case-phone]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=reveal-phone]"));
    }

    [Fact]
    public void CasePage_WithPii_RevealShowsThePhoneAndAuditsIt()
    {
        WriteStoryCase();
        _context.AddAuthorization().SetAuthorized("scheduler").SetPolicies(Policies.Pii);

        var cut = _context.Render<CasePage>(p => p.Add(c => c.CaseNo, "S-1"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=reveal-phone]"), TimeSpan.FromSeconds(30));
        Assert.Contains("138****5678", cut.Find("[data-testid=case-phone]").TextContent);
        Assert.Equal(0, _db.Count("audit_log", "action = 'pii-viewed'"));

        cut.Find("[data-testid=reveal-phone]").Click();

        cut.WaitForAssertion(() => Assert.Equal("13812345678", cut.Find("[data-testid=case-phone]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal(1, _db.Count("audit_log", "action = 'pii-viewed' AND actor = 'scheduler' AND target = 'case S-1'"));
    }

    [Fact]
    public void CasePage_UnknownNumber_SaysSo()
    {
        _context.AddAuthorization().SetAuthorized("staff");

        var cut = _context.Render<CasePage>(p => p.Add(c => c.CaseNo, "NOPE"));

        cut.WaitForAssertion(() => Assert.Contains("没有编号为 NOPE 的案件", cut.Find("[data-testid=case-not-found]").TextContent), TimeSpan.FromSeconds(30));
    }
}
