using CommandCenter.Domain.Geo;
using CommandCenter.Features.Reference;

namespace CommandCenter.Features.Map;

/// <summary>
/// Holds the managed places in memory, read again whenever <see cref="ReferenceCatalog"/> hands out new reference data: an
/// import or an edit writes the reference change feed (migration 0015's triggers), so every node reloads them.
/// </summary>
public sealed class PlaceCatalog(ReferenceCatalog reference, PlaceStore store)
{
    private readonly Lock _gate = new();
    private (ReferenceData For, Task<IReadOnlyList<PlaceLayer>> Load)? _current;

    /// <summary>
    /// Raised when the places may have changed (the reference data was invalidated: an import or an edit, at once on this
    /// node, within the change feed's poll on the others). Handlers must return at once.
    /// </summary>
    public event Action? Changed
    {
        add => reference.Invalidated += value;
        remove => reference.Invalidated -= value;
    }

    public async Task<IReadOnlyList<PlaceLayer>> GetAsync(CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        Task<IReadOnlyList<PlaceLayer>> load;
        lock (_gate)
        {
            if (_current is not { } current || !ReferenceEquals(current.For, refData) || (current.Load.IsCompleted && !current.Load.IsCompletedSuccessfully))
                _current = (refData, Task.Run(() => store.LayersAsync(), CancellationToken.None));
            load = _current.Value.Load;
        }
        return await load.WaitAsync(cancellationToken);
    }
}
