using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Map;

/// <summary>
/// The open cases' points for every map of this node, read once per published dashboard snapshot and shared: the wall board
/// and /map ask for the picture of the snapshot they draw, the first asker reads it (one query of the open cases,
/// <see cref="MapCaseQuery.OpenAsync"/>, and one grouped count of the last 24 hours' reports for the hot spots,
/// <see cref="MapCaseQuery.HotSpotsAsync"/>), everyone else gets the same instance. So the database pays one read per snapshot
/// per node, whatever the number of screens, and each screen sends its browser only what changed (docs/map.md, "Live").
/// </summary>
public sealed class MapFeed(MapCaseQuery query, GeoCatalog geometry, TimeProvider clock, ILogger<MapFeed> logger)
{
    private readonly Lock _gate = new();
    private (long Version, Task<MapPicture> Load)? _current;

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
        var cases = await query.OpenAsync(shapes, now);
        var hotSpots = await query.HotSpotsAsync(now);
        logger.LogDebug("Map picture {Version}: {Cases} open cases, {Grids} regions with cases in 24 h, in {Ms} ms", version, cases.Count,
            hotSpots.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new MapPicture(version, now, cases) { HotSpots = hotSpots };
    }
}
