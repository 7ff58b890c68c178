using System.Globalization;
using System.Security.Claims;
using System.Text;
using CommandCenter.Cli;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Map;
using CommandCenter.Security;
using CommandCenter.Tests.Security;
using CommandCenter.Testing;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// <c>places import LAYERCODE FILE.geojson</c> (<see cref="PlacesCommand"/>), <see cref="PlaceStore"/> and <see cref="PlaceEditor"/>
/// over a migrated database: a good file replaces the layer's places and is audited, the node's <see cref="PlaceCatalog"/>
/// sees them at once; a bad file writes nothing; edits on the map are checked on the server (admins only, in the district).
/// </summary>
public sealed class PlacesCommandTests : IDisposable
{
    private static readonly string Street = DemoCityCatalog.StreetCode(0);
    private static readonly GeoPoint Inside = DemoPlaces.SummerPlaces[0].Point;

    private readonly TestDatabase _db = TestDatabase.CreateMigrated();
    private readonly SecurityNode _node;
    private readonly ServiceProvider _services;
    private readonly string _dir = Directory.CreateTempSubdirectory("places-import").FullName;

    public PlacesCommandTests()
    {
        using (var connection = _db.Open())
            new TestCity().District(DemoCityCatalog.DistrictCode).Street(Street, "济阳街道", DemoCityCatalog.DistrictCode).Write(connection);
        _node = new SecurityNode(_db.Connections);
        var geoStore = new GeoStore(_db.Connections, _node.Changes, TimeProvider.System);
        var store = new PlaceStore(_db.Connections, _node.Changes, TimeProvider.System);
        _services = new ServiceCollection()
            .AddSingleton(_node.Reference)
            .AddSingleton(geoStore)
            .AddSingleton(new GeoCatalog(_node.Reference, geoStore))
            .AddSingleton(store)
            .AddSingleton(new PlaceCatalog(_node.Reference, store))
            .AddSingleton(new AuditLog(_db.Connections, TimeProvider.System))
            .BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _node.Dispose();
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task StoreDistrictShapeAsync()
    {
        var reference = await _node.Reference.GetAsync();
        var district = reference.Region(DemoCityCatalog.DistrictCode)!.Id;
        await _services.GetRequiredService<GeoStore>().ImportAsync(new GeoImport(
            new Dictionary<long, GeoArea> { [district] = DemoCityCatalog.RegionArea(DemoCityCatalog.DistrictCode)! }, new Dictionary<long, GeoLine>()));
    }

    private static string Feature(string name, GeoPoint p) =>
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + name + "\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + GeoJson.Number(p.Lng) + "," + GeoJson.Number(p.Lat) + "]}}";

    private string File(params string[] features)
    {
        var path = Path.Combine(_dir, "places.geojson");
        System.IO.File.WriteAllText(path, "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}", new UTF8Encoding(false));
        return path;
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PlacesCommand.RunAsync(_services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private long Count(string sql)
    {
        using var connection = _db.Open();
        return connection.ExecuteScalar<long>(sql);
    }

    [Fact]
    public async Task Import_AGoodFile_CreatesTheLayer_AuditsIt_AndTheCatalogSeesIt_ThenAgainReplacesItsPlaces()
    {
        var (code, output, error) = await RunAsync("places", "import", "melon", File(Feature("甲", Inside), Feature("乙", Inside with { Lng = Inside.Lng + 0.0002 })),
            "--name", "便民疏导点", "--season", "06-01..09-30");

        Assert.True(code == 0, error);
        Assert.Contains("2 places in layer melon", output);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM audit_log WHERE action = '{PlaceStore.ImportAction}'"));
        var layer = Assert.Single(await _services.GetRequiredService<PlaceCatalog>().GetAsync());
        Assert.Equal(("melon", "便民疏导点", PlaceLayer.SalePoint, "06-01..09-30"), (layer.Code, layer.Name, layer.Kind, layer.Season.ToString()));
        Assert.Equal([PlaceDefaults.StreetVending], layer.NearCategories);
        Assert.Equal(["甲", "乙"], layer.Places.Select(p => p.Name));

        // Again without --name or --season: the places are replaced, the name and season kept.
        (code, _, error) = await RunAsync("places", "import", "melon", File(Feature("丙", Inside)));
        Assert.True(code == 0, error);
        layer = Assert.Single(await _services.GetRequiredService<PlaceCatalog>().GetAsync());
        Assert.Equal(("便民疏导点", "06-01..09-30", "丙"), (layer.Name, layer.Season.ToString(), Assert.Single(layer.Places).Name));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM places"));
    }

    [Fact]
    public async Task Import_ABadFile_WritesNothing_AndNamesTheFeature()
    {
        await StoreDistrictShapeAsync();
        // The refusal is English even on a Chinese machine.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        var (code, _, error) = await RunAsync("places", "import", "melon", File(Feature("甲", Inside), Feature("泉城广场", new GeoPoint(36.6610, 117.0195))));

        Assert.Equal(1, code);
        Assert.Contains("refused, nothing imported. Feature 2 (泉城广场): the point lies outside the district.", error);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM places"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM place_layers"));
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM audit_log WHERE action = '{PlaceStore.ImportAction}'"));
    }

    [Fact]
    public async Task Usage_ABadSeason_ABadCode_AndAMissingFile()
    {
        Assert.Equal(2, (await RunAsync("places")).Code);
        Assert.Equal(2, (await RunAsync("places", "import", "melon")).Code);
        Assert.Equal(2, (await RunAsync("places", "import", "瓜 地图", File(Feature("甲", Inside)))).Code);
        var (code, _, error) = await RunAsync("places", "import", "melon", File(Feature("甲", Inside)), "--season", "6-1..9-30");
        Assert.Equal(2, code);
        Assert.Contains("is not MM-DD..MM-DD", error);
        Assert.Equal(1, (await RunAsync("places", "import", "melon", Path.Combine(_dir, "none.geojson"))).Code);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM place_layers"));
    }

    [Fact]
    public async Task TheImport_WritesTheReferenceChangeFeed_SoEveryNodeReloads()
    {
        var before = Count("SELECT COUNT(*) FROM security_changes WHERE kind = 'reference' AND subject IN ('places', 'place_layers')");
        Assert.Equal(0, (await RunAsync("places", "import", "melon", File(Feature("甲", Inside)))).Code);
        Assert.True(Count("SELECT COUNT(*) FROM security_changes WHERE kind = 'reference' AND subject IN ('places', 'place_layers')") > before);
    }

    // ---- Edits on the map (PlaceEditor) ----

    private sealed class FixedUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private sealed class RecordingAudit : IReferenceAuditSink
    {
        public List<string> Actions { get; } = [];

        public Task RecordAsync(string action, string target, string detail, CancellationToken ct)
        {
            Actions.Add(action);
            return Task.CompletedTask;
        }
    }

    private PlaceEditor Editor(string role, RecordingAudit audit)
    {
        var authorization = new ServiceCollection().AddLogging().AddAuthorizationCore(o => o.AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin)))
            .BuildServiceProvider().GetRequiredService<IAuthorizationService>();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role)], "test"));
        return new PlaceEditor(_services.GetRequiredService<PlaceStore>(), _services.GetRequiredService<PlaceCatalog>(),
            _services.GetRequiredService<GeoCatalog>(), authorization, new FixedUser(user), audit);
    }

    [Fact]
    public async Task AnAdministrator_AddsMovesAndDeletesAPlace_EachCheckedAndAudited()
    {
        await StoreDistrictShapeAsync();
        Assert.Equal(0, (await RunAsync("places", "import", "melon", File(Feature("甲", Inside)))).Code);
        var audit = new RecordingAudit();
        var editor = Editor(Roles.Admin, audit);
        var catalog = _services.GetRequiredService<PlaceCatalog>();

        var added = await editor.AddAsync("melon", " 新瓜摊 ", "  ", Inside with { Lat = Inside.Lat + 0.0003 });
        Assert.True(added.Done, added.ErrorKey);
        var place = Assert.Single((await catalog.GetAsync())[0].Places, p => p.Id == added.Id);
        Assert.Equal(("新瓜摊", null), (place.Name, place.Note));

        Assert.True((await editor.MoveAsync(place.Id, Inside with { Lat = Inside.Lat + 0.0004 })).Done);
        Assert.Equal(Inside.Lat + 0.0004, (await catalog.GetAsync())[0].Places.Single(p => p.Id == place.Id).Point.Lat, 9);

        Assert.Equal("Places.Error.OutsideDistrict", (await editor.MoveAsync(place.Id, new GeoPoint(36.6610, 117.0195))).ErrorKey);
        Assert.Equal("Places.Error.OutsideDistrict", (await editor.AddAsync("melon", "泉城广场", null, new GeoPoint(36.6610, 117.0195))).ErrorKey);
        Assert.Equal("Places.Error.NoName", (await editor.AddAsync("melon", " ", null, Inside)).ErrorKey);
        Assert.Equal("Places.Error.NoLayer", (await editor.AddAsync("none", "甲", null, Inside)).ErrorKey);

        Assert.True((await editor.DeleteAsync(place.Id)).Done);
        Assert.Equal("Places.Error.NoPlace", (await editor.DeleteAsync(place.Id)).ErrorKey);
        Assert.Equal(["甲"], (await catalog.GetAsync())[0].Places.Select(p => p.Name));
        Assert.Equal([PlaceStore.AddAction, PlaceStore.MoveAction, PlaceStore.DeleteAction], audit.Actions);
    }

    [Fact]
    public async Task ANonAdministrator_IsRefusedByTheServer_AndNothingIsWritten()
    {
        Assert.Equal(0, (await RunAsync("places", "import", "melon", File(Feature("甲", Inside)))).Code);
        var id = (await _services.GetRequiredService<PlaceCatalog>().GetAsync())[0].Places[0].Id;
        var audit = new RecordingAudit();
        var editor = Editor(Roles.Staff, audit);

        Assert.False(await editor.MayEditAsync());
        Assert.Equal("Places.Error.Forbidden", (await editor.AddAsync("melon", "乙", null, Inside)).ErrorKey);
        Assert.Equal("Places.Error.Forbidden", (await editor.MoveAsync(id, Inside with { Lat = Inside.Lat + 0.001 })).ErrorKey);
        Assert.Equal("Places.Error.Forbidden", (await editor.DeleteAsync(id)).ErrorKey);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM places"));
        Assert.Equal(Inside.Lat, (await _services.GetRequiredService<PlaceCatalog>().GetAsync())[0].Places[0].Point.Lat, 9);
        Assert.Empty(audit.Actions);
    }
}
