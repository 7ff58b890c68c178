using System.Globalization;
using Bunit;
using CommandCenter.Components.Shared;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Map;
using CommandCenter.Security;
using CommandCenter.Tests.Features.Wall;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// /map with a managed layer: the layer chooser, the places layer sent to the map, the near-sale-point line in a case's popup,
/// and 编辑点位 only for administrators (the Leaflet module strict; MudBlazor's own interop loose).
/// </summary>
public sealed class MapPagePlacesTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly PlacesScene _scene = new();
    private readonly BunitJSModuleInterop _map;

    public MapPagePlacesTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _map = _context.JSInterop.SetupModule(LeafletMap.ModulePath);
        _map.Mode = JSRuntimeMode.Strict;
        foreach (var call in new[] { "create", "update", "setShapes", "setHotspots", "setPlaces", "clearPlaces", "setEditing", "destroy" })
            _map.SetupVoid(call, _ => true).SetVoidResult();
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _context.Services.AddSingleton(BusinessCalendar.For("Asia/Shanghai"));
        _context.Services.AddSingleton<IDashboardFeed>(new TestDashboardFeed(WallSnapshots.Sample()));
        _context.Services.AddSingleton(_scene.Geometry);
        _context.Services.AddSingleton(_scene.PlaceCatalog);
        _context.Services.AddSingleton(_scene.Places);
        _context.Services.AddSingleton(_scene.Feed);
        _context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new MapOptions()));
        _context.Services.AddSingleton<IReferenceAuditSink>(new NoAudit());
        _context.Services.AddScoped<PlaceEditor>();
    }

    private sealed class NoAudit : IReferenceAuditSink
    {
        public Task RecordAsync(string action, string target, string detail, CancellationToken ct) => Task.CompletedTask;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _scene.Dispose();
    }

    private IRenderedComponent<MapPage> RenderAs(string role)
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetRoles(role);
        auth.SetPolicies(role == Roles.Admin ? [Policies.Admin, Policies.SignedIn] : [Policies.SignedIn]);
        _context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true));
        var cut = _context.Render<MapPage>();
        // The map's calls come after a render, and nothing renders again after them: poll (generous for a loaded machine).
        var until = DateTime.UtcNow.AddSeconds(30);
        while (_map.Invocations["setPlaces"].Count == 0 && DateTime.UtcNow < until) Thread.Sleep(50);
        Assert.NotEmpty(_map.Invocations["setPlaces"]);
        return cut;
    }

    [Fact]
    public async Task TheWallsLayer_IsChosenAtFirst_Drawn_AndANearCasesPopupNamesThePlace()
    {
        var cut = RenderAs(Roles.Staff);

        Assert.Contains("便民疏导点（1）", cut.Find("[data-testid=map-places]").TextContent);
        Assert.Equal("melon", Assert.Single(_map.Invocations["setPlaces"]).Arguments[1]);
        var map = cut.FindComponent<LeafletMap>();
        var near = await cut.InvokeAsync(() => map.Instance.PopupAsync(_scene.CaseId("C1")));
        Assert.Contains("近便民疏导点 正安路西瓜摊点（30 米）", near!.Lines);
        var far = await cut.InvokeAsync(() => map.Instance.PopupAsync(_scene.CaseId("C2")));
        Assert.DoesNotContain(far!.Lines, l => l.StartsWith("近便民疏导点", StringComparison.Ordinal));
    }

    [Fact]
    public void ANonAdministrator_SeesNoEditControl_AndTheMapGetsNoEditHandler()
    {
        var cut = RenderAs(Roles.Staff);

        Assert.Empty(cut.FindAll("[data-testid=map-edit-layer]"));
        Assert.Null(cut.FindComponent<LeafletMap>().Instance.OnPlaceEdit);
        Assert.Empty(_map.Invocations["setEditing"]);
    }

    [Fact]
    public void AnAdministrator_SeesTheEditControl()
    {
        var cut = RenderAs(Roles.Admin);

        Assert.Single(cut.FindAll("[data-testid=map-edit-layer]"));
        Assert.NotNull(cut.FindComponent<LeafletMap>().Instance.OnPlaceEdit);
    }

    [Fact]
    public async Task APlaceAddedElsewhere_IsDrawnAtOnce_WithoutANewSnapshot()
    {
        RenderAs(Roles.Staff);
        var calls = _map.Invocations["setPlaces"].Count;

        // Another administrator adds a place (on their /map, or by an import): the same snapshot, no new one.
        var layer = (await _scene.PlaceCatalog.GetAsync()).Single(l => l.Code == "melon");
        await _scene.Places.AddAsync(layer.Id, new CommandCenter.Domain.Geo.ManagedPlace(0, "正安路第二摊点", PlacesScene.North(400)));

        var until = DateTime.UtcNow.AddSeconds(30);
        while (_map.Invocations["setPlaces"].Count == calls && DateTime.UtcNow < until) Thread.Sleep(50);
        var call = _map.Invocations["setPlaces"][^1];
        Assert.Equal("melon", call.Arguments[1]);
        using var payload = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(call.Arguments[2]));
        Assert.Equal(2, payload.RootElement.GetProperty("places").GetArrayLength());
    }
}
