using System.Globalization;
using Bunit;
using CommandCenter.Components.Shared;
using CommandCenter.Domain;
using CommandCenter.Features.Map;
using CommandCenter.Features.Wall;

using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Features.Wall;

/// <summary>
/// bUnit with strict JS interop: every call the boards make into the ApexCharts module (and the wall's own module) must be
/// one the test set up, and the test can read which were made.
/// </summary>
public abstract class WallTestContext : BunitContext
{
    protected WallTestContext()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        JSInterop.Mode = JSRuntimeMode.Strict;
        Chart = JSInterop.SetupModule(ApexChart.ModulePath);
        foreach (var call in new[] { "create", "updateSeries", "updateCategories", "destroy" })
            Chart.SetupVoid(call, _ => true).SetVoidResult();
        Screen = JSInterop.SetupModule(WallPage.ModulePath);
        Screen.SetupVoid("start", _ => true).SetVoidResult();
        Screen.SetupVoid("stop", _ => true).SetVoidResult();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(BusinessCalendar.For("Asia/Shanghai"));
        // The map board (案件地图) in the rotation: its services over an empty database, its Leaflet module expected.
        Map = JSInterop.SetupModule(LeafletMap.ModulePath);
        foreach (var call in new[] { "create", "update", "setShapes", "setHotspots", "setPlaces", "clearPlaces", "destroy" })
            Map.SetupVoid(call, _ => true).SetVoidResult();
        var db = TestDatabase.CreateMigrated();
        var node = new CommandCenter.Tests.Security.SecurityNode(db.Connections);
        var geometry = new GeoCatalog(node.Reference, new GeoStore(db.Connections, node.Changes, TimeProvider.System));
        Services.AddSingleton(geometry);
        Services.AddSingleton(new PlaceCatalog(node.Reference, new PlaceStore(db.Connections, node.Changes, TimeProvider.System)));
        Services.AddSingleton(new MapFeed(new MapCaseQuery(db.Connections, BusinessCalendar.For("Asia/Shanghai")), geometry, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MapFeed>.Instance));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new MapOptions()));
    }

    /// <summary>The LeafletMap.razor.js module (the map board).</summary>
    protected BunitJSModuleInterop Map { get; }

    /// <summary>The ApexChart.razor.js module as the test sees it.</summary>
    protected BunitJSModuleInterop Chart { get; }

    /// <summary>The WallPage.razor.js module (auto-scroll).</summary>
    protected BunitJSModuleInterop Screen { get; }

    protected int ChartCalls(string identifier) => Chart.Invocations[identifier].Count;
}
