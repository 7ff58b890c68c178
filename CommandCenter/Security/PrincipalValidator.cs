using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Decides whether a signed-in cookie principal still stands: a device not revoked, a user not disabled whose security stamp
/// has not changed. Answers are cached briefly so an open wall does not ask the database on every request.
/// Used by the cookie's OnValidatePrincipal (each request) and by the circuit's revalidation (each interval).
/// </summary>
public sealed class PrincipalValidator(UserStore users, DisplayDeviceStore devices, IMemoryCache cache, IOptions<SecurityOptions> options)
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.FindFirstValue(SecurityClaims.DeviceId) is { } deviceClaim && long.TryParse(deviceClaim, CultureInfo.InvariantCulture, out var deviceId))
            return await CachedAsync($"device:{deviceId}", () => devices.TouchIfLiveAsync(deviceId, cancellationToken));
        if (principal.FindFirstValue(SecurityClaims.UserId) is { } userClaim && long.TryParse(userClaim, CultureInfo.InvariantCulture, out var userId))
        {
            var stamp = await CachedAsync($"user:{userId}", async () =>
                await users.FindAsync(userId, cancellationToken) is { Disabled: false } user ? user.SecurityStamp : "");
            return stamp.Length > 0 && stamp == principal.FindFirstValue(SecurityClaims.SecurityStamp);
        }
        return false;
    }

    /// <summary>Forgets a cached answer on this node so an admin's change applies at once here (other nodes within the cache time).</summary>
    public void Forget(string kind, long id) => cache.Remove($"{kind}:{id}");

    private async Task<T> CachedAsync<T>(string key, Func<Task<T>> load)
    {
        var duration = options.Value.CacheDuration;
        if (duration <= TimeSpan.Zero) return await load();
        if (cache.TryGetValue(key, out T? value) && value is not null) return value;
        value = await load();
        cache.Set(key, value, duration);
        return value;
    }
}
