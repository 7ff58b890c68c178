using System.Data.Common;
using System.Globalization;
using System.Security.Claims;

namespace CommandCenter.Security;

/// <summary>
/// Decides whether a signed-in cookie principal still stands: a device not revoked, a user not disabled whose security stamp
/// has not changed (sign-out, password reset, edit and disable change it). Answers come from <see cref="CredentialCheckCache"/>,
/// so an open wall does not ask the database on every request and a change on any node applies within the change feed's
/// poll interval. Used by the cookie's OnValidatePrincipal (each request) and by the circuit's revalidation (each interval).
/// While the database is unreachable the last answer read from it stands, so an outage neither signs a wall out nor lets a
/// revoked device back in; a device never checked on this node keeps its (signed) cookie until the database answers.
/// </summary>
public sealed class PrincipalValidator(UserStore users, DisplayDeviceStore devices, CredentialCheckCache credentials,
    ILogger<PrincipalValidator> logger)
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.FindFirstValue(SecurityClaims.DeviceId) is { } deviceClaim && long.TryParse(deviceClaim, CultureInfo.InvariantCulture, out var deviceId))
            return await CheckAsync(CredentialCheckCache.DeviceKind, deviceId, () => devices.TouchIfLiveAsync(deviceId, cancellationToken),
                whenUnreachable: true);
        if (principal.FindFirstValue(SecurityClaims.UserId) is { } userClaim && long.TryParse(userClaim, CultureInfo.InvariantCulture, out var userId))
        {
            var stamp = await CheckAsync(CredentialCheckCache.UserKind, userId, async () =>
                await users.FindAsync(userId, cancellationToken) is { Disabled: false } user ? user.SecurityStamp : "", whenUnreachable: "");
            return stamp.Length > 0 && stamp == principal.FindFirstValue(SecurityClaims.SecurityStamp);
        }
        return false;
    }

    private async Task<T> CheckAsync<T>(string kind, long id, Func<Task<T>> load, T whenUnreachable)
    {
        try
        {
            return await credentials.GetAsync(kind, id.ToString(CultureInfo.InvariantCulture), load);
        }
        catch (DbException ex)
        {
            logger.LogWarning(ex, "Database unreachable checking {Kind} {Id} never checked on this node", kind, id);
            return whenUnreachable;
        }
    }
}
