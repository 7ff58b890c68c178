using System.Globalization;
using Bunit;
using CommandCenter.Components.Shared;
using CommandCenter.Domain;
using CommandCenter.Features.Map;
using CommandCenter.Features.Wall.Boards;
using CommandCenter.Testing;
using CommandCenter.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Features.Wall;

/// <summary>
/// The wall's 案件地图 board on a database with a hot grid and an overdue case, strict JS interop: the hot spots go to the
/// map module's own layer (<c>setHotspots</c>), the overdue list says how late in the UI language.
/// </summary>
public sealed class MapBoardTests : BunitContext
{
    private static readonly DateTime Now = new(2026, 12, 3, 2, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = TestDatabase.CreateWithReference();
    private readonly SecurityNode _node;
    private readonly BunitJSModuleInterop _map;
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public MapBoardTests()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        _map = JSInterop.SetupModule(LeafletMap.ModulePath);
        foreach (var call in new[] { "create", "update", "setShapes", "setHotspots", "setPlaces", "clearPlaces", "destroy" })
            _map.SetupVoid(call, _ => true).SetVoidResult();
        _node = new SecurityNode(_db.Connections);
        var store = new GeoStore(_db.Connections, _node.Changes, TimeProvider.System);
        var area = CommandCenter.Features.Demo.DemoCityCatalog.RegionArea(CommandCenter.Features.Demo.DemoCityCatalog.Grids[0].Code)!;
        store.ImportAsync(new GeoImport(new Dictionary<long, CommandCenter.Domain.Geo.GeoArea> { [TestDatabase.Ref.Grid] = area },
            new Dictionary<long, CommandCenter.Domain.Geo.GeoLine>())).GetAwaiter().GetResult();
        StoredCase Case(string no, DateTime reported) =>
            new(no, "supervisor", TestDatabase.Ref.Category, TestDatabase.Ref.Grid, TestDatabase.Ref.Street, reported);
        using (var connection = _db.Open())
            TestCity.WriteCases(connection,
            [
                Case("20261202-00001", Now.AddHours(-20)),
                Case("20261202-00002", Now.AddHours(-10)),
                Case("20261202-00003", Now.AddHours(-1)),
                // Overdue by 32 hours: 1 day 8 hours.
                Case("20261129-00001", Now.AddDays(-4)) with
                {
                    RegisteredAt = Now.AddDays(-4), DispatchedAt = Now.AddDays(-4), DeadlineAt = Now.AddHours(-32), DepartmentId = TestDatabase.Ref.Department,
                },
            ]);
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(BusinessCalendar.For("Asia/Shanghai"));
        var geometry = new GeoCatalog(_node.Reference, store);
        Services.AddSingleton(geometry);
        Services.AddSingleton(new PlaceCatalog(_node.Reference, new PlaceStore(_db.Connections, _node.Changes, TimeProvider.System)));
        Services.AddSingleton(new MapFeed(new MapCaseQuery(_db.Connections, BusinessCalendar.For("Asia/Shanghai")), geometry,
            new FixedClock(new DateTimeOffset(Now)), Microsoft.Extensions.Logging.Abstractions.NullLogger<MapFeed>.Instance));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new MapOptions()));
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = _previous;
        base.Dispose(disposing);
        if (disposing)
        {
            _node.Dispose();
            _db.Dispose();
        }
    }

    private async Task<IRenderedComponent<MapBoard>> RenderBoardAsync(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var board = Render<MapBoard>(p => p.Add(x => x.Snapshot, CommandCenter.Tests.Features.Live.DashboardNotifierTests.Empty()));
        board.WaitForAssertion(() => Assert.NotNull(board.Find("[data-testid=wall-map]")), TimeSpan.FromSeconds(20));
        // The layer is sent after that render (OnAfterRenderAsync), with no render after it to wait on: poll, generously.
        for (var waited = 0; _map.Invocations["setHotspots"].Count == 0 && waited < 20_000; waited += 20) await Task.Delay(20);
        return board;
    }

    [Fact]
    public async Task Board_SendsTheHotGridToItsOwnLayer_AndSaysHowLateInChinese()
    {
        var board = await RenderBoardAsync("zh-CN");

        var hot = Assert.Single(_map.Invocations["setHotspots"]);
        var layer = Assert.IsType<string>(hot.Arguments[1]);
        Assert.Contains("\"cases\":3", layer);
        Assert.Contains($"\"fill\":\"{MapView.HotSpotLegend()[0].Colour}\"", layer);
        Assert.Single(_map.Invocations["create"]);
        Assert.Contains("共 3 件", board.Find("[data-testid=map-hotspot-legend]").TextContent);
        Assert.Equal("超期 1天8小时", board.Find("[data-testid=map-overdue-case] .map-overdue-late").TextContent.Trim());
    }

    [Fact]
    public async Task Board_SaysHowLateInEnglish()
    {
        var board = await RenderBoardAsync("en");

        Assert.Equal("1 d 8 h overdue", board.Find("[data-testid=map-overdue-case] .map-overdue-late").TextContent.Trim());
    }
}
