using System.Text.Json;
using Bunit;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Map;
using CommandCenter.Features.Wall.Boards;
using CommandCenter.Tests.Security;
using CommandCenter.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Features.Wall;

/// <summary>
/// A district with its stored shape, a sale-point layer of one place (on the wall, 06-01..09-30) and four cases around it:
/// 占道经营 30 m and 200 m away, a closed 占道经营 10 m away, and another category 10 m away. Only the first is near.
/// </summary>
public sealed class PlacesScene : IDisposable
{
    public static readonly GeoPoint Stall = DemoPlaces.SummerPlaces[0].Point;
    public readonly TestDatabase Db = TestDatabase.CreateMigrated();
    public readonly SecurityNode Node;
    public readonly FixedClock Clock = new(new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero));
    public readonly GeoCatalog Geometry;
    public readonly PlaceStore Places;
    public readonly PlaceCatalog PlaceCatalog;
    public readonly MapFeed Feed;

    // About 1 m of latitude.
    public static GeoPoint North(double metres) => Stall with { Lat = Stall.Lat + metres / (GeoMath.EarthRadiusKm * 1000 * Math.PI / 180) };

    public PlacesScene()
    {
        using (var connection = Db.Open())
        {
            new TestCity().District(DemoCityCatalog.DistrictCode, id: 1).Street("S01", "济阳街道", DemoCityCatalog.DistrictCode, id: 2)
                .Category("street-vending", "占道经营", CategoryKind.Event, 2, 1, id: 1).Category("exposed-garbage", "暴露垃圾", CategoryKind.Event, 4, 2, id: 2)
                .Write(connection);
            var reported = Clock.GetUtcNow().UtcDateTime.AddHours(-1);
            TestCity.WriteCases(connection,
            [
                new StoredCase("C1", "patrol", 1, 2, 2, reported),
                new StoredCase("C2", "patrol", 1, 2, 2, reported),
                new StoredCase("C3", "patrol", 1, 2, 2, reported) { ResolvedAt = reported.AddMinutes(20), ClosedAt = reported.AddMinutes(30) },
                new StoredCase("C4", "patrol", 2, 2, 2, reported),
            ]);
            foreach (var (no, p) in new[] { ("C1", North(30)), ("C2", North(200)), ("C3", North(10)), ("C4", North(10)) })
                connection.Execute("UPDATE cases SET lat = @Lat, lng = @Lng WHERE case_no = @No", new { p.Lat, p.Lng, No = no });
        }
        Node = new SecurityNode(Db.Connections);
        var geoStore = new GeoStore(Db.Connections, Node.Changes, Clock);
        Geometry = new GeoCatalog(Node.Reference, geoStore);
        Places = new PlaceStore(Db.Connections, Node.Changes, Clock);
        geoStore.ImportAsync(new GeoImport(new Dictionary<long, GeoArea> { [1] = DemoCityCatalog.RegionArea(DemoCityCatalog.DistrictCode)! },
            new Dictionary<long, GeoLine>())).GetAwaiter().GetResult();
        var layer = Places.ImportAsync(new PlaceImport("melon", "便民疏导点", DemoPlaces.Summer, [new ManagedPlace(0, "正安路西瓜摊点", Stall)])).GetAwaiter().GetResult();
        Places.SetShownOnWallAsync(layer, true).GetAwaiter().GetResult();
        PlaceCatalog = new PlaceCatalog(Node.Reference, Places);
        Feed = new MapFeed(new MapCaseQuery(Db.Connections, BusinessCalendar.For("Asia/Shanghai")), Geometry, Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MapFeed>.Instance);
    }

    public long CaseId(string caseNo)
    {
        using var connection = Db.Open();
        return connection.ExecuteScalar<long>("SELECT id FROM cases WHERE case_no = @No", new { No = caseNo });
    }

    public void Dispose()
    {
        Node.Dispose();
        Db.Dispose();
    }
}

/// <summary>
/// The wall's 案件地图 with a managed layer flagged for the wall: in season its places go to the map's places layer with a
/// ring around each 占道经营 case near one, and the side panel counts them ("N 件近疏导点", <see cref="NearPlaces.Count"/>);
/// out of season the layer is not drawn and nothing is near.
/// </summary>
public sealed class MapBoardPlacesTests : WallTestContext
{
    private readonly PlacesScene _scene = new();

    public MapBoardPlacesTests()
    {
        Services.AddSingleton(_scene.Geometry);
        Services.AddSingleton(_scene.PlaceCatalog);
        Services.AddSingleton(_scene.Feed);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _scene.Dispose();
    }

    [Fact]
    public void InSeason_TheLayerIsDrawn_WithARingAroundTheNearCase_AndTheBoardCountsIt()
    {
        var cut = Render<MapBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=map-near-place] b").TextContent), TimeSpan.FromSeconds(20));
        Assert.Contains("近疏导点", cut.Find("[data-testid=map-near-place]").TextContent);
        cut.WaitForAssertion(() => Assert.Single(Map.Invocations["setPlaces"]), TimeSpan.FromSeconds(20));
        var call = Map.Invocations["setPlaces"][0];
        Assert.Equal("melon", call.Arguments[1]);
        using var payload = JsonDocument.Parse(JsonSerializer.Serialize(call.Arguments[2]));
        var place = Assert.Single(payload.RootElement.GetProperty("places").EnumerateArray().ToList());
        Assert.Equal("正安路西瓜摊点", place[3].GetString());
        Assert.Contains("季节：06-01..09-30", place[4].EnumerateArray().Select(l => l.GetString()));
        var ring = Assert.Single(payload.RootElement.GetProperty("near").EnumerateArray().ToList());
        Assert.Equal(PlacesScene.North(30).Lat, ring[0].GetDouble(), 9);
        Assert.Single(Map.Invocations["create"]);
    }

    [Fact]
    public void OutOfSeason_TheLayerIsNotDrawn_AndTheCountIsGone()
    {
        _scene.Clock.Now = new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
        var cut = Render<MapBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=wall-map]")), TimeSpan.FromSeconds(20));
        cut.WaitForAssertion(() => Assert.Single(Map.Invocations["create"]), TimeSpan.FromSeconds(20));
        Assert.Empty(cut.FindAll("[data-testid=map-near-place]"));
        Assert.Empty(Map.Invocations["setPlaces"]);
    }

    [Fact]
    public async Task APlaceAddedWithoutANewSnapshot_IsDrawnOnTheWallAtOnce()
    {
        Render<MapBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));
        // The map's calls come after a render, and nothing renders again after them: poll.
        void Until(int calls)
        {
            var until = DateTime.UtcNow.AddSeconds(20);
            while (Map.Invocations["setPlaces"].Count < calls && DateTime.UtcNow < until) Thread.Sleep(50);
            Assert.Equal(calls, Map.Invocations["setPlaces"].Count);
        }
        Until(1);

        // An administrator adds a place on /map (or imports a file): the same snapshot, no new one.
        var layer = (await _scene.PlaceCatalog.GetAsync()).Single(l => l.Code == "melon");
        await _scene.Places.AddAsync(layer.Id, new ManagedPlace(0, "正安路第二摊点", PlacesScene.North(400)));

        Until(2);
        using var payload = JsonDocument.Parse(JsonSerializer.Serialize(Map.Invocations["setPlaces"][1].Arguments[2]));
        Assert.Equal(2, payload.RootElement.GetProperty("places").GetArrayLength());
    }
}
