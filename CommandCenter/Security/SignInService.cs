using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

public enum SignInOutcome
{
    Success,
    Failed,
    LockedOut,
}

public sealed record SignInResult(SignInOutcome Outcome, ClaimsPrincipal? Principal = null);

/// <summary>Checks a user name and password, counts failures, locks after too many and writes every attempt to the audit log.</summary>
public sealed class SignInService(UserStore users, AuditLog audit, TimeProvider clock, IOptions<SecurityOptions> options)
{
    public async Task<SignInResult> PasswordSignInAsync(string userName, string password, string? clientIp,
        CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var user = await users.FindAsync(userName, cancellationToken);
        if (user is null || user.Disabled)
        {
            await audit.WriteAsync(userName, AuditActions.SignInFailed, userName, user is null ? $"unknown user; ip {clientIp}" : $"disabled; ip {clientIp}",
                cancellationToken);
            return new SignInResult(SignInOutcome.Failed);
        }
        if (user.IsLockedAt(clock.GetUtcNow().UtcDateTime))
        {
            await audit.WriteAsync(user.UserName, AuditActions.SignInFailed, user.UserName, $"locked; ip {clientIp}", cancellationToken);
            return new SignInResult(SignInOutcome.LockedOut);
        }
        if (!UserStore.VerifyPassword(user, password))
        {
            var (failed, lockedUntil) = await users.RecordFailureAsync(user, settings.MaxFailedSignIns, settings.LockoutDuration, cancellationToken);
            await audit.WriteAsync(user.UserName, AuditActions.SignInFailed, user.UserName, $"wrong password ({failed}); ip {clientIp}",
                cancellationToken);
            if (lockedUntil is not null)
            {
                await audit.WriteAsync(user.UserName, AuditActions.LockedOut, user.UserName, $"until {lockedUntil:O}", cancellationToken);
                return new SignInResult(SignInOutcome.LockedOut);
            }
            return new SignInResult(SignInOutcome.Failed);
        }
        await users.RecordSuccessAsync(user, cancellationToken);
        await audit.WriteAsync(user.UserName, AuditActions.SignIn, user.UserName, $"ip {clientIp}", cancellationToken);
        return new SignInResult(SignInOutcome.Success, CreatePrincipal(user));
    }

    public static ClaimsPrincipal CreatePrincipal(UserRow user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, user.DisplayName),
            new(SecurityClaims.UserId, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(SecurityClaims.SecurityStamp, user.SecurityStamp),
        };
        // Display is a device's role, never a person's.
        claims.AddRange(user.RoleList.Where(r => Roles.People.Contains(r)).Select(r => new Claim(ClaimTypes.Role, r)));
        if (user.HasPii) claims.Add(new Claim(SecurityClaims.Pii, "true"));
        if (user.LeaderId is { } leaderId)
            claims.Add(new Claim(SecurityClaims.LeaderId, leaderId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static ClaimsPrincipal CreateDevicePrincipal(DisplayDeviceRow device) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, device.Name),
            new Claim(ClaimTypes.GivenName, device.Name),
            new Claim(SecurityClaims.DeviceId, device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Role, Roles.Display),
        ], CookieAuthenticationDefaults.AuthenticationScheme));
}
