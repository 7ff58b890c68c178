using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Map;

/// <summary>
/// The open cases' points for every map of this node, read once per published dashboard snapshot and shared: the wall board
/// and /map ask for the picture of the snapshot they draw, the first asker reads it (one query of the open cases,
/// <see cref="MapCaseQuery.OpenAsync"/>, and one grouped count of the last 24 hours' reports for the hot spots,
/// <see cref="MapCaseQuery.HotSpotsAsync"/>), everyone else gets the same instance. So the database pays one read per snapshot
/// per node, whatever the number of screens, and each screen sends its browser only what changed (docs/map.md, "Live").
/// A case's placement (inside the district or not) is kept from the previous picture while its point and the geometry stay
/// the same: points do not move, so only new or moved cases are tested against the shapes.
/// </summary>
public sealed class MapFeed(MapCaseQuery query, GeoCatalog geometry, TimeProvider clock, ILogger<MapFeed> logger)
{
    private readonly Lock _gate = new();
    private (long Version, Task<MapPicture> Load)? _current;
    private (DistrictGeometry Geometry, MapPicture Picture)? _placed;

    /// <summary>The picture as of <paramref name="snapshot"/> (or a later one already read).</summary>
    public Task<MapPicture> PictureAsync(DashboardSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        Task<MapPicture> load;
        lock (_gate)
        {
            if (_current is not { } current || current.Version < snapshot.Version || (current.Load.IsCompleted && !current.Load.IsCompletedSuccessfully))
                _current = (snapshot.Version, Task.Run(() => LoadAsync(snapshot.Version), CancellationToken.None));
            load = _current.Value.Load;
        }
        return load.WaitAsync(cancellationToken);
    }

    private async Task<MapPicture> LoadAsync(long version)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var shapes = await geometry.GetAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyDictionary<long, MapCase>? placedBefore;
        lock (_gate) placedBefore = _placed is { } placed && ReferenceEquals(placed.Geometry, shapes) ? placed.Picture.ById : null;
        var cases = await query.OpenAsync(shapes, now, placedBefore);
        var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var hotSpots = await query.HotSpotsAsync(now);
        var picture = new MapPicture(version, now, cases) { HotSpots = hotSpots };
        lock (_gate)
        {
            if (_placed is not { } placed || placed.Picture.Version <= version) _placed = (shapes, picture);
        }
        logger.LogDebug("Map picture {Version}: {Cases} open cases ({Read} ms), {Grids} regions with cases in 24 h, in {Ms} ms", version, cases.Count,
            (int)read.TotalMilliseconds, hotSpots.Count, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return picture;
    }
}
