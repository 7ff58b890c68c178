using System.Text.Json;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Features.Map;

/// <summary>The outcome of an edit on the map: done, or the reason it was refused (a resource key under <c>Places.Error.*</c>).</summary>
public sealed record PlaceEditResult(bool Done, string? ErrorKey, long? Id = null)
{
    public static PlaceEditResult Refused(string key) => new(false, key);
}

/// <summary>
/// Edits of managed places on <c>/map</c> (编辑点位): add at a clicked point, move a dragged marker, delete from a popup. Each
/// edit is checked here, on the server, whatever the page showed: the signed-in user must meet the <see cref="Policies.Admin"/>
/// policy, the layer and place must exist, the name and note their lengths, the point lie in the district. Then it is
/// written (<see cref="PlaceStore"/>, one transaction, every node reloads) and audited under the admin's name.
/// </summary>
public sealed class PlaceEditor(PlaceStore store, PlaceCatalog catalog, GeoCatalog geometry, IAuthorizationService authorization,
    AuthenticationStateProvider authentication, IReferenceAuditSink audit)
{
    public async Task<bool> MayEditAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return (await authorization.AuthorizeAsync(user, null, Policies.Admin)).Succeeded;
    }

    public async Task<PlaceEditResult> AddAsync(string layerCode, string? name, string? note, GeoPoint point, CancellationToken ct = default)
    {
        if (!await MayEditAsync()) return PlaceEditResult.Refused("Places.Error.Forbidden");
        var layers = await catalog.GetAsync(ct);
        if (layers.FirstOrDefault(l => l.Code == layerCode) is not { } layer) return PlaceEditResult.Refused("Places.Error.NoLayer");
        name = name?.Trim();
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (PlaceRules.Check(name, note, point, PlaceDistrict.Of(await geometry.GetAsync(ct))) is { } problem)
            return PlaceEditResult.Refused($"Places.Error.{problem}");
        var id = await store.AddAsync(layer.Id, new ManagedPlace(0, name!, point, note), ct);
        await audit.RecordAsync(PlaceStore.AddAction, $"place:{id}",
            JsonSerializer.Serialize(new { layer = layer.Code, name, note, lat = point.Lat, lng = point.Lng }), ct);
        return new PlaceEditResult(true, null, id);
    }

    public async Task<PlaceEditResult> MoveAsync(long placeId, GeoPoint point, CancellationToken ct = default)
    {
        if (!await MayEditAsync()) return PlaceEditResult.Refused("Places.Error.Forbidden");
        if (Find(await catalog.GetAsync(ct), placeId) is not { } found) return PlaceEditResult.Refused("Places.Error.NoPlace");
        if (PlaceRules.Check(found.Place.Name, found.Place.Note, point, PlaceDistrict.Of(await geometry.GetAsync(ct))) is { } problem)
            return PlaceEditResult.Refused($"Places.Error.{problem}");
        if (!await store.MoveAsync(placeId, point, ct)) return PlaceEditResult.Refused("Places.Error.NoPlace");
        await audit.RecordAsync(PlaceStore.MoveAction, $"place:{placeId}",
            JsonSerializer.Serialize(new { layer = found.Layer.Code, name = found.Place.Name, lat = point.Lat, lng = point.Lng }), ct);
        return new PlaceEditResult(true, null, placeId);
    }

    public async Task<PlaceEditResult> DeleteAsync(long placeId, CancellationToken ct = default)
    {
        if (!await MayEditAsync()) return PlaceEditResult.Refused("Places.Error.Forbidden");
        if (Find(await catalog.GetAsync(ct), placeId) is not { } found) return PlaceEditResult.Refused("Places.Error.NoPlace");
        if (!await store.DeleteAsync(placeId, ct)) return PlaceEditResult.Refused("Places.Error.NoPlace");
        await audit.RecordAsync(PlaceStore.DeleteAction, $"place:{placeId}",
            JsonSerializer.Serialize(new { layer = found.Layer.Code, name = found.Place.Name }), ct);
        return new PlaceEditResult(true, null, placeId);
    }

    private static (PlaceLayer Layer, ManagedPlace Place)? Find(IReadOnlyList<PlaceLayer> layers, long placeId) =>
        layers.SelectMany(l => l.Places.Where(p => p.Id == placeId).Select(p => (l, p))).Cast<(PlaceLayer, ManagedPlace)?>().FirstOrDefault();
}

/// <summary>The district's stored shape, the one every place must lie in (none stored: no such check).</summary>
public static class PlaceDistrict
{
    public static GeoArea? Of(DistrictGeometry geometry) =>
        geometry.Reference.Regions.FirstOrDefault(r => r.Level == "district" && geometry.Regions.ContainsKey(r.Id)) is { } d
            ? geometry.Regions[d.Id].Area : null;
}
