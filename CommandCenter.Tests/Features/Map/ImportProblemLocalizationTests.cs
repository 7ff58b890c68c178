using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Map;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tests.Features.Map;

/// <summary>
/// A refused boundary or places file (<see cref="ImportProblem"/>) reads in the page's language through the real resources,
/// in English on the CLI whatever the culture, and every Import.* key is in both resx files with the same placeholders.
/// </summary>
public sealed partial class ImportProblemLocalizationTests : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider();

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _previous;
        _services.Dispose();
    }

    private string Text(string culture, ImportProblem problem)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        return problem.Format(_services.GetRequiredService<IStringLocalizer<MapResource>>());
    }

    private static readonly string Street = DemoCityCatalog.StreetCode(0);
    private static readonly string Grid = DemoCityCatalog.Grids[0].Code;

    private static JsonObject Feature(string code, JsonNode ring) => new()
    {
        ["type"] = "Feature",
        ["properties"] = new JsonObject { ["code"] = code },
        ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) },
    };

    private static JsonArray Ring(string code) =>
        new(DemoCityCatalog.RegionArea(code)!.Polygons[0].Outer.Select(p => (JsonNode)new JsonArray(p.Lng, p.Lat)).ToArray());

    private static ImportProblem GeoProblem(params JsonObject[] features)
    {
        var file = Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray(features) }.ToJsonString());
        return Assert.IsType<ImportProblem>(GeoImportFile.Read(file, GeoImportFileTests.Reference, new Dictionary<long, GeoArea>()).Problem);
    }

    [Fact]
    public void APointOutsideTheDistrict_ReadsInThePagesLanguage()
    {
        var file = Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"泉城广场"},"geometry":{"type":"Point","coordinates":[117.0195,36.6610]}}]}
            """);
        var problem = Assert.IsType<ImportProblem>(PlaceImportFile.Read(file, DemoCityCatalog.RegionArea(DemoCityCatalog.DistrictCode)).Problem);

        Assert.Equal("第 1 个要素（泉城广场）：点位不在辖区内。", Text("zh-CN", problem));
        Assert.Equal("Feature 1 (泉城广场): the point lies outside the district.", Text("en", problem));
    }

    [Fact]
    public void ABoundaryRefusal_ReadsInChinese_WithItsPhrasesInChinese()
    {
        var bowTie = new JsonArray(new JsonArray(117.1, 36.94), new JsonArray(117.11, 36.95), new JsonArray(117.11, 36.94),
            new JsonArray(117.1, 36.95), new JsonArray(117.1, 36.94));
        Assert.Equal($"第 1 个要素（{Grid}）：外环自相交。", Text("zh-CN", GeoProblem(Feature(Grid, bowTie))));

        // The grid's code with another street's grid's shape: the levels are Chinese too.
        var other = DemoCityCatalog.Grids.First(g => g.StreetIndex == 5).Code;
        var street = GeoImportFileTests.Reference.Region(Street)!;
        Assert.Equal($"第 2 个要素（{Grid}）：该网格不在其所属街道 {Street}（{street.Name}）内。",
            Text("zh-CN", GeoProblem(Feature(Street, Ring(Street)), Feature(Grid, Ring(other)))));
    }

    [Fact]
    public void InEnglish_IsEnglish_OnAChineseThread()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("zh-CN");
        var problem = new ImportProblem("Import.Place.NameTooLong", ImportProblem.Feature(3, "瓜摊"), PlaceRules.MaxName);

        Assert.Equal($"Feature 3 (瓜摊): the name is longer than {PlaceRules.MaxName} characters.", problem.InEnglish());
        Assert.Equal("The file has no feature.", new ImportProblem("Import.NoFeature").InEnglish());
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(AppLaunch.ProjectDir, "Resources", "Features", "Map", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [Fact]
    public void EveryImportKeyTheReadersName_IsInTheResources_WithTheSamePlaceholdersInBothLanguages()
    {
        // Both languages' keys, texts and placeholders agree for every resource: LocalizationTests.
        var english = Load("MapResource.resx");
        var chinese = Load("MapResource.zh-CN.resx");

        // The keys the two readers name, and a region's level for each level there is.
        var used = new[] { "GeoImportFile.cs", "Places/PlaceImportFile.cs", "ImportProblem.cs" }
            .SelectMany(f => ImportKey().Matches(File.ReadAllText(Path.Combine(AppLaunch.ProjectDir, "Features", "Map", f))))
            .Select(m => m.Groups[1].Value)
            .Concat(ReferenceValidation.RegionLevels.Select(l => $"Import.Level.{l}"))
            .Distinct()
            .ToList();
        Assert.Contains("Import.Place.OutsideDistrict", used);
        Assert.Empty(used.Except(english.Keys));
        foreach (var key in used)
            Assert.Equal(Placeholders(english[key]), Placeholders(chinese[key]));
    }

    private static string Placeholders(string text) => string.Join(",", Placeholder().Matches(text).Select(m => m.Value).Order());

    [GeneratedRegex(@"""((?:Import|Geo)\.[A-Za-z.]+)""")]
    private static partial Regex ImportKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
