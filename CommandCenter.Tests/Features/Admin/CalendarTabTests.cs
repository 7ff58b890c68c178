using System.Globalization;
using Bunit;
using CommandCenter.Domain;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Reference;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Admin;

/// <summary>The holiday calendar tab of /admin/reference (<see cref="CalendarTab"/>): the year's days, an edit, an import.</summary>
public sealed class CalendarTabTests : IAsyncLifetime
{
    private readonly AdminTestDatabase _db = new();
    private readonly BunitContext _context = new();
    private readonly CultureInfo _previousUiCulture = CultureInfo.CurrentUICulture;

    public CalendarTabTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _context.Services.AddLogging();
        _context.Services.AddSingleton(_db.Connections);
        _context.Services.AddSingleton(_db.Catalog);
        _context.Services.AddSingleton(_db.Changes);
        _context.Services.AddSingleton(BusinessCalendar.For("Asia/Shanghai"));
        _context.Services.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero)));
        _context.Services.AddReferenceAdmin();
        _context.Services.AddSingleton<IReferenceAuditSink>(_db.Audit);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _db.Dispose();
        CultureInfo.CurrentUICulture = _previousUiCulture;
    }

    private IRenderedComponent<CalendarTab> Render()
    {
        var cut = _context.Render<CalendarTab>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=calendar-table] tbody tr")));
        return cut;
    }

    [Fact]
    public void CalendarTab_ThisYear_ListsTheSeededDaysWithTheirKind()
    {
        var cut = Render();

        var rows = cut.FindAll("[data-testid=calendar-table] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(33, rows.Count);
        Assert.Contains(rows, r => r.Contains("2025-09-28") && r.Contains("Sunday") && r.Contains("Make-up working day"));
        Assert.Contains(rows, r => r.Contains("2025-10-08") && r.Contains("Day off"));
        Assert.Contains("08:30-12:00,13:30-17:30", cut.Markup);
    }

    [Fact]
    public async Task CalendarTab_ImportABadFile_NamesTheLineAndWritesNothing_AGoodOne_ReplacesTheYear()
    {
        var cut = Render();
        var before = await _db.CountAsync("work_calendar");

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "[\n{\"date\": \"2027-01-01\", \"name\": \"元旦\", \"isOffDay\": true},\n{\"date\": \"2027-13-01\", \"name\": \"x\", \"isOffDay\": true}\n]", "2027.json"));

        cut.WaitForAssertion(() => Assert.Contains("2027.json was not imported, nothing was written: Line 3:",
            cut.Find("[data-testid=calendar-message]").TextContent));
        Assert.Equal(before, await _db.CountAsync("work_calendar"));
        Assert.Empty(_db.Audit.Records);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("""
            [
              {"date": "2027-01-01", "name": "元旦", "isOffDay": true},
              {"date": "2027-10-01", "name": "国庆节", "isOffDay": true},
              {"date": "2027-09-26", "name": "国庆节调休上班", "isOffDay": false}
            ]
            """, "2027.json"));

        cut.WaitForAssertion(() => Assert.Contains("Imported the calendar of 2027: 2 days off, 1 make-up working days.",
            cut.Find("[data-testid=calendar-message]").TextContent));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=calendar-table] tbody tr").Count));
        Assert.Equal(before + 3, await _db.CountAsync("work_calendar"));
        Assert.Equal((WorkCalendarStore.ImportAction, "calendar:2027"), (_db.Audit.Records[0].Action, _db.Audit.Records[0].Target));
        Assert.False((await _db.Catalog.GetAsync()).Holidays.IsWorkingDay(new DateOnly(2027, 10, 1)));
    }

    [Fact]
    public async Task CalendarTab_SaveAMakeUpDayOnAWeekday_IsRefused_OnASaturday_IsSaved()
    {
        var cut = Render();
        var before = await _db.CountAsync("work_calendar");
        cut.Find("input[data-testid=calendar-date], [data-testid=calendar-date] input").Change("2025-12-05");
        cut.Find("input[data-testid=calendar-name], [data-testid=calendar-name] input").Change("调休");
        cut.Find("input[data-testid=calendar-off], [data-testid=calendar-off] input").Change(false);

        cut.Find("button[data-testid=calendar-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("only a Saturday or Sunday", cut.Find("[data-testid=calendar-message]").TextContent));
        Assert.Equal(before, await _db.CountAsync("work_calendar"));

        cut.Find("input[data-testid=calendar-date], [data-testid=calendar-date] input").Change("2025-12-06");
        cut.Find("button[data-testid=calendar-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Saved 2025-12-06.", cut.Find("[data-testid=calendar-message]").TextContent));
        Assert.True((await _db.Catalog.GetAsync()).Holidays.IsWorkingDay(new DateOnly(2025, 12, 6)));
        cut.WaitForAssertion(() => Assert.Equal(34, cut.FindAll("[data-testid=calendar-table] tbody tr").Count));
    }
}
