using System.Globalization;
using Bunit;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Map;
using CommandCenter.Tests.Features.Wall;
using Dapper;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// 管理点位 on /admin/reference (<see cref="PlacesTab"/>): the layers with their places and wall switch, a GeoJSON file imported
/// into a new layer (written, audited, listed), and a bad file or a bad layer code refused with a message, nothing written.
/// </summary>
public sealed class PlacesTabTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly PlacesScene _scene = new();
    private readonly RecordingAudit _audit = new();

    public PlacesTabTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _context.Services.AddSingleton(_scene.Geometry);
        _context.Services.AddSingleton(_scene.PlaceCatalog);
        _context.Services.AddSingleton(_scene.Places);
        _context.Services.AddSingleton<IReferenceAuditSink>(_audit);
    }

    private sealed class RecordingAudit : IReferenceAuditSink
    {
        public List<(string Action, string Target)> Entries { get; } = [];

        public Task RecordAsync(string action, string target, string detail, CancellationToken ct)
        {
            lock (Entries) Entries.Add((action, target));
            return Task.CompletedTask;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _scene.Dispose();
    }

    private long PlacesIn(string layerCode)
    {
        using var connection = _scene.Db.Open();
        return connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM places p JOIN place_layers l ON l.id = p.layer_id WHERE l.code = @Code", new { Code = layerCode });
    }

    private static string Collection(params (string Name, GeoPoint Point)[] places) =>
        "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", places.Select(p =>
            "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" +
            p.Point.Lng.ToString(CultureInfo.InvariantCulture) + "," + p.Point.Lat.ToString(CultureInfo.InvariantCulture) +
            "]},\"properties\":{\"name\":\"" + p.Name + "\"}}")) + "]}";

    private static void Upload(IRenderedComponent<PlacesTab> cut, string code, string text)
    {
        cut.Find("[data-testid=places-code] input, input[data-testid=places-code]").Change(code);
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, "places.geojson"));
    }

    [Fact]
    public void TheLayers_AreListedWithTheirPlacesAndWallSwitch()
    {
        var cut = _context.Render<PlacesTab>();

        cut.WaitForAssertion(() => Assert.Contains("便民疏导点", cut.Find("tr[data-layer=melon]").TextContent));
        Assert.Contains("06-01..09-30", cut.Find("tr[data-layer=melon]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=places-wall-melon]"));
    }

    [Fact]
    public void AGoodFile_IsImportedIntoANewLayer_Audited_AndListed()
    {
        var cut = _context.Render<PlacesTab>();
        cut.WaitForAssertion(() => cut.Find("tr[data-layer=melon]"));

        Upload(cut, "winter-test", Collection(("烤红薯摊点", PlacesScene.North(100)), ("年货摊点", PlacesScene.North(300))));

        cut.WaitForAssertion(() => Assert.Contains("已导入 2 个点位到图层 winter-test", cut.Find("[data-testid=places-message]").TextContent));
        Assert.Equal(2, PlacesIn("winter-test"));
        Assert.Contains((PlaceStore.ImportAction, "place-layer:winter-test"), _audit.Entries);
        cut.WaitForAssertion(() => Assert.Contains("2", cut.Find("tr[data-layer=winter-test]").TextContent));
    }

    [Fact]
    public void AFileWithAPointOutsideTheDistrict_IsRefusedNamingIt_AndNothingIsWritten()
    {
        var cut = _context.Render<PlacesTab>();
        cut.WaitForAssertion(() => cut.Find("tr[data-layer=melon]"));

        Upload(cut, "melon", Collection(("新摊点", PlacesScene.North(50)), ("远方摊点", new GeoPoint(39.9, 116.4))));

        cut.WaitForAssertion(() => Assert.Contains("未导入，未写入任何内容", cut.Find("[data-testid=places-message]").TextContent));
        Assert.Contains("第 2 个要素（远方摊点）：点位不在辖区内。", cut.Find("[data-testid=places-message]").TextContent);
        Assert.Equal(1, PlacesIn("melon"));
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public void ABadLayerCode_IsRefusedBeforeTheFileIsRead()
    {
        var cut = _context.Render<PlacesTab>();
        cut.WaitForAssertion(() => cut.Find("tr[data-layer=melon]"));

        Upload(cut, "冬季 点位", Collection(("新摊点", PlacesScene.North(50))));

        cut.WaitForAssertion(() => Assert.Contains("图层代码须为", cut.Find("[data-testid=places-message]").TextContent));
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public void TheWallSwitch_TakesTheLayerOffTheWall_Audited()
    {
        var cut = _context.Render<PlacesTab>();
        cut.WaitForAssertion(() => cut.Find("tr[data-layer=melon]"));

        cut.Find("[data-testid=places-wall-melon] input, input[data-testid=places-wall-melon]").Change(false);

        cut.WaitForAssertion(() => Assert.Contains((PlaceStore.WallAction, "place-layer:melon"), _audit.Entries));
        using var connection = _scene.Db.Open();
        Assert.False(connection.ExecuteScalar<bool>("SELECT shown_on_wall FROM place_layers WHERE code = 'melon'"));
    }
}
