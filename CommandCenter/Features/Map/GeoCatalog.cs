using CommandCenter.Domain.Geo;
using CommandCenter.Features.Reference;

namespace CommandCenter.Features.Map;

/// <summary>The district's geometry as the map draws it: the shapes by region id and the lines by road id.</summary>
public sealed record DistrictGeometry(ReferenceData Reference, IReadOnlyDictionary<long, RegionShape> Regions, IReadOnlyDictionary<long, RoadLine> Roads)
{
    /// <summary>The stored shapes by region id (what an import is judged against).</summary>
    public IReadOnlyDictionary<long, GeoArea> Areas => Regions.ToDictionary(r => r.Key, r => r.Value.Area);
}

/// <summary>
/// Holds the stored geometry in memory, read again whenever <see cref="ReferenceCatalog"/> hands out new reference data: a
/// boundary import is a reference edit (its triggers write the change feed), so every node reloads both together.
/// </summary>
public sealed class GeoCatalog(ReferenceCatalog reference, GeoStore store)
{
    private readonly Lock _gate = new();
    private (ReferenceData For, Task<DistrictGeometry> Load)? _current;

    public async Task<DistrictGeometry> GetAsync(CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        Task<DistrictGeometry> load;
        lock (_gate)
        {
            if (_current is not { } current || !ReferenceEquals(current.For, refData) || (current.Load.IsCompleted && !current.Load.IsCompletedSuccessfully))
                _current = (refData, Task.Run(() => LoadAsync(refData), CancellationToken.None));
            load = _current.Value.Load;
        }
        return await load.WaitAsync(cancellationToken);
    }

    private async Task<DistrictGeometry> LoadAsync(ReferenceData refData)
    {
        var regions = await store.RegionShapesAsync();
        var roads = await store.RoadLinesAsync();
        return new DistrictGeometry(refData, regions.ToDictionary(r => r.RegionId), roads.ToDictionary(r => r.RoadId));
    }
}
