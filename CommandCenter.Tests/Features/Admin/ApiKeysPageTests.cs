using System.Globalization;
using Bunit;
using CommandCenter.Domain;
using CommandCenter.Features.Admin;
using CommandCenter.Security;
using CommandCenter.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Admin;

/// <summary><c>/admin/api-keys</c>: a key is created with the scopes ticked, including <c>metrics</c> for Prometheus alone.</summary>
public sealed class ApiKeysPageTests : IAsyncLifetime
{
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();
    private readonly SecurityNode _node;
    private readonly BunitContext _context = new();
    private readonly CultureInfo _previousUiCulture = CultureInfo.CurrentUICulture;

    public ApiKeysPageTests()
    {
        _node = new SecurityNode(_db.Connections);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _context.Services.AddSingleton(_node.Keys);
        _context.Services.AddSingleton(_node.Audit);
        _context.Services.AddSingleton(BusinessCalendar.For("Asia/Shanghai"));
        _context.AddAuthorization().SetAuthorized("admin");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _node.Dispose();
        _db.Dispose();
        CultureInfo.CurrentUICulture = _previousUiCulture;
    }

    private IRenderedComponent<ApiKeysPage> Create(string name, bool read, bool metrics)
    {
        var cut = _context.Render<ApiKeysPage>();
        cut.FindComponent<MudTextField<string>>().Find("input").Change(name);
        var boxes = cut.FindComponents<MudCheckBox<bool>>();
        boxes.Single(b => b.Instance.Label!.StartsWith("read", StringComparison.Ordinal)).Find("input").Change(read);
        boxes.Single(b => b.Instance.Label!.StartsWith("metrics", StringComparison.Ordinal)).Find("input").Change(metrics);
        cut.FindAll("button").Single(b => b.TextContent.Contains("Create key")).Click();
        return cut;
    }

    [Fact]
    public async Task Create_MetricsAlone_MakesAKeyWithTheMetricsScopeOnly()
    {
        var cut = Create("prometheus", read: false, metrics: true);

        cut.WaitForAssertion(() => Assert.Contains("cck_", cut.Find("[data-testid=secret]").TextContent));
        var key = Assert.Single(await _node.Keys.ListAsync());
        Assert.Equal(("prometheus", "metrics"), (key.Name, key.Scopes));
    }

    [Fact]
    public async Task Create_NoScopeTicked_IsRefusedAndWritesNothing()
    {
        var cut = Create("nothing", read: false, metrics: false);

        cut.WaitForAssertion(() => Assert.Contains("at least one scope", cut.Markup, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await _node.Keys.ListAsync());
    }
}
