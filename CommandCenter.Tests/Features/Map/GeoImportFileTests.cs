using System.Text;
using System.Text.Json.Nodes;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Map;
using CommandCenter.Features.Reference;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// The boundary import refuses a bad file whole, naming the feature; one test per kind of bad file, read as the CLI prints it
/// (<see cref="ImportProblem.InEnglish"/>), and the problem's key where it names the kind.
/// </summary>
public class GeoImportFileTests
{
    /// <summary>The demo district's regions and roads as reference data (ids by position).</summary>
    internal static readonly ReferenceData Reference = BuildReference();

    private static ReferenceData BuildReference()
    {
        var ids = DemoCityCatalog.Regions.Select((r, i) => (r.Code, Id: (long)i + 1)).ToDictionary(x => x.Code, x => x.Id);
        var regions = DemoCityCatalog.Regions.Select(r => new RegionRow
        {
            Id = ids[r.Code], Code = r.Code, Name = r.Name, Level = r.Level, ParentId = r.ParentCode is null ? null : ids[r.ParentCode],
        });
        var roads = DemoCityCatalog.Roads.Select((r, i) => new RoadRow
        {
            Id = i + 1, Code = r.Code, Name = r.Name, StreetId = ids[DemoCityCatalog.StreetCode(r.StreetIndex)],
        });
        return new ReferenceData(regions, [], [], roads, []);
    }

    private static readonly string Street = DemoCityCatalog.StreetCode(0);
    private static readonly string Grid = DemoCityCatalog.Grids[0].Code;
    private static readonly string OtherStreetGrid = DemoCityCatalog.Grids.First(g => g.StreetIndex == 5).Code;

    private static JsonArray Ring(GeoArea area) =>
        new(area.Polygons[0].Outer.Select(p => (JsonNode)new JsonArray(p.Lng, p.Lat)).ToArray());

    private static JsonObject Feature(string code, string type, JsonNode coordinates) => new()
    {
        ["type"] = "Feature",
        ["properties"] = new JsonObject { ["code"] = code },
        ["geometry"] = new JsonObject { ["type"] = type, ["coordinates"] = coordinates },
    };

    private static JsonObject Polygon(string code) => Feature(code, "Polygon", new JsonArray(Ring(DemoCityCatalog.RegionArea(code)!)));

    private static byte[] File(params JsonObject[] features) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray(features) }.ToJsonString());

    private static GeoImportResult Read(byte[] file, IReadOnlyDictionary<long, GeoArea>? stored = null) =>
        GeoImportFile.Read(file, Reference, stored ?? new Dictionary<long, GeoArea>());

    private static ImportProblem Problem(byte[] file, IReadOnlyDictionary<long, GeoArea>? stored = null)
    {
        var result = Read(file, stored);
        Assert.Null(result.Import);
        return Assert.IsType<ImportProblem>(result.Problem);
    }

    private static string Refused(byte[] file, IReadOnlyDictionary<long, GeoArea>? stored = null) => Problem(file, stored).InEnglish();

    [Fact]
    public void AGoodFile_ReadsEveryRegionAndRoad()
    {
        var road = DemoCityCatalog.Roads[0];
        var line = new JsonArray(DemoCityCatalog.RoadLine(road).Points.Select(p => (JsonNode)new JsonArray(p.Lng, p.Lat)).ToArray());
        var result = Read(File(Polygon(Street), Polygon(DemoCityCatalog.Grids[0].CommunityCode), Polygon(Grid), Feature(road.Code, "LineString", line)));
        Assert.Null(result.Problem);
        var import = Assert.IsType<GeoImport>(result.Import);
        Assert.Equal(3, import.Regions.Count);
        Assert.Single(import.Roads);
        Assert.Equal(DemoCityCatalog.RegionArea(Grid)!.AreaKm2, import.Regions[Reference.Region(Grid)!.Id].AreaKm2, 9);
    }

    [Fact]
    public void NotGeoJson_IsRefused()
    {
        Assert.Equal("Not GeoJSON: not valid JSON (line 1).", Refused(Encoding.UTF8.GetBytes("code,lat,lng\n1,2,3")));
        Assert.Equal("Import.NotCollection", Problem(Encoding.UTF8.GetBytes("""{"type":"Feature","geometry":null}""")).Key);
        Assert.Equal("Feature 1: not a GeoJSON Feature.", Refused(Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[{"type":"Point"}]}""")));
    }

    [Fact]
    public void WrongGeometryType_IsRefused_NamingTheFeature()
    {
        var point = Feature(Grid, "Point", new JsonArray(117.1, 36.95));
        Assert.Equal($"Feature 2 ({Grid}): a region's geometry must be a Polygon or MultiPolygon, not Point.", Refused(File(Polygon(Street), point)));
        var roadAsPolygon = Feature("R01", "Polygon", new JsonArray(Ring(DemoCityCatalog.RegionArea(Grid)!)));
        Assert.Equal("Feature 1 (R01): a road's geometry must be a LineString, not Polygon.", Refused(File(roadAsPolygon)));
    }

    [Fact]
    public void UnclosedRing_IsRefused()
    {
        var ring = Ring(DemoCityCatalog.RegionArea(Grid)!);
        ring.RemoveAt(ring.Count - 1);
        var error = Refused(File(Feature(Grid, "Polygon", new JsonArray(ring))));
        Assert.Equal($"Feature 1 ({Grid}): the outer ring is not closed: its last position must be its first.", error);
    }

    [Fact]
    public void SelfCrossingRing_IsRefused()
    {
        var bowTie = new JsonArray(new JsonArray(117.1, 36.94), new JsonArray(117.11, 36.95), new JsonArray(117.11, 36.94),
            new JsonArray(117.1, 36.95), new JsonArray(117.1, 36.94));
        Assert.Equal($"Feature 1 ({Grid}): the outer ring crosses itself.", Refused(File(Feature(Grid, "Polygon", new JsonArray(bowTie)))));
    }

    [Fact]
    public void CoordinatesOutOfRange_AreRefused()
    {
        // Latitude and longitude swapped: 117 is no latitude.
        var swapped = new JsonArray(DemoCityCatalog.RegionArea(Grid)!.Polygons[0].Outer.Select(p => (JsonNode)new JsonArray(p.Lat, p.Lng)).ToArray());
        var error = Refused(File(Feature(Grid, "Polygon", new JsonArray(swapped))));
        Assert.StartsWith($"Feature 1 ({Grid}): the outer ring has a coordinate out of range", error);
        var line = Feature("R01", "LineString", new JsonArray(new JsonArray(117.1, 36.9), new JsonArray(200.0, 36.9)));
        Assert.StartsWith("Feature 1 (R01): the line has a coordinate out of range", Refused(File(line)));
    }

    [Fact]
    public void UnknownCode_IsRefused()
    {
        var error = Refused(File(Polygon(Street), Feature("999", "Polygon", new JsonArray(Ring(DemoCityCatalog.RegionArea(Grid)!)))));
        Assert.Equal("Feature 2 (999): no region or road has this code.", error);
        Assert.Equal("Feature 1: properties.code (a region or road code) is missing.",
            Refused(Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}""")));
    }

    [Fact]
    public void AGridOutsideItsStreet_IsRefused_JudgedWithTheFilesStreet()
    {
        // The grid's code with another street's grid's shape: not within street 1.
        var moved = Feature(Grid, "Polygon", new JsonArray(Ring(DemoCityCatalog.RegionArea(OtherStreetGrid)!)));
        var error = Refused(File(Polygon(Street), moved));
        Assert.StartsWith($"Feature 2 ({Grid}): the grid is not within its street {Street}", error);
    }

    [Fact]
    public void AGridOutsideItsStoredStreet_IsRefused_AndAStreetLeavingItsStoredGrids()
    {
        var stored = new Dictionary<long, GeoArea>
        {
            [Reference.Region(Street)!.Id] = DemoCityCatalog.RegionArea(Street)!,
            [Reference.Region(Grid)!.Id] = DemoCityCatalog.RegionArea(Grid)!,
        };
        var moved = Feature(Grid, "Polygon", new JsonArray(Ring(DemoCityCatalog.RegionArea(OtherStreetGrid)!)));
        Assert.StartsWith($"Feature 1 ({Grid}): the grid is not within its street {Street}", Refused(File(moved), stored));
        // A new street shape (another street's) that its stored grid would lie outside of.
        var street = Feature(Street, "Polygon", new JsonArray(Ring(DemoCityCatalog.RegionArea(DemoCityCatalog.StreetCode(5))!)));
        Assert.StartsWith($"Feature 1 ({Street}): the stored grid {Grid}", Refused(File(street), stored));
    }

    [Fact]
    public void ACodeTwice_IsRefused()
    {
        var problem = Problem(File(Polygon(Street), Polygon(Street)));
        Assert.Equal("Import.CodeTwice", problem.Key);
        Assert.Equal(ImportProblem.Feature(2, Street), problem.Args[0]);
        Assert.Equal(1, problem.Args[1]);
        Assert.Equal($"Feature 2 ({Street}): the code is also feature 1's.", problem.InEnglish());
    }
}
