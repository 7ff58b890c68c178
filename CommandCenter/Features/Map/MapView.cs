using System.Text;
using System.Text.Json;
using CommandCenter.Components.Shared;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Domain.Geo;

namespace CommandCenter.Features.Map;

/// <summary>The indicator the streets are shaded by.</summary>
public enum MapShading
{
    /// 每平方公里在办案件 (<see cref="MapIndicators.OpenPerKm2"/>).
    Density,
    /// 本月按期结案率 (the live month-to-date street ranking's, <see cref="LiveStanding.OnTimeClosureRate"/>).
    OnTime,
}

/// <summary>One class of the shading's legend: its colour and the range of values it covers (text).</summary>
public sealed record LegendClass(string Colour, string Range);

/// <summary>The shapes shaded by an indicator and the legend of that shading.</summary>
public sealed record ShadedShapes(MapShapes Shapes, IReadOnlyList<LegendClass> Legend);

/// <summary>The hot-spot layer and its totals (<see cref="MapView.HotSpotLayer"/>, <see cref="MapView.HotSpotTotals"/>).</summary>
public sealed record HotSpotView(MapShapes Layer, long Reported, long OutsideGrids);

/// <summary>What the map page and the wall board filter the points by; null is "all".</summary>
public sealed record MapFilter(long? StreetId = null, long? CategoryId = null, MapStage? Stage = null, TimeSpan? ReportedWithin = null)
{
    public static readonly MapFilter None = new();

    public bool Keeps(MapCase c, DateTime now) =>
        (StreetId is null || c.StreetId == StreetId) && (CategoryId is null || c.CategoryId == CategoryId)
        && (Stage is null || c.Stage == Stage) && (ReportedWithin is not { } within || c.ReportedAt > now - within);
}

/// <summary>
/// Turns the geometry, the open cases and the snapshot into what <see cref="LeafletMap"/> draws: the shapes with their
/// style (streets shaded, communities and grids outlined, leaders' roads in their status colour) and the located points.
/// </summary>
public static class MapView
{
    /// <summary>Low to high: dark to light blue for a density (more is worse), red to green for a rate (more is better).</summary>
    private static readonly string[] DensityRamp = ["#1e293b", "#1e3a8a", "#2563eb", "#60a5fa"];
    private static readonly string[] OnTimeRamp = ["#991b1b", "#b45309", "#15803d", "#22c55e"];

    /// <summary>The heat ramp of the hot spots (<see cref="HotSpots.Breaks"/>), warm and rising: amber, orange, red, crimson.</summary>
    private static readonly string[] HeatRamp = ["#fcd34d", "#f59e0b", "#ea580c", "#be123c"];

    /// <summary>The fill opacity of each heat class: the hotter, the more opaque (the points stay readable on top).</summary>
    private static readonly double[] HeatOpacity = [0.6, 0.7, 0.75, 0.8];

    /// <summary>The class breaks of 按期结案率: below 60 %, 60–80 %, 80–90 %, 90 % and above.</summary>
    private static readonly double[] OnTimeBreaks = [0.6, 0.8, 0.9];

    /// <summary>The points a map with <paramref name="filter"/> draws; with no filter, the picture's own list (shared).</summary>
    public static MapPoints Points(MapPicture picture, MapFilter filter) =>
        filter == MapFilter.None ? picture.Points : Drawable(picture.Cases.Where(c => filter.Keeps(c, picture.AsOf)));

    /// <summary>The cases a map can draw (located, with a stage) as points.</summary>
    public static MapPoints Drawable(IEnumerable<MapCase> cases) =>
        new(cases.Where(c => c.Located && c.Point is not null && c.Stage is not null)
            .Select(c => new MapPoint(c.Id, c.Point!.Value.Lat, c.Point.Value.Lng, c.Stage!.Value.Code())));

    /// <summary>
    /// The shapes shaded by <paramref name="shading"/> with its legend, as of <paramref name="picture"/> and
    /// <paramref name="snapshot"/> (the leaders' roads' colours, the street ranking): computed once per picture for every
    /// map that asks the same (<see cref="MapPicture.Derived{T}"/>).
    /// </summary>
    public static ShadedShapes Shaded(DistrictGeometry geometry, MapShading shading, MapPicture picture, DashboardSnapshot? snapshot, bool wall) =>
        picture.Derived(("shaded", geometry, shading, snapshot?.Version, wall), () =>
        {
            var values = StreetValues(shading, geometry, picture, snapshot);
            var breaks = Breaks(shading, values.Values);
            return new ShadedShapes(Shapes(geometry, shading, values, breaks, snapshot, wall), Legend(shading, breaks));
        });

    /// <summary>The hot-spot layer and its totals as of <paramref name="picture"/>, computed once per picture.</summary>
    public static HotSpotView HotSpotsOf(DistrictGeometry geometry, MapPicture picture) =>
        picture.Derived(("hot", geometry), () =>
        {
            var (reported, outside) = HotSpotTotals(geometry, picture);
            return new HotSpotView(HotSpotLayer(geometry, picture), reported, outside);
        });

    /// <summary>Each street's shading value by street id (null: no figure, drawn unshaded).</summary>
    public static IReadOnlyDictionary<long, double?> StreetValues(MapShading shading, DistrictGeometry geometry, MapPicture picture, DashboardSnapshot? snapshot)
    {
        var open = picture.OpenByStreet;
        var values = new Dictionary<long, double?>();
        foreach (var street in geometry.Reference.Regions.Where(r => r.Level == "street"))
        {
            values[street.Id] = shading switch
            {
                MapShading.Density => MapIndicators.OpenPerKm2(open.GetValueOrDefault(street.Id), geometry.Regions.GetValueOrDefault(street.Id)?.AreaKm2),
                _ => snapshot?.StreetRanking.FirstOrDefault(s => s.Code == street.Code)?.OnTimeClosureRate,
            };
        }
        return values;
    }

    /// <summary>The breaks between the four classes: fixed for the rate, quarters of the largest value for a density.</summary>
    public static double[] Breaks(MapShading shading, IEnumerable<double?> values)
    {
        if (shading == MapShading.OnTime) return OnTimeBreaks;
        var max = values.Max() ?? 0;
        return max <= 0 ? [0, 0, 0] : [max / 4, max / 2, max * 3 / 4];
    }

    public static string Colour(MapShading shading, double[] breaks, double? value)
    {
        if (value is not { } v) return "";
        var ramp = shading == MapShading.Density ? DensityRamp : OnTimeRamp;
        var index = breaks.Count(b => v >= b);
        return ramp[Math.Min(index, ramp.Length - 1)];
    }

    public static IReadOnlyList<LegendClass> Legend(MapShading shading, double[] breaks)
    {
        var ramp = shading == MapShading.Density ? DensityRamp : OnTimeRamp;
        string F(double v) => shading == MapShading.Density ? FigureFormat.Density(v) : FigureFormat.Rate(v);
        return
        [
            new(ramp[0], $"< {F(breaks[0])}"),
            new(ramp[1], $"{F(breaks[0])} – {F(breaks[1])}"),
            new(ramp[2], $"{F(breaks[1])} – {F(breaks[2])}"),
            new(ramp[3], $"≥ {F(breaks[2])}"),
        ];
    }

    /// <summary>
    /// The hot-spot layer (近24小时热点): the grids with at least <see cref="HotSpots.Threshold"/> cases reported in the last
    /// 24 hours (<see cref="MapPicture.HotSpots"/>), each filled in its heat class; the grids below it are not in the layer
    /// (transparent). A FeatureCollection with the same style properties as <see cref="Shapes"/> plus <c>cases</c>; its key
    /// changes only when a grid's class changes, so a new snapshot sends it again only then.
    /// </summary>
    public static MapShapes HotSpotLayer(DistrictGeometry geometry, MapPicture picture)
    {
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        var key = new StringBuilder("hot");
        var first = true;
        foreach (var grid in geometry.Reference.Regions.Where(r => r.Level == "grid" && geometry.Regions.ContainsKey(r.Id)))
        {
            var cases = picture.HotSpots.GetValueOrDefault(grid.Id);
            if (HotSpots.ClassOf(cases) is not { } heat) continue;
            if (!first) text.Append(',');
            first = false;
            text.Append("{\"type\":\"Feature\",\"geometry\":").Append(GeoJson.Write(geometry.Regions[grid.Id].Area)).Append(",\"properties\":")
                .Append(JsonSerializer.Serialize(new { code = grid.Code, cases, fill = HeatRamp[heat], fillOpacity = HeatOpacity[heat] }, JsonSerializerOptions.Web))
                .Append('}');
            key.Append(':').Append(grid.Id).Append('=').Append(heat);
        }
        text.Append("]}");
        return new MapShapes(key.ToString(), text.ToString());
    }

    /// <summary>The legend of the hot spots: one class per <see cref="HotSpots.Breaks"/> (3–4, 5–9, 10–19, ≥ 20 cases).</summary>
    public static IReadOnlyList<LegendClass> HotSpotLegend()
    {
        var breaks = HotSpots.Breaks;
        var classes = new List<LegendClass>();
        for (var i = 0; i < breaks.Count; i++)
            classes.Add(new LegendClass(HeatRamp[i], i + 1 < breaks.Count
                ? $"{FigureFormat.Count(breaks[i])} – {FigureFormat.Count(breaks[i + 1] - 1)}"
                : $"≥ {FigureFormat.Count(breaks[i])}"));
        return classes;
    }

    /// <summary>The cases reported in the last 24 hours (<see cref="MapPicture.HotSpots"/>) in all and outside any grid (on a street or community).</summary>
    public static (long Reported, long OutsideGrids) HotSpotTotals(DistrictGeometry geometry, MapPicture picture)
    {
        var regions = geometry.Reference.RegionsById;
        long all = 0, outside = 0;
        foreach (var (regionId, cases) in picture.HotSpots)
        {
            all += cases;
            if (regions.GetValueOrDefault(regionId)?.Level != "grid") outside += cases;
        }
        return (all, outside);
    }

    /// <summary>
    /// The shapes as a styled FeatureCollection: grids thin, communities medium, streets bold and shaded (labelled with their
    /// name), the leaders' roads in their status colour (green / amber / red) when the snapshot has them.
    /// </summary>
    public static MapShapes Shapes(DistrictGeometry geometry, MapShading shading, IReadOnlyDictionary<long, double?> values, double[] breaks,
        DashboardSnapshot? snapshot, bool wall)
    {
        var reference = geometry.Reference;
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        var first = true;
        void Add(string geojson, object style)
        {
            if (!first) text.Append(',');
            first = false;
            text.Append("{\"type\":\"Feature\",\"geometry\":").Append(geojson).Append(",\"properties\":")
                .Append(JsonSerializer.Serialize(style, JsonSerializerOptions.Web)).Append('}');
        }
        foreach (var level in new[] { "grid", "community", "street" })
            foreach (var region in reference.Regions.Where(r => r.Level == level && geometry.Regions.ContainsKey(r.Id)))
            {
                var area = geometry.Regions[region.Id].Area;
                object style = level switch
                {
                    "grid" => new { stroke = "#1e293b", weight = 0.6 },
                    "community" => new { stroke = "#334155", weight = 1.2 },
                    _ => new
                    {
                        stroke = "#94a3b8", weight = 2.0, fill = Colour(shading, breaks, values.GetValueOrDefault(region.Id)) is { Length: > 0 } c ? c : null,
                        fillOpacity = 0.5, label = region.Name,
                    },
                };
                Add(GeoJson.Write(area), style);
            }
        var roadColours = snapshot?.Leaders.ToDictionary(l => l.RoadCode, l => l.Status.Colour) ?? [];
        foreach (var road in reference.Roads.Where(r => geometry.Roads.ContainsKey(r.Id)))
        {
            var colour = roadColours.TryGetValue(road.Code, out var status)
                ? status switch { RoadStatusColour.Green => "#22c55e", RoadStatusColour.Amber => "#f59e0b", _ => "#ef4444" }
                : "#64748b";
            Add(GeoJson.Write(geometry.Roads[road.Id].Line), new { stroke = colour, weight = roadColours.ContainsKey(road.Code) ? 3.0 : 1.0 });
        }
        text.Append("]}");
        var json = text.ToString();
        return new MapShapes($"{json.Length}:{json.GetHashCode()}:{wall}", json);
    }
}
