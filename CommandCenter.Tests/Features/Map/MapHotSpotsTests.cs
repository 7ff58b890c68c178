using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Map;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// 近24小时热点 (<see cref="HotSpots"/>): the one grouped count of the last 24 hours' reports per region
/// (<see cref="MapCaseQuery.HotSpotsAsync"/>, SQLite) and the layer and legend the map draws from it (<see cref="MapView"/>).
/// </summary>
public sealed class MapHotSpotsTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 3, 2, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = TestDatabase.CreateWithReference();

    public void Dispose() => _db.Dispose();

    private static StoredCase Case(string no, long regionId, DateTime reportedAt) =>
        new(no, "supervisor", TestDatabase.Ref.Category, regionId, TestDatabase.Ref.Street, reportedAt);

    private MapCaseQuery Query => new(_db.Connections, BusinessCalendar.For("Asia/Shanghai"));

    [Fact]
    public async Task HotSpots_CountEveryCaseReportedInTheLast24Hours_PerRegion_WhateverItsStatus()
    {
        using (var connection = _db.Open())
            TestCity.WriteCases(connection,
            [
                Case("20261202-00001", TestDatabase.Ref.Grid, Now.AddHours(-23).AddMinutes(-59)),                 // in: 23 h 59 ago
                Case("20261202-00002", TestDatabase.Ref.Grid, Now.AddHours(-5)) with
                {
                    RegisteredAt = Now.AddHours(-5), DispatchedAt = Now.AddHours(-4), ResolvedAt = Now.AddHours(-3), ClosedAt = Now.AddHours(-2),
                },                                                                                               // in: closed since
                Case("20261202-00003", TestDatabase.Ref.Grid, Now.AddHours(-1)) with { RejectedAt = Now.AddMinutes(-30) }, // in: rejected
                Case("20261202-00004", TestDatabase.Ref.Grid, Now.AddHours(-24).AddMinutes(-1)),                 // out: 24 h 01 ago
                Case("20261202-00005", TestDatabase.Ref.Grid, Now.AddHours(-24)),                                // out: exactly 24 h ago
                Case("20261203-00001", TestDatabase.Ref.Grid, Now.AddMinutes(1)),                                // out: after now
                Case("20261202-00006", TestDatabase.Ref.Street, Now.AddHours(-2)),                               // in, on the street
            ]);

        var counts = await Query.HotSpotsAsync(Now);

        Assert.Equal(3, counts[TestDatabase.Ref.Grid]);
        Assert.Equal(1, counts[TestDatabase.Ref.Street]);
        Assert.Equal(2, counts.Count);
        // The definition in C# says the same of the edges.
        Assert.True(HotSpots.IsInWindow(Now.AddHours(-23).AddMinutes(-59), Now));
        Assert.False(HotSpots.IsInWindow(Now.AddHours(-24).AddMinutes(-1), Now));
        Assert.False(HotSpots.IsInWindow(Now.AddHours(-24), Now));
        Assert.False(HotSpots.IsInWindow(Now.AddMinutes(1), Now));
    }

    [Fact]
    public async Task Feed_ReadsTheHotSpotsIntoThePicture_OncePerSnapshot()
    {
        using (var connection = _db.Open())
            TestCity.WriteCases(connection,
            [
                Case("20261202-00001", TestDatabase.Ref.Grid, Now.AddHours(-3)),
                Case("20261202-00002", TestDatabase.Ref.Grid, Now.AddHours(-2)) with { RegisteredAt = Now.AddHours(-2) },
            ]);
        using var node = new CommandCenter.Tests.Security.SecurityNode(_db.Connections);
        var feed = new MapFeed(Query, new GeoCatalog(node.Reference, new GeoStore(_db.Connections, node.Changes, TimeProvider.System)),
            new FixedClock(new DateTimeOffset(Now)), Microsoft.Extensions.Logging.Abstractions.NullLogger<MapFeed>.Instance);
        var snapshot = CommandCenter.Tests.Features.Live.DashboardNotifierTests.Empty();

        var picture = await feed.PictureAsync(snapshot);

        Assert.Equal(2, picture.HotSpots[TestDatabase.Ref.Grid]);
        Assert.Equal(2, picture.Cases.Count);
        Assert.Same(picture, await feed.PictureAsync(snapshot));
    }

    [Fact]
    public void HeatClasses_StartAtTheThreshold_AndTheLegendNamesThem()
    {
        Assert.Equal([null, null, 0, 0, 1, 1, 2, 2, 3, 3], new long[] { 0, 2, 3, 4, 5, 9, 10, 19, 20, 500 }.Select(HotSpots.ClassOf));
        Assert.Equal(["3 – 4", "5 – 9", "10 – 19", "≥ 20"], MapView.HotSpotLegend().Select(c => c.Range));
        Assert.Equal(4, MapView.HotSpotLegend().Select(c => c.Colour).Distinct().Count());
    }

    [Fact]
    public async Task Layer_HasTheGridsFromTheThresholdOn_InTheirClass_AndItsKeyChangesOnlyWithAClass()
    {
        var reference = await new CommandCenter.Features.Reference.ReferenceCatalog(_db.Connections).GetAsync();
        var area = CommandCenter.Features.Demo.DemoCityCatalog.RegionArea(CommandCenter.Features.Demo.DemoCityCatalog.Grids[0].Code)!;
        var geometry = new DistrictGeometry(reference,
            new Dictionary<long, RegionShape> { [TestDatabase.Ref.Grid] = new(TestDatabase.Ref.Grid, area, area.AreaKm2) },
            new Dictionary<long, RoadLine>());
        MapPicture Picture(params (long Region, long Cases)[] counts) =>
            new(1, Now, []) { HotSpots = counts.ToDictionary(c => c.Region, c => c.Cases) };

        var cold = MapView.HotSpotLayer(geometry, Picture((TestDatabase.Ref.Grid, 2), (TestDatabase.Ref.Street, 40)));
        var warm = MapView.HotSpotLayer(geometry, Picture((TestDatabase.Ref.Grid, 3)));
        var stillWarm = MapView.HotSpotLayer(geometry, Picture((TestDatabase.Ref.Grid, 4)));
        var hot = MapView.HotSpotLayer(geometry, Picture((TestDatabase.Ref.Grid, 20)));

        Assert.DoesNotContain("\"Feature\"", cold.GeoJson);      // below the threshold, and a street is no grid
        Assert.Contains("\"cases\":3", warm.GeoJson);
        Assert.Contains($"\"fill\":\"{MapView.HotSpotLegend()[0].Colour}\"", warm.GeoJson);
        Assert.Contains($"\"fill\":\"{MapView.HotSpotLegend()[3].Colour}\"", hot.GeoJson);
        Assert.Equal(warm.Key, stillWarm.Key);
        Assert.NotEqual(warm.Key, hot.Key);
        Assert.NotEqual(cold.Key, warm.Key);
        Assert.Equal((42L, 40L), MapView.HotSpotTotals(geometry, Picture((TestDatabase.Ref.Grid, 2), (TestDatabase.Ref.Street, 40))));
    }
}
