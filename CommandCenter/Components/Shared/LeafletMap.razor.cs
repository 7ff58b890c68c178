using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Shared;

/// <summary>A case on a map: where it is and its stage's code (the colour, <c>overdue</c> flashes).</summary>
public readonly record struct MapPoint(long Id, double Lat, double Lng, string Stage);

/// <summary>
/// Points with their index by case id, built once: a map handed the same instance as last time sends nothing, and one handed a
/// new instance keeps it as what the browser has, without a copy of its own (a picture's points are shared by every map of
/// the node).
/// </summary>
public sealed class MapPoints : IReadOnlyList<MapPoint>
{
    private readonly List<MapPoint> _points;
    private readonly Dictionary<long, MapPoint> _byId;

    public MapPoints(IEnumerable<MapPoint> points)
    {
        _points = points.ToList();
        _byId = new Dictionary<long, MapPoint>(_points.Count);
        foreach (var point in _points) _byId[point.Id] = point;
    }

    public static readonly MapPoints None = new([]);

    public IReadOnlyDictionary<long, MapPoint> ById => _byId;
    public int Count => _points.Count;
    public MapPoint this[int index] => _points[index];
    public IEnumerator<MapPoint> GetEnumerator() => _points.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The shapes under the points: a GeoJSON FeatureCollection whose features carry their style (stroke, weight, fill,
/// fillOpacity, label); <see cref="Key"/> names this version (a new key redraws them).</summary>
public sealed record MapShapes(string Key, string GeoJson);

/// <summary>A tile server under the shapes (<c>Map:TileUrlTemplate</c>); null for none: the shapes on a dark background.</summary>
public sealed record MapTiles(string UrlTemplate, string? Attribution, int MinZoom, int MaxZoom, bool Gcj02);

/// <summary>What a case's popup shows: its number (a link) and a few lines of text.</summary>
public sealed record MapPopup(string CaseNo, string Href, IReadOnlyList<string> Lines);

/// <summary>A managed place (管理点位) on the map: where, its name, the popup's lines, and whether it is in season today.</summary>
public sealed record MapPlace(long Id, double Lat, double Lng, string Name, IReadOnlyList<string> Lines, bool InSeason);

/// <summary>A ring around a case near a managed place (近便民疏导点).</summary>
public readonly record struct MapRing(double Lat, double Lng);

/// <summary>
/// A layer of managed places as the map draws it (its own Leaflet layer, apart from the case points): its code, colour,
/// marker shape (<c>triangle</c> or <c>square</c>), the places, and the rings around the cases near them.
/// </summary>
public sealed record MapPlaceLayer(string Code, string Colour, string Shape, IReadOnlyList<MapPlace> Places, IReadOnlyList<MapRing> Near);

/// <summary>What an administrator did to a place on the map (编辑点位): added one at a point, moved one, or deleted one.</summary>
public sealed record MapPlaceEdit(string Kind, string LayerCode, long? PlaceId, double Lat, double Lng)
{
    public const string Add = "add", Move = "move", Delete = "delete";
}

/// <summary>
/// The one Leaflet wrapper (Leaflet 1.9.4, canvas, no WebGL). The map is created once, after the first render; later renders
/// send only what changed: the points added, moved or restaged and the ids gone (<c>update</c>), and the shapes when their
/// key changes (<c>setShapes</c>). It is never re-created, so a wall's map keeps its view and a new snapshot costs its
/// browser only the difference (docs/map.md, "Live"). Points new since the first drawing pulse; overdue ones flash.
/// </summary>
public sealed partial class LeafletMap
{
    public const string ModulePath = "./Components/Shared/LeafletMap.razor.js";

    private DotNetObjectReference<LeafletMap>? _self;
    private string? _sentShapes;
    private string? _sentHotspots;
    private IReadOnlyDictionary<long, MapPoint> _sent = MapPoints.None.ById;
    private IReadOnlyList<MapPoint>? _sentPoints;
    private readonly Dictionary<string, string> _sentPlaces = new(StringComparer.Ordinal);
    private string? _sentEditing;
    private DotNetObjectReference<LeafletMap>? _editor;

    protected override string ModuleUrl => ModulePath;
    protected override string Kind => "map";

    [Parameter, EditorRequired] public MapShapes Shapes { get; set; } = default!;

    [Parameter, EditorRequired] public IReadOnlyList<MapPoint> Points { get; set; } = [];

    [Parameter] public MapTiles? Tiles { get; set; }

    /// <summary>
    /// The hot-spot layer (近24小时热点): grid fills over the shapes and under the points, sent to <c>setHotspots</c> when its
    /// key changes; null for none (a layer drawn before is cleared).
    /// </summary>
    [Parameter] public MapShapes? Hotspots { get; set; }

    /// <summary>The layers of managed places to draw (each its own Leaflet layer; sent per layer when it changes).</summary>
    [Parameter] public IReadOnlyList<MapPlaceLayer>? PlaceLayers { get; set; }

    /// <summary>The layer an administrator edits on this map (编辑点位), or null: clicks add, drags move, the popup deletes.</summary>
    [Parameter] public string? EditLayer { get; set; }

    /// <summary>Receives what the administrator did; it validates and saves, then hands the layer back through <see cref="PlaceLayers"/>.</summary>
    [Parameter] public Func<MapPlaceEdit, Task>? OnPlaceEdit { get; set; }

    /// <summary>The label of the delete button in a place's popup while editing (the page's language).</summary>
    [Parameter] public string PlaceDeleteLabel { get; set; } = "";

    /// <summary>A wall board's map: no controls, no dragging, points sized for the hall.</summary>
    [Parameter] public bool Wall { get; set; }

    /// <summary>The popup of a case (laptop map); none on the wall.</summary>
    [Parameter] public Func<long, Task<MapPopup?>>? Popup { get; set; }

    /// <summary>The map's accessible name.</summary>
    [Parameter, EditorRequired] public string Label { get; set; } = "";

    [Parameter] public string? Class { get; set; }

    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    /// <summary>The bytes of the last update's points (the JSON sent), for the measurement in docs/map.md.</summary>
    public int LastUpdateBytes { get; private set; }

    private string CssClass => string.IsNullOrEmpty(Class) ? "leaflet-map" : $"leaflet-map {Class}";

    protected override async Task UpdateAsync(IJSObjectReference module)
    {
        if (Shapes.Key != _sentShapes)
        {
            await module.InvokeVoidAsync("setShapes", Element, Shapes.GeoJson);
            _sentShapes = Shapes.Key;
        }
        await SendHotspotsAsync(module);
        await SendPlacesAsync(module);
        if (ReferenceEquals(Points, _sentPoints)) return;
        var points = Points;
        var (upserts, removed, next) = Difference(_sent, points);
        if (upserts.Count > 0 || removed.Count > 0)
        {
            LastUpdateBytes = JsonSerializer.SerializeToUtf8Bytes(new { upserts, removed }).Length;
            await module.InvokeVoidAsync("update", Element, upserts, removed);
        }
        (_sent, _sentPoints) = (next, points);
    }

    /// <summary>The hot spots when they differ from what the browser has (an empty collection clears them).</summary>
    private async Task SendHotspotsAsync(IJSObjectReference module)
    {
        if (Hotspots?.Key == _sentHotspots) return;
        try
        {
            await module.InvokeVoidAsync("setHotspots", Element, Hotspots?.GeoJson ?? NoFeatures);
            _sentHotspots = Hotspots?.Key;
        }
        catch (JSDisconnectedException)
        {
            // The screen is reconnecting; the next render sends them.
        }
        catch (JSException ex)
        {
            // The hot spots are not drawn; the points and places still are (tried again when the layer changes).
            Logger.LogWarning(ex, "A map could not draw its hot spots");
            _sentHotspots = Hotspots?.Key;
        }
    }

    private const string NoFeatures = "{\"type\":\"FeatureCollection\",\"features\":[]}";

    /// <summary>
    /// What the browser lacks: the points new or changed since <paramref name="sent"/> as [id, lat, lng, stage] and the ids
    /// no longer there. A point's identity is its case id, so a case moving on changes its colour in place. The next state
    /// is <paramref name="points"/>' own index when they are <see cref="MapPoints"/> (no copy).
    /// </summary>
    public static (List<object[]> Upserts, List<long> Removed, IReadOnlyDictionary<long, MapPoint> Next) Difference(
        IReadOnlyDictionary<long, MapPoint> sent, IReadOnlyList<MapPoint> points)
    {
        var next = points is MapPoints shared ? shared.ById : points.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.Last());
        var upserts = new List<object[]>();
        foreach (var point in points)
        {
            if (!sent.TryGetValue(point.Id, out var before) || before != point)
                upserts.Add([point.Id, point.Lat, point.Lng, point.Stage]);
        }
        var removed = sent.Keys.Where(id => !next.ContainsKey(id)).ToList();
        return (upserts, removed, next);
    }

    /// <summary>
    /// The place layers that changed (by their JSON) with <c>setPlaces</c>, the ones gone with <c>clearPlaces</c>, and the
    /// layer being edited with <c>setEditing</c> when it changes. Never re-creates the map.
    /// </summary>
    private async Task SendPlacesAsync(IJSObjectReference module)
    {
        var layers = PlaceLayers ?? [];
        foreach (var layer in layers)
        {
            var payload = new
            {
                colour = layer.Colour, shape = layer.Shape,
                places = layer.Places.Select(p => new object[] { p.Id, p.Lat, p.Lng, p.Name, p.Lines, p.InSeason }),
                near = layer.Near.Select(r => new[] { r.Lat, r.Lng }),
            };
            var json = JsonSerializer.Serialize(payload);
            if (_sentPlaces.TryGetValue(layer.Code, out var sent) && sent == json) continue;
            await module.InvokeVoidAsync("setPlaces", Element, layer.Code, payload);
            _sentPlaces[layer.Code] = json;
        }
        foreach (var gone in _sentPlaces.Keys.Where(code => layers.All(l => l.Code != code)).ToList())
        {
            await module.InvokeVoidAsync("clearPlaces", Element, gone);
            _sentPlaces.Remove(gone);
        }
        var editing = OnPlaceEdit is null ? null : EditLayer;
        if (editing != _sentEditing)
        {
            _editor ??= DotNetObjectReference.Create(this);
            await module.InvokeVoidAsync("setEditing", Element, editing, _editor, PlaceDeleteLabel);
            _sentEditing = editing;
            // The markers' dragging and popups follow the editing layer: draw the layers again.
            _sentPlaces.Clear();
            await SendPlacesAsync(module);
        }
    }

    /// <summary>The administrator clicked the map while editing (called by the JS module; the page asks the name and saves).</summary>
    [JSInvokable]
    public Task PlaceAddAsync(string layerCode, double lat, double lng) => EditAsync(new MapPlaceEdit(MapPlaceEdit.Add, layerCode, null, lat, lng));

    /// <summary>The administrator dropped a dragged place.</summary>
    [JSInvokable]
    public Task PlaceMoveAsync(string layerCode, long id, double lat, double lng) => EditAsync(new MapPlaceEdit(MapPlaceEdit.Move, layerCode, id, lat, lng));

    /// <summary>The administrator chose 删除 in a place's popup.</summary>
    [JSInvokable]
    public Task PlaceDeleteAsync(string layerCode, long id) => EditAsync(new MapPlaceEdit(MapPlaceEdit.Delete, layerCode, id, 0, 0));

    private async Task EditAsync(MapPlaceEdit edit)
    {
        if (OnPlaceEdit is null || edit.LayerCode != EditLayer) return;
        await OnPlaceEdit(edit);
        // Whatever the server decided, the layer is sent again: a refused move puts the marker back where it is stored.
        _sentPlaces.Remove(edit.LayerCode);
        await InvokeAsync(StateHasChanged);
    }

    protected override async Task CreateAsync(IJSObjectReference module)
    {
        _self = Popup is null ? null : DotNetObjectReference.Create(this);
        var points = Points;
        var (upserts, _, next) = Difference(MapPoints.None.ById, points);
        var options = new
        {
            wall = Wall,
            tileUrl = Tiles?.UrlTemplate,
            attribution = Tiles?.Attribution,
            minZoom = Tiles?.MinZoom ?? 8,
            maxZoom = Tiles?.MaxZoom ?? 19,
            gcj02 = Tiles?.Gcj02 ?? false,
        };
        await module.InvokeVoidAsync("create", Element, options, Shapes.GeoJson, upserts, _self);
        _sentShapes = Shapes.Key;
        (_sent, _sentPoints) = (next, points);
        if (PlaceLayers is { Count: > 0 } || (EditLayer is not null && OnPlaceEdit is not null)) await SendPlacesAsync(module);
        await SendHotspotsAsync(module);
    }

    /// <summary>The popup of a clicked case (called by the JS module).</summary>
    [JSInvokable]
    public async Task<MapPopup?> PopupAsync(long id) => Popup is null ? null : await Popup(id);

    protected override void Release()
    {
        _self?.Dispose();
        _editor?.Dispose();
    }
}
