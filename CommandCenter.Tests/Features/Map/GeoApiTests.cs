using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Map;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using CommandCenter.Tests.Apis;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// <c>GET /api/v1/geo/regions</c> and <c>GET /api/v1/geo/cases</c>: GeoJSON for a key with the read scope, the open cases with
/// masked phones and the ones without a location counted, a case-desk filter, bad parameters refused; and a case posted
/// with coordinates out of range refused with 400.
/// </summary>
public sealed class GeoApiTests : IClassFixture<IntakeAppFactory>
{
    private readonly IntakeAppFactory _app;

    public GeoApiTests(IntakeAppFactory app) => _app = app;

    private static GeoArea Box(double south, double west, double north, double east) =>
        new(new GeoPolygon([new(south, west), new(south, east), new(north, east), new(north, west), new(south, west)]));

    private async Task StoreShapesAsync()
    {
        var reference = await _app.Service<ReferenceCatalog>().GetAsync();
        var grid = reference.Region("G01")!;
        var street = reference.StreetOf(grid)!;
        await _app.Service<GeoStore>().ImportAsync(new GeoImport(
            new Dictionary<long, GeoArea> { [street.Id] = Box(36.9, 117.1, 37.1, 117.3), [grid.Id] = Box(36.95, 117.15, 37.0, 117.2) },
            new Dictionary<long, GeoLine>()));
    }

    [Fact]
    public async Task Regions_AreAFeatureCollection_OfTheStoredShapes()
    {
        await StoreShapesAsync();
        var client = await _app.KeyClientAsync($"geo-{Guid.NewGuid():N}", ApiScopes.Read);

        var response = await client.GetAsync("/api/v1/geo/regions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("FeatureCollection", body.GetProperty("type").GetString());
        var grid = body.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "G01");
        Assert.Equal("Polygon", grid.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal("grid", grid.GetProperty("properties").GetProperty("level").GetString());
        Assert.Equal(Math.Round(Box(36.95, 117.15, 37.0, 117.2).AreaKm2, 4), grid.GetProperty("properties").GetProperty("areaKm2").GetDouble());
        // [longitude, latitude]
        var first = grid.GetProperty("geometry").GetProperty("coordinates")[0][0];
        Assert.Equal(117.15, first[0].GetDouble());
        Assert.Equal(36.95, first[1].GetDouble());
    }

    [Fact]
    public async Task Cases_TheOpenOnesAsPoints_PhoneMasked_AndTheOnesWithoutALocationCounted()
    {
        await StoreShapesAsync();
        var ingest = await _app.IngestClientAsync();
        var located = IntakeAppFactory.CaseBody(change: b => { b["lat"] = 36.97; b["lng"] = 117.17; b.Remove("roadCode"); });
        var unlocated = IntakeAppFactory.CaseBody(change: b => { b.Remove("lat"); b.Remove("lng"); b.Remove("roadCode"); });
        var a = await (await ingest.PostAsJsonAsync("/api/v1/cases", located)).Content.ReadFromJsonAsync<JsonElement>();
        var b = await (await ingest.PostAsJsonAsync("/api/v1/cases", unlocated)).Content.ReadFromJsonAsync<JsonElement>();
        var client = await _app.KeyClientAsync($"geo-{Guid.NewGuid():N}", ApiScopes.Read);

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/geo/cases");

        var features = body.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("properties").GetProperty("caseNo").GetString()!);
        var point = features[a.GetProperty("caseNo").GetString()!];
        Assert.Equal("Point", point.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(117.17, point.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble());
        Assert.Equal("dispatch", point.GetProperty("properties").GetProperty("stage").GetString());
        Assert.DoesNotContain("12345678", point.GetProperty("properties").GetProperty("reporterPhone").GetString());
        Assert.True(point.GetProperty("properties").GetProperty("located").GetBoolean());
        var none = features[b.GetProperty("caseNo").GetString()!];
        Assert.Equal(JsonValueKind.Null, none.GetProperty("geometry").ValueKind);
        Assert.False(none.GetProperty("properties").GetProperty("located").GetBoolean());
        Assert.Equal(features.Values.Count(f => !f.GetProperty("properties").GetProperty("located").GetBoolean()), body.GetProperty("withoutLocation").GetInt32());
        Assert.False(body.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Cases_WithACaseDeskFilter_AndBadParametersRefused()
    {
        var client = await _app.KeyClientAsync($"geo-{Guid.NewGuid():N}", ApiScopes.Read);

        var filtered = await client.GetAsync("/api/v1/geo/cases?category=manhole");
        Assert.True(filtered.StatusCode == HttpStatusCode.OK, await filtered.Content.ReadAsStringAsync());
        Assert.All((await filtered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("features").EnumerateArray(),
            f => Assert.Equal("manhole", f.GetProperty("properties").GetProperty("category").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/geo/cases?category=no-such")).StatusCode);
        var limit = await client.GetAsync("/api/v1/geo/cases?limit=5");
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Contains("limit", await limit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Geo_WithoutTheReadScope_IsRefused()
    {
        var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/geo/regions")).StatusCode);
        var ingestOnly = await _app.KeyClientAsync($"ingest-{Guid.NewGuid():N}", ApiScopes.Ingest);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestOnly.GetAsync("/api/v1/geo/cases")).StatusCode);
    }

    [Fact]
    public async Task PostingACase_WithCoordinatesOutOfRange_Is400NamingThem()
    {
        var ingest = await _app.IngestClientAsync();
        var before = _app.Counts().Cases;

        var response = await ingest.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody(change: b => { b["lat"] = 117.17; b["lng"] = 236.98; }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("lat", out _));
        Assert.True(errors.TryGetProperty("lng", out _));
        Assert.Equal(before, _app.Counts().Cases);
    }
    [Fact]
    public async Task Cases_NearAnInSeasonPlaceOfALayerNamingTheirCategory_CarryNearPlace_OthersNull()
    {
        await StoreShapesAsync();
        // An all-year layer whose categories are set to the reference city's 井盖 (the categories are the layer's).
        var code = $"geo-api-{Guid.NewGuid():N}"[..20];
        var stall = new GeoPoint(36.98, 117.18);
        var places = _app.Service<PlaceStore>();
        await places.ImportAsync(new PlaceImport(code, "便民疏导点", null, [new ManagedPlace(0, "测试瓜摊", stall)]));
        using (var connection = _app.Db.Open())
            Dapper.SqlMapper.Execute(connection, "UPDATE place_layers SET near_categories = 'manhole' WHERE code = @Code", new { Code = code });
        await places.ImportAsync(new PlaceImport(code, null, null, [new ManagedPlace(0, "测试瓜摊", stall)]));
        var ingest = await _app.IngestClientAsync();
        var metres20North = stall.Lat + 20 / (GeoMath.EarthRadiusKm * 1000 * Math.PI / 180);
        var near = await (await ingest.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody(change: b => { b["lat"] = metres20North; b["lng"] = stall.Lng; b.Remove("roadCode"); })))
            .Content.ReadFromJsonAsync<JsonElement>();
        var far = await (await ingest.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody(change: b => { b["lat"] = 36.96; b["lng"] = 117.16; b.Remove("roadCode"); })))
            .Content.ReadFromJsonAsync<JsonElement>();
        var client = await _app.KeyClientAsync($"geo-{Guid.NewGuid():N}", ApiScopes.Read);

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/geo/cases");

        var features = body.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("properties").GetProperty("caseNo").GetString()!);
        var nearPlace = features[near.GetProperty("caseNo").GetString()!].GetProperty("properties").GetProperty("nearPlace");
        Assert.Equal(code, nearPlace.GetProperty("layer").GetString());
        Assert.Equal("测试瓜摊", nearPlace.GetProperty("name").GetString());
        Assert.Equal(20, nearPlace.GetProperty("metres").GetInt32());
        Assert.Equal(JsonValueKind.Null, features[far.GetProperty("caseNo").GetString()!].GetProperty("properties").GetProperty("nearPlace").ValueKind);
    }
}
