using CommandCenter.Domain.Geo;
using CommandCenter.Features.Demo;

namespace CommandCenter.Tests.Features.Demo;

/// <summary>The demo city's managed places (西瓜地图 and the winter sale points): where they stand and when they are in season.</summary>
public class DemoPlacesTests
{
    [Fact]
    public void EveryDemoPlace_LiesInsideTheDistrict_AndInsideTheStreetOfItsRoad()
    {
        var district = DemoCityCatalog.RegionArea(DemoCityCatalog.DistrictCode)!;
        var streets = Enumerable.Range(0, DemoCityCatalog.Streets.Length).Select(s => DemoCityCatalog.RegionArea(DemoCityCatalog.StreetCode(s))!).ToList();
        foreach (var place in DemoPlaces.SummerPlaces.Concat(DemoPlaces.WinterPlaces))
        {
            Assert.True(district.Contains(place.Point), place.Name);
            Assert.Single(streets, s => s.Contains(place.Point));
            Assert.Null(PlaceRules.Check(place.Name, place.Note, place.Point, district));
        }
    }

    [Fact]
    public void TheDemoLayers_AreSixteenAndEightPlaces_WithDistinctNamesAndPoints_OneSeasonWrappingTheNewYear()
    {
        Assert.Equal(16, DemoPlaces.SummerPlaces.Count);
        Assert.Equal(8, DemoPlaces.WinterPlaces.Count);
        foreach (var layer in new[] { DemoPlaces.SummerPlaces, DemoPlaces.WinterPlaces })
        {
            Assert.Equal(layer.Count, layer.Select(p => p.Name).Distinct().Count());
            Assert.Equal(layer.Count, layer.Select(p => p.Point).Distinct().Count());
        }
        Assert.True(DemoPlaces.Summer.Contains(new DateOnly(2026, 7, 15)));
        Assert.False(DemoPlaces.Summer.Contains(new DateOnly(2026, 12, 3)));
        Assert.True(DemoPlaces.Winter.Contains(new DateOnly(2026, 12, 3)));
        Assert.True(DemoPlaces.Winter.Contains(new DateOnly(2027, 2, 1)));
        Assert.False(DemoPlaces.Winter.Contains(new DateOnly(2027, 7, 15)));
    }
}
