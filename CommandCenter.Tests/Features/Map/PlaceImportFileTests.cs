using System.Text;
using System.Text.Json.Nodes;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Map;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// The places import refuses a bad file whole, naming the feature; one test per kind of bad file, read as the CLI prints it
/// (<see cref="ImportProblem.InEnglish"/>), and the problem's key where it names the kind.
/// </summary>
public class PlaceImportFileTests
{
    private static readonly GeoArea District = DemoCityCatalog.RegionArea(DemoCityCatalog.DistrictCode)!;
    private static readonly GeoPoint Inside = DemoPlaces.SummerPlaces[0].Point;

    private static JsonObject Point(string? name, double lng, double lat, string? note = null, string? season = null)
    {
        var properties = new JsonObject();
        if (name is not null) properties["name"] = name;
        if (note is not null) properties["note"] = note;
        if (season is not null) properties["season"] = season;
        return new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = properties,
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lng, lat) },
        };
    }

    private static byte[] File(params JsonObject[] features) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray(features) }.ToJsonString());

    private static ImportProblem Problem(byte[] file, GeoArea? district = null)
    {
        var result = PlaceImportFile.Read(file, district ?? District);
        Assert.Null(result.Places);
        return Assert.IsType<ImportProblem>(result.Problem);
    }

    private static string Refused(byte[] file, GeoArea? district = null) => Problem(file, district).InEnglish();

    [Fact]
    public void AGoodFile_ReadsEveryPlace_WithItsNoteAndSeason()
    {
        var result = PlaceImportFile.Read(File(
            Point("正安路西瓜摊点", Inside.Lng, Inside.Lat, "6:00–22:00"),
            Point("济北路烤红薯点", Inside.Lng + 0.0001, Inside.Lat, season: "11-15..02-28")), District);

        Assert.Null(result.Problem);
        var places = Assert.IsAssignableFrom<IReadOnlyList<ManagedPlace>>(result.Places);
        Assert.Equal(["正安路西瓜摊点", "济北路烤红薯点"], places.Select(p => p.Name));
        Assert.Equal("6:00–22:00", places[0].Note);
        Assert.Null(places[0].Season);
        Assert.Equal("11-15..02-28", places[1].Season.ToString());
        Assert.Equal(Inside.Lat, places[0].Point.Lat, 9);
        Assert.Equal(Inside.Lng, places[0].Point.Lng, 9);
    }

    [Fact]
    public void NotGeoJson_IsRefused()
    {
        Assert.Equal("Import.NotJson", Problem(Encoding.UTF8.GetBytes("name,lat,lng\n瓜摊,36.9,117.1")).Key);
        Assert.Equal("Not GeoJSON: the file must be a FeatureCollection with a list of features.",
            Refused(Encoding.UTF8.GetBytes("""{"type":"Feature","geometry":null}""")));
        Assert.Equal("Feature 1: not a GeoJSON Feature.", Refused(Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[{"type":"Point"}]}""")));
        Assert.Equal("The file has no feature.", Refused(File()));
    }

    [Fact]
    public void AWrongGeometryType_IsRefused_NamingTheFeature()
    {
        var polygon = Point("瓜摊", Inside.Lng, Inside.Lat);
        polygon["geometry"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(117.1, 36.95), new JsonArray(117.2, 36.96)) };
        Assert.Equal("Feature 2 (瓜摊): a place's geometry must be a Point, not LineString.",
            Refused(File(Point("甲", Inside.Lng, Inside.Lat), polygon)));
    }

    [Fact]
    public void ACoordinateOutOfRange_IsRefused_LatitudeAndLongitudeSwapped()
    {
        // [lat, lng] written the wrong way round: 117 is no latitude.
        Assert.StartsWith("Feature 1 (瓜摊): the coordinate is out of range", Refused(File(Point("瓜摊", Inside.Lat, Inside.Lng))));
        Assert.Equal("Feature 1 (瓜摊): coordinates must be a [longitude, latitude] pair.",
            Refused(Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"瓜摊"},"geometry":{"type":"Point","coordinates":["117.1"]}}]}""")));
    }

    [Fact]
    public void APointOutsideTheDistrict_IsRefused_OnlyWhenADistrictShapeIsStored()
    {
        static JsonObject JinanCentre() => Point("泉城广场", 117.0195, 36.6610);
        var problem = Problem(File(JinanCentre()));
        Assert.Equal(("Import.Place.OutsideDistrict", ImportProblem.Feature(1, "泉城广场")), (problem.Key, Assert.Single(problem.Args)));
        Assert.Equal("Feature 1 (泉城广场): the point lies outside the district.", problem.InEnglish());
        Assert.NotNull(PlaceImportFile.Read(File(JinanCentre()), district: null).Places);
    }

    [Fact]
    public void AMissingName_IsRefused_NamingTheFeatureByNumber()
    {
        Assert.Equal("Feature 2: properties.name is missing.", Refused(File(Point("甲", Inside.Lng, Inside.Lat), Point(null, Inside.Lng, Inside.Lat))));
        Assert.Equal("Feature 1: properties.name is missing.", Refused(File(Point("  ", Inside.Lng, Inside.Lat))));
    }

    [Fact]
    public void ABadSeason_OrTooLongANameOrNote_IsRefused()
    {
        Assert.Equal("Feature 1 (瓜摊): the season '6-1..9-30' is not MM-DD..MM-DD.", Refused(File(Point("瓜摊", Inside.Lng, Inside.Lat, season: "6-1..9-30"))));
        Assert.EndsWith("the name is longer than 100 characters.", Refused(File(Point(new string('瓜', 101), Inside.Lng, Inside.Lat))));
        Assert.Equal("Feature 1 (瓜摊): the note is longer than 500 characters.", Refused(File(Point("瓜摊", Inside.Lng, Inside.Lat, new string('注', 501)))));
    }
}
