using CommandCenter.Components.Shared;
using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Reference;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Map;

/// <summary>
/// Turns the managed places and the open cases into what <see cref="LeafletMap"/> draws: a <see cref="MapPlaceLayer"/> per
/// layer shown (its places, with popup lines, and the rings around the cases near them), and which case is near which
/// place (<see cref="NearPlaces"/>, the one definition).
/// </summary>
public static class PlaceView
{
    /// <summary>The layers' colours in their order (code order), bright on the dark map and unlike the stage colours.</summary>
    private static readonly string[] Colours = ["#4ade80", "#f472b6", "#2dd4bf", "#e879f9"];

    public static string Colour(IReadOnlyList<PlaceLayer> all, PlaceLayer layer) =>
        Colours[Math.Max(0, all.ToList().FindIndex(l => l.Code == layer.Code)) % Colours.Length];

    /// <summary>Sale points are triangles; every other kind of place a square.</summary>
    public static string Shape(PlaceLayer layer) => layer.Kind == PlaceLayer.SalePoint ? "triangle" : "square";

    public static bool IsOpen(MapCase c) => DomainCodes.TryParse<CaseStatus>(c.Status, out var status) && MapStages.OpenStatuses.Contains(status);

    public static NearCandidate Candidate(MapCase c, ReferenceData reference) =>
        new(IsOpen(c), c.Located ? c.Point : null, reference.CategoriesById.GetValueOrDefault(c.CategoryId)?.Code);

    /// <summary>The cases near an in-season place, by case id (what the map rings and the popups and the API name).</summary>
    public static IReadOnlyDictionary<long, NearPlace> Near(IEnumerable<MapCase> cases, ReferenceData reference, IReadOnlyList<PlaceLayer> layers,
        DateOnly date, int metres)
    {
        var near = new Dictionary<long, NearPlace>();
        if (!layers.Any(l => l.NearCategories.Count > 0)) return near;
        foreach (var c in cases)
        {
            var candidate = Candidate(c, reference);
            if (NearPlaces.Of(candidate.Open, candidate.Point, candidate.CategoryCode, layers, date, metres) is { } found) near[c.Id] = found;
        }
        return near;
    }

    /// <summary>The cases of <paramref name="picture"/> near an in-season place, computed once per picture for every map.</summary>
    public static IReadOnlyDictionary<long, NearPlace> Near(MapPicture picture, ReferenceData reference, IReadOnlyList<PlaceLayer> layers,
        DateOnly date, int metres) =>
        picture.Derived(("near", reference, layers, date, metres), () => Near(picture.Cases, reference, layers, date, metres));

    /// <summary>"N 件近疏导点": the open cases of the picture near an in-season place (<see cref="NearPlaces.Count"/>), once per picture.</summary>
    public static int NearCount(MapPicture picture, ReferenceData reference, IReadOnlyList<PlaceLayer> layers, DateOnly date, int metres) =>
        picture.Derived(("near-count", reference, layers, date, metres),
            () => NearPlaces.Count(picture.Cases.Select(c => Candidate(c, reference)), layers, date, metres));

    /// <summary>
    /// The layers to draw: <paramref name="shown"/> (in the catalog's order), each with its places (only those in season when
    /// <paramref name="onlyInSeason"/>, as on the wall) and a ring around each case in <paramref name="ringed"/> near one of them.
    /// </summary>
    public static IReadOnlyList<MapPlaceLayer> Layers(IReadOnlyList<PlaceLayer> all, IEnumerable<PlaceLayer> shown,
        IReadOnlyDictionary<long, NearPlace> near, IEnumerable<MapCase> ringed, DateOnly date, bool onlyInSeason, IStringLocalizer<MapResource> m)
    {
        var ringedList = ringed.ToList();
        return shown.Select(layer =>
        {
            var places = layer.Places.Where(p => !onlyInSeason || layer.InSeason(p, date)).Select(p =>
            {
                var inSeason = layer.InSeason(p, date);
                var lines = new List<string> { layer.Name, SeasonLine(layer, p, m) };
                if (!inSeason) lines.Add(m["Places.OutOfSeason"]);
                if (p.Note is { Length: > 0 } note) lines.Add(note);
                return new MapPlace(p.Id, p.Point.Lat, p.Point.Lng, p.Name, lines, inSeason);
            }).ToList();
            var rings = ringedList.Where(c => c.Point is not null && near.TryGetValue(c.Id, out var n) && n.Layer.Code == layer.Code)
                .Select(c => new MapRing(c.Point!.Value.Lat, c.Point.Value.Lng)).ToList();
            return new MapPlaceLayer(layer.Code, Colour(all, layer), Shape(layer), places, rings);
        }).ToList();
    }

    /// <summary>"季节：06-01..09-30" (the place's own season if it has one), or "全年".</summary>
    public static string SeasonLine(PlaceLayer layer, ManagedPlace place, IStringLocalizer<MapResource> m) =>
        (place.Season ?? layer.Season) is { } season ? m["Places.Season", season.ToString()] : m["Places.AllYear"];

    /// <summary>The case popup's line "近便民疏导点 XX（35 米）".</summary>
    public static string NearLine(NearPlace near, IStringLocalizer<MapResource> m) => m["Places.NearLine", near.Place.Name, near.Metres];
}
