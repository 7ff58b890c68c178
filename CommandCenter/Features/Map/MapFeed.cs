using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Domain.Geo;
using MapCaseRow = CommandCenter.Features.Map.MapCaseQuery.MapCaseRow;

namespace CommandCenter.Features.Map;

/// <summary>
/// The open cases' points for every map of this node, read once per published dashboard snapshot and shared: the wall board
/// and /map ask for the picture of the snapshot they draw, the first asker reads it, everyone else gets the same instance.
/// So the database pays one read per snapshot per node, whatever the number of screens, and each screen sends its browser
/// only what changed (docs/map.md, "Live").
/// <para>
/// The read is the difference: the open cases' rows are kept, and a new snapshot reads only the cases the change feed's
/// events touched since the previous picture (<see cref="MapCaseQuery.ChangedRowsAsync"/>, between the feed positions
/// read before each picture, <see cref="MapCaseQuery.FeedPositionAsync"/>), then every kept case is staged again at the new time (a deadline passes without an event). A case's
/// placement (inside the district or not) is kept while its point and the geometry stay. Every
/// <see cref="FullReadEvery"/> the open cases are read whole again (<see cref="MapCaseQuery.OpenRowsAsync"/>), so a row
/// changed outside the application's writes (a repair by hand) is drawn right within that time. The hot spots are one
/// grouped count per picture (<see cref="MapCaseQuery.HotSpotsAsync"/>).
/// </para>
/// </summary>
public sealed class MapFeed(MapCaseQuery query, GeoCatalog geometry, TimeProvider clock, ILogger<MapFeed> logger)
{
    /// <summary>How often the open cases are read whole instead of by difference.</summary>
    public static readonly TimeSpan FullReadEvery = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private (long Version, Task<MapPicture> Load)? _current;
    private Kept? _kept;

    /// <summary>The open cases' rows as of a feed position, and the picture made of them.</summary>
    private sealed record Kept(long Position, DateTime FullReadAt, IReadOnlyDictionary<long, MapCaseRow> Rows, DistrictGeometry Geometry, MapPicture Picture);

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
        // Before the rows: every event at or below it is in them (later ones may be too, and are read again next time).
        var position = await query.FeedPositionAsync();
        Kept? kept;
        lock (_gate) kept = _kept;
        Dictionary<long, MapCaseRow> rows;
        DateTime fullReadAt;
        string read;
        if (kept is null || position < kept.Position || now - kept.FullReadAt >= FullReadEvery)
        {
            rows = (await query.OpenRowsAsync()).ToDictionary(r => r.Id);
            fullReadAt = now;
            read = "whole";
        }
        else
        {
            rows = new Dictionary<long, MapCaseRow>(kept.Rows);
            fullReadAt = kept.FullReadAt;
            var changed = position > kept.Position ? await query.ChangedRowsAsync(kept.Position, position) : [];
            foreach (var row in changed)
            {
                if (DomainCodes.TryParse<CaseStatus>(row.Status, out var status) && MapStages.OpenStatuses.Contains(status)) rows[row.Id] = row;
                else rows.Remove(row.Id);
            }
            read = $"{changed.Count} changed";
        }
        var placedBefore = kept is not null && ReferenceEquals(kept.Geometry, shapes) ? kept.Picture.ById : null;
        var cases = MapCaseQuery.Place(rows.Values.OrderBy(r => r.Id), shapes, now, placedBefore);
        var hotSpots = await query.HotSpotsAsync(now);
        var picture = new MapPicture(version, now, cases) { HotSpots = hotSpots };
        lock (_gate)
        {
            if (_kept is null || _kept.Picture.Version <= version) _kept = new Kept(position, fullReadAt, rows, shapes, picture);
        }
        logger.LogDebug("Map picture {Version}: {Cases} open cases (read {Read}), {Grids} regions with cases in 24 h, in {Ms} ms", version,
            cases.Count, read, hotSpots.Count, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return picture;
    }
}
