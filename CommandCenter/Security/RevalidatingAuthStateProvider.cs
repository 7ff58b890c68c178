using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Re-checks an open circuit's user or device every <see cref="SecurityOptions.RevalidationInterval"/>: a revoked wall screen or
/// a disabled user becomes anonymous, and the route view sends it away (<c>/device-revoked</c> or the login page).
/// </summary>
public sealed class RevalidatingAuthStateProvider(ILoggerFactory loggerFactory, PrincipalValidator validator, IOptions<SecurityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    /// <summary>True once this circuit's display device has been found revoked.</summary>
    public bool DeviceRevoked { get; private set; }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true) return true;
        var valid = await validator.IsValidAsync(user, cancellationToken);
        if (!valid && user.HasClaim(c => c.Type == SecurityClaims.DeviceId)) DeviceRevoked = true;
        return valid;
    }

    /// <summary>The circuit's current user, for components that need it outside an AuthorizeView.</summary>
    public async Task<ClaimsPrincipal> CurrentUserAsync() => (await GetAuthenticationStateAsync()).User;
}
