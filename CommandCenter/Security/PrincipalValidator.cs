using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Decides whether a signed-in cookie principal still stands: a device not revoked, a user not disabled whose security stamp
/// has not changed. Answers are cached briefly so an open wall does not ask the database on every request.
/// Used by the cookie's OnValidatePrincipal (each request) and by the circuit's revalidation (each interval).
/// While the database is unreachable the last answer read from it stands, so an outage neither signs a wall out nor lets a
/// revoked device back in; a device never checked on this node keeps its (signed) cookie until the database answers.
/// </summary>
public sealed class PrincipalValidator(UserStore users, DisplayDeviceStore devices, IMemoryCache cache, IOptions<SecurityOptions> options,
    ILogger<PrincipalValidator> logger)
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.FindFirstValue(SecurityClaims.DeviceId) is { } deviceClaim && long.TryParse(deviceClaim, CultureInfo.InvariantCulture, out var deviceId))
            return await CachedAsync($"device:{deviceId}", () => devices.TouchIfLiveAsync(deviceId, cancellationToken), whenUnreachable: true);
        if (principal.FindFirstValue(SecurityClaims.UserId) is { } userClaim && long.TryParse(userClaim, CultureInfo.InvariantCulture, out var userId))
        {
            var stamp = await CachedAsync($"user:{userId}", async () =>
                await users.FindAsync(userId, cancellationToken) is { Disabled: false } user ? user.SecurityStamp : "", whenUnreachable: "");
            return stamp.Length > 0 && stamp == principal.FindFirstValue(SecurityClaims.SecurityStamp);
        }
        return false;
    }

    /// <summary>Forgets a cached answer on this node so an admin's change applies at once here (other nodes within the cache time).</summary>
    public void Forget(string kind, long id) => cache.Remove($"{kind}:{id}");

    private async Task<T> CachedAsync<T>(string key, Func<Task<T>> load, T whenUnreachable)
    {
        var duration = options.Value.CacheDuration;
        if (duration > TimeSpan.Zero && cache.TryGetValue(key, out T? value) && value is not null) return value;
        try
        {
            value = await load();
        }
        catch (DbException ex)
        {
            var known = cache.TryGetValue(LastKnown(key), out T? last) && last is not null;
            logger.LogWarning(ex, "Database unreachable checking {Key}; using the {Which} answer", key, known ? "last known" : "outage");
            return known ? last! : whenUnreachable;
        }
        if (duration > TimeSpan.Zero) cache.Set(key, value, duration);
        cache.Set(LastKnown(key), value);
        return value;
    }

    private static string LastKnown(string key) => "last-known:" + key;
}
