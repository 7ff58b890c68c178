using CommandCenter.Security;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CommandCenter.Features.Wall;

/// <summary>A wall's rotation: which boards, how many seconds each.</summary>
public sealed record WallRotation(IReadOnlyList<WallBoard> Boards, int Seconds);

/// <summary>
/// The rotation of a display device, as an admin set it on /admin/displays. Cached per device for
/// <see cref="WallOptions.PlaylistRefreshSeconds"/>, so database reads grow with devices, not with open screens.
/// </summary>
public sealed class WallDeviceSettings(DisplayDeviceStore devices, IMemoryCache cache, IOptions<WallOptions> options)
{
    public WallRotation Default => new(WallPlaylist.All, WallPlaylist.ClampSeconds(options.Value.DefaultRotateSeconds));

    public async Task<WallRotation> ForDeviceAsync(long deviceId, CancellationToken cancellationToken = default)
    {
        var key = CacheKey(deviceId);
        if (cache.TryGetValue(key, out WallRotation? cached) && cached is not null) return cached;
        var device = await devices.FindAsync(deviceId, cancellationToken);
        var rotation = device is null ? Default : new WallRotation(WallPlaylist.Parse(device.Playlist), WallPlaylist.ClampSeconds(device.RotateSeconds));
        cache.Set(key, rotation, TimeSpan.FromSeconds(Math.Max(1, options.Value.PlaylistRefreshSeconds)));
        return rotation;
    }

    /// <summary>Forgets the cached rotation so an admin's change shows at once on this node.</summary>
    public void Forget(long deviceId) => cache.Remove(CacheKey(deviceId));

    private static string CacheKey(long deviceId) => $"wall-rotation:{deviceId}";
}
