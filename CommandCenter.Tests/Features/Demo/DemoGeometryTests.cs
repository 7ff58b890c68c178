using CommandCenter.Domain.Geo;
using CommandCenter.Features.Demo;

namespace CommandCenter.Tests.Features.Demo;

public class DemoGeometryTests
{
    private static readonly Dictionary<string, DemoCityCatalog.Region> ByCode = DemoCityCatalog.Regions.ToDictionary(r => r.Code);

    [Fact]
    public void EveryRegion_HasAValidRing_WithinItsParent()
    {
        Assert.Equal(1 + 10 + 30 + 120, DemoCityCatalog.Regions.Count);
        Assert.All(DemoCityCatalog.Regions, region =>
        {
            var polygon = Assert.Single(region.Area.Polygons);
            Assert.Null(GeoRules.CheckRing(polygon.Outer));
            if (region.ParentCode is { } parent)
                Assert.True(region.Area.IsWithin(ByCode[parent].Area), $"{region.Level} {region.Code} not within {parent}");
        });
    }

    [Fact]
    public void Grids_TileTheirCommunity_AndNoTwoGridsOverlap()
    {
        foreach (var community in DemoCityCatalog.Regions.Where(r => r.Level == "community"))
        {
            var grids = DemoCityCatalog.Regions.Where(r => r.ParentCode == community.Code).ToList();
            Assert.Equal(4, grids.Count);
            Assert.Equal(community.Area.AreaKm2, grids.Sum(g => g.Area.AreaKm2), 6);
        }
        var all = DemoCityCatalog.Regions.Where(r => r.Level == "grid").ToList();
        foreach (var grid in all)
        {
            var inside = grid.Area.LabelPoint;
            Assert.True(grid.Area.Contains(inside));
            Assert.Single(all, g => g.Area.Polygons[0].Outer.Count > 0 && GeoMath.StrictlyInRing(g.Area.Polygons[0].Outer, inside));
        }
        var district = ByCode[DemoCityCatalog.DistrictCode];
        Assert.InRange(district.Area.AreaKm2, 150, 250);
    }

    [Fact]
    public void RoadLines_LieInTheirStreet()
    {
        Assert.All(DemoCityCatalog.Roads, road =>
        {
            var line = DemoCityCatalog.RoadLine(road);
            Assert.Null(GeoRules.CheckLine(line.Points));
            var street = ByCode[DemoCityCatalog.StreetCode(road.StreetIndex)].Area;
            Assert.All(line.Points, p => Assert.True(street.Contains(p), $"{road.Code} at {p}"));
        });
    }
}
