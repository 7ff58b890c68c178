using Bunit;
using CommandCenter.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Components;

/// <summary>
/// The Leaflet wrapper as .NET drives it, with strict JS interop (every call must be expected): the map is created once with
/// every point, a new set of points sends only the difference, new shapes are sent by key, and it is never created again.
/// </summary>
public sealed class LeafletMapTests : BunitContext
{
    private readonly BunitJSModuleInterop _module;
    private static readonly MapShapes Shapes = new("v1", """{"type":"FeatureCollection","features":[]}""");

    public LeafletMapTests()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _module = JSInterop.SetupModule(LeafletMap.ModulePath);
        _module.SetupVoid("create", _ => true).SetVoidResult();
        _module.SetupVoid("update", _ => true).SetVoidResult();
        _module.SetupVoid("setShapes", _ => true).SetVoidResult();
        _module.SetupVoid("setHotspots", _ => true).SetVoidResult();
    }

    private IRenderedComponent<LeafletMap> RenderMap(IReadOnlyList<MapPoint> points) => Render<LeafletMap>(p => p
        .Add(x => x.Shapes, Shapes)
        .Add(x => x.Points, points)
        .Add(x => x.Label, "案件地图"));

    [Fact]
    public void Map_IsCreatedOnce_ThenSentOnlyWhatChanged()
    {
        var a = new MapPoint(1, 36.95, 117.1, "inProgress");
        var b = new MapPoint(2, 36.96, 117.2, "dispatch");
        var c = new MapPoint(3, 36.97, 117.3, "urgent");
        var map = RenderMap([a, b]);
        var create = Assert.Single(_module.Invocations["create"]);
        Assert.Equal(2, Assert.IsType<List<object[]>>(create.Arguments[3]).Count);

        // b goes overdue, a is closed (gone), c is new.
        map.Render(p => p.Add(x => x.Points, [b with { Stage = "overdue" }, c]));

        var update = Assert.Single(_module.Invocations["update"]);
        var upserts = Assert.IsType<List<object[]>>(update.Arguments[1]);
        Assert.Equal([2L, 3L], upserts.Select(u => (long)u[0]));
        Assert.Equal("overdue", upserts[0][3]);
        Assert.Equal([1L], Assert.IsType<List<long>>(update.Arguments[2]));

        // The same points again: nothing to send.
        map.Render(p => p.Add(x => x.Points, [b with { Stage = "overdue" }, c]));
        Assert.Single(_module.Invocations["update"]);
        Assert.Single(_module.Invocations["create"]);
        Assert.Empty(_module.Invocations["setShapes"]);
    }

    [Fact]
    public void Map_NewShapes_AreSentByKey_WithoutCreatingTheMapAgain()
    {
        var map = RenderMap([]);
        map.Render(p => p.Add(x => x.Shapes, Shapes));
        Assert.Empty(_module.Invocations["setShapes"]);

        map.Render(p => p.Add(x => x.Shapes, new MapShapes("v2", Shapes.GeoJson)));

        Assert.Single(_module.Invocations["setShapes"]);
        Assert.Single(_module.Invocations["create"]);
        Assert.Equal("案件地图", map.Find("[role=region]").GetAttribute("aria-label"));
    }

    [Fact]
    public void Hotspots_AreSentToTheirOwnLayer_OnlyWhenTheirKeyChanges_AndClearedWhenTurnedOff()
    {
        var warm = new MapShapes("hot:4=0", """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"fill":"#fcd34d"}}]}""");
        var map = Render<LeafletMap>(p => p.Add(x => x.Shapes, Shapes).Add(x => x.Points, []).Add(x => x.Hotspots, warm).Add(x => x.Label, "案件地图"));
        var first = Assert.Single(_module.Invocations["setHotspots"]);
        Assert.Equal(warm.GeoJson, first.Arguments[1]);

        // The same layer again (a new snapshot, no grid changed class): nothing sent.
        map.Render(p => p.Add(x => x.Hotspots, warm with { GeoJson = warm.GeoJson }));
        Assert.Single(_module.Invocations["setHotspots"]);

        var hot = new MapShapes("hot:4=3", warm.GeoJson.Replace("#fcd34d", "#be123c"));
        map.Render(p => p.Add(x => x.Hotspots, hot));
        Assert.Equal(hot.GeoJson, _module.Invocations["setHotspots"][1].Arguments[1]);

        // The checkbox off: the layer is cleared with an empty collection, the points and shapes untouched.
        map.Render(p => p.Add(x => x.Hotspots, null));
        Assert.Equal(3, _module.Invocations["setHotspots"].Count);
        Assert.Contains("\"features\":[]", (string)_module.Invocations["setHotspots"][2].Arguments[1]!);
        Assert.Empty(_module.Invocations["setShapes"]);
        Assert.Empty(_module.Invocations["update"]);
        Assert.Single(_module.Invocations["create"]);
    }

    [Fact]
    public void Difference_OfTwentyThousandPoints_WithThreeChanged_IsThreeUpserts()
    {
        var before = Enumerable.Range(1, 20_000).Select(i => new MapPoint(i, 36.9 + i * 1e-6, 117.1, "inProgress")).ToDictionary(p => p.Id);
        var after = before.Values.Where(p => p.Id != 5).Select(p => p.Id == 7 ? p with { Stage = "overdue" } : p)
            .Append(new MapPoint(20_001, 36.95, 117.2, "dispatch")).ToList();

        var (upserts, removed, next) = LeafletMap.Difference(before, after);

        Assert.Equal([7L, 20_001L], upserts.Select(u => (long)u[0]).Order());
        Assert.Equal([5L], removed);
        Assert.Equal(20_000, next.Count);
    }
    // ---- Managed places: a separate layer API (setPlaces / clearPlaces / setEditing), never re-creating the map ----

    private static MapPlaceLayer Layer(string code, params MapPlace[] places) =>
        new(code, "#4ade80", "triangle", places, [new MapRing(36.95, 117.1)]);

    private static readonly MapPlace Melon = new(1, 36.95, 117.1, "正安路西瓜摊点", ["便民疏导点", "季节：06-01..09-30"], true);

    [Fact]
    public void PlaceLayers_AreSentPerLayer_WhenTheyChange_AndClearedWhenGone()
    {
        _module.SetupVoid("setPlaces", _ => true).SetVoidResult();
        _module.SetupVoid("clearPlaces", _ => true).SetVoidResult();
        var map = Render<LeafletMap>(p => p.Add(x => x.Shapes, Shapes).Add(x => x.Points, []).Add(x => x.Label, "案件地图")
            .Add(x => x.PlaceLayers, [Layer("melon", Melon)]));
        var first = Assert.Single(_module.Invocations["setPlaces"]);
        Assert.Equal("melon", first.Arguments[1]);

        // The same layer again and a second one: only the second is sent.
        map.Render(p => p.Add(x => x.PlaceLayers, [Layer("melon", Melon), Layer("winter", Melon with { Id = 2 })]));
        Assert.Equal(["melon", "winter"], _module.Invocations["setPlaces"].Select(i => (string)i.Arguments[1]!));

        // A place moved in the first: it alone is sent again; the second layer gone: cleared.
        map.Render(p => p.Add(x => x.PlaceLayers, [Layer("melon", Melon with { Lat = 36.951 })]));
        Assert.Equal(["melon", "winter", "melon"], _module.Invocations["setPlaces"].Select(i => (string)i.Arguments[1]!));
        Assert.Equal("winter", Assert.Single(_module.Invocations["clearPlaces"]).Arguments[1]);
        Assert.Single(_module.Invocations["create"]);
    }

    [Fact]
    public async Task Editing_IsSwitchedOnOnlyWithAHandler_AndAClickReachesIt_ThenTheLayerIsSentBack()
    {
        _module.SetupVoid("setPlaces", _ => true).SetVoidResult();
        _module.SetupVoid("setEditing", _ => true).SetVoidResult();
        var edits = new List<MapPlaceEdit>();
        var map = Render<LeafletMap>(p => p.Add(x => x.Shapes, Shapes).Add(x => x.Points, []).Add(x => x.Label, "案件地图")
            .Add(x => x.PlaceLayers, [Layer("melon", Melon)]).Add(x => x.EditLayer, "melon"));
        // No handler: a page that does not let this user edit never switches editing on.
        Assert.Empty(_module.Invocations["setEditing"]);

        map.Render(p => p.Add(x => x.OnPlaceEdit, e => { edits.Add(e); return Task.CompletedTask; }).Add(x => x.PlaceDeleteLabel, "删除"));
        var editing = Assert.Single(_module.Invocations["setEditing"]);
        Assert.Equal("melon", editing.Arguments[1]);
        Assert.Equal("删除", editing.Arguments[3]);
        var sent = _module.Invocations["setPlaces"].Count;

        await map.InvokeAsync(() => map.Instance.PlaceAddAsync("melon", 36.96, 117.11));
        await map.InvokeAsync(() => map.Instance.PlaceMoveAsync("winter", 9, 36.96, 117.11));

        // Only the edited layer's events count; the layer is sent back after the edit, whatever the server decided.
        var edit = Assert.Single(edits);
        Assert.Equal((MapPlaceEdit.Add, "melon", 36.96, 117.11), (edit.Kind, edit.LayerCode, edit.Lat, edit.Lng));
        map.WaitForAssertion(() => Assert.True(_module.Invocations["setPlaces"].Count > sent));
        Assert.Single(_module.Invocations["create"]);
    }

    [Fact]
    public void Map_ABrowserThatCannotDrawTheHotSpots_StillGetsThePoints_AndTheComponentStaysUp()
    {
        _module.SetupVoid("setHotspots", i => i.Arguments[1] is string json && json.Contains("bad", StringComparison.Ordinal))
            .SetException(new Microsoft.JSInterop.JSException("Invalid GeoJSON object."));
        var a = new MapPoint(1, 36.95, 117.1, "inProgress");
        var map = Render<LeafletMap>(p => p
            .Add(x => x.Shapes, Shapes)
            .Add(x => x.Points, [a])
            .Add(x => x.Hotspots, new MapShapes("bad", """{"bad":true}"""))
            .Add(x => x.Label, "案件地图"));

        map.Render(p => p.Add(x => x.Points, [a, new MapPoint(2, 36.96, 117.2, "dispatch")]));

        var update = Assert.Single(_module.Invocations["update"]);
        Assert.Equal([2L], Assert.IsType<List<object[]>>(update.Arguments[1]).Select(u => (long)u[0]));
        Assert.Single(_module.Invocations["setHotspots"]);
    }
}
