using System.Globalization;
using System.Text;
using CommandCenter.Cli;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Map;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using CommandCenter.Tests.Security;
using CommandCenter.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// <c>geo import FILE.geojson</c> (<see cref="GeoCommand"/>) and <see cref="GeoStore"/>: a good file stores its shapes and lines
/// and is audited, and the node's <see cref="GeoCatalog"/> sees them at once; a bad file writes nothing.
/// </summary>
public sealed class GeoCommandTests : IDisposable
{
    private static readonly DemoCityCatalog.Grid Grid = DemoCityCatalog.Grids[0];
    private static readonly string Street = DemoCityCatalog.StreetCode(0);

    private readonly TestDatabase _db = TestDatabase.CreateMigrated();
    private readonly SecurityNode _node;
    private readonly ServiceProvider _services;
    private readonly string _dir = Directory.CreateTempSubdirectory("geo-import").FullName;

    public GeoCommandTests()
    {
        using (var connection = _db.Open())
            new TestCity().District(DemoCityCatalog.DistrictCode).Street(Street, "济阳街道", DemoCityCatalog.DistrictCode)
                .Community(Grid.CommunityCode, Grid.CommunityName, Street).Grid(Grid.Code, Grid.Name, Grid.CommunityCode)
                .Road("R01", "正安路", Street).Write(connection);
        _node = new SecurityNode(_db.Connections);
        var store = new GeoStore(_db.Connections, _node.Changes, TimeProvider.System);
        _services = new ServiceCollection()
            .AddSingleton(_node.Reference)
            .AddSingleton(store)
            .AddSingleton(new GeoCatalog(_node.Reference, store))
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

    private static string Ring(string code) =>
        "[" + string.Join(",", DemoCityCatalog.RegionArea(code)!.Polygons[0].Outer.Select(p => $"[{GeoJson.Number(p.Lng)},{GeoJson.Number(p.Lat)}]")) + "]";

    private static string Feature(string code, string ring) =>
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}";

    private string File(params string[] features)
    {
        var path = Path.Combine(_dir, "boundaries.geojson");
        System.IO.File.WriteAllText(path, "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}", new UTF8Encoding(false));
        return path;
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GeoCommand.RunAsync(_services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private long Count(string sql)
    {
        using var connection = _db.Open();
        return connection.ExecuteScalar<long>(sql);
    }

    [Fact]
    public async Task Import_AGoodFile_StoresTheShapes_AuditsIt_AndTheCatalogSeesThem()
    {
        var line = """{"type":"Feature","properties":{"code":"R01"},"geometry":{"type":"LineString","coordinates":[[117.08,36.94],[117.09,36.95]]}}""";
        var (code, output, error) = await RunAsync("geo", "import", File(Feature(Street, Ring(Street)), Feature(Grid.CommunityCode, Ring(Grid.CommunityCode)),
            Feature(Grid.Code, Ring(Grid.Code)), line));

        Assert.True(code == 0, error);
        Assert.Contains("3 region shapes, 1 road lines", output);
        Assert.Equal(3, Count("SELECT COUNT(*) FROM region_shapes"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM road_lines"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM audit_log WHERE action = '{GeoStore.ImportAction}'"));
        var geometry = await _services.GetRequiredService<GeoCatalog>().GetAsync();
        var grid = geometry.Regions[geometry.Reference.Region(Grid.Code)!.Id];
        Assert.Equal(DemoCityCatalog.RegionArea(Grid.Code)!.AreaKm2, grid.AreaKm2, 9);
    }

    [Fact]
    public async Task Import_ABadFile_WritesNothing_AndNamesTheFeature()
    {
        // The street is fine; the grid's shape is another street's, outside it. English even on a Chinese machine.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        var other = DemoCityCatalog.Grids.First(g => g.StreetIndex == 3).Code;
        var (code, _, error) = await RunAsync("geo", "import", File(Feature(Street, Ring(Street)), Feature(Grid.Code, Ring(other))));

        Assert.Equal(1, code);
        Assert.Contains($"refused, nothing imported. Feature 2 ({Grid.Code}): the grid is not within its street {Street}", error);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM region_shapes"));
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM audit_log WHERE action = '{GeoStore.ImportAction}'"));
    }

    [Fact]
    public async Task Usage_AndAMissingFile()
    {
        Assert.Equal(2, (await RunAsync("geo")).Code);
        Assert.Equal(1, (await RunAsync("geo", "import", Path.Combine(_dir, "none.geojson"))).Code);
    }
}
