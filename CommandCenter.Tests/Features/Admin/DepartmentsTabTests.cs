using System.Globalization;
using Bunit;
using CommandCenter.Data;
using CommandCenter.Features.Admin.Reference;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Admin;

public sealed class DepartmentsTabTests : IAsyncLifetime
{
    private readonly AdminTestDatabase _db = new();
    private readonly BunitContext _context = new();
    private readonly CultureInfo _previousUiCulture = CultureInfo.CurrentUICulture;

    public DepartmentsTabTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _context.Services.AddLogging();
        _context.Services.AddSingleton(_db.Options);
        _context.Services.AddSingleton(_db.Connections);
        _context.Services.AddSingleton(_db.Catalog);
        _context.Services.AddSingleton(_db.Changes);
        _context.Services.AddReferenceAdmin();
        _context.Services.AddScoped<IReferenceAuditSink, RecordingAuditSink>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that are only IAsyncDisposable.
    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _db.Dispose();
        CultureInfo.CurrentUICulture = _previousUiCulture;
    }

    [Fact]
    public async Task DepartmentsTab_RowsInDatabase_ListsThem()
    {
        await _db.Commands.SaveDepartmentAsync(new DepartmentForm { Code = "municipal", Name = "市政工程中心" });
        await _db.Commands.SaveDepartmentAsync(new DepartmentForm { Code = "sanitation", Name = "环卫中心" });

        var cut = _context.Render<DepartmentsTab>();

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("[data-testid=departments-table] tbody tr").Select(r => r.TextContent).ToList();
            Assert.Equal(2, rows.Count);
            Assert.Contains("municipal", rows[0]);
            Assert.Contains("市政工程中心", rows[0]);
            Assert.Contains("sanitation", rows[1]);
        });
        Assert.Contains("Add department", cut.Markup);
    }

    [Fact]
    public async Task DepartmentsTab_SaveWithEmptyCode_ShowsRequiredAndWritesNothing()
    {
        _context.Render<MudPopoverProvider>();
        var cut = _context.Render<DepartmentsTab>();
        cut.WaitForAssertion(() => Assert.Contains("Nothing here yet.", cut.Markup));

        cut.Find("button[data-testid=add]").Click();
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() =>
        {
            var form = cut.Find("[data-testid=department-form]");
            Assert.Contains("Required.", form.TextContent);
            Assert.NotEmpty(form.QuerySelectorAll(".mud-input-error"));
        });
        Assert.Empty(await _db.Queries.DepartmentsAsync());
    }

    [Fact]
    public async Task DepartmentsTab_DuplicateCode_ShowsCodeTakenOnTheField()
    {
        await _db.Commands.SaveDepartmentAsync(new DepartmentForm { Code = "municipal", Name = "市政工程中心" });
        var cut = _context.Render<DepartmentsTab>();
        cut.WaitForAssertion(() => Assert.Contains("municipal", cut.Markup));

        cut.Find("button[data-testid=add]").Click();
        cut.Find("[data-testid=department-form] input").Change("municipal");
        cut.FindAll("[data-testid=department-form] input")[1].Change("重复");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("This code is already in use.", cut.Find("[data-testid=department-form]").TextContent));
        Assert.Single(await _db.Queries.DepartmentsAsync());
    }
}
