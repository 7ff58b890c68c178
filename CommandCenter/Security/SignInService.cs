using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

public enum SignInOutcome
{
    Success,
    /// <summary>Unknown name, wrong password, disabled account, locked, or over the account's ceiling of failures: one answer for all.</summary>
    Failed,
}

public sealed record SignInResult(SignInOutcome Outcome, ClaimsPrincipal? Principal = null);

/// <summary>
/// Checks a user name and password under the rule of <see cref="SecurityOptions"/>: a lock per (account name, client key)
/// after too many wrong passwords in a row, and a ceiling of failed attempts per account name from all clients and nodes
/// that clients which signed in to the account before are exempt from, both counted before the password is checked
/// (<see cref="SignInAttempts"/>). Every refusal gives the same answer after the same work: one password-hash check (a dummy
/// hash for unknown names and refused attempts), one audit row with the true reason and the address.
/// </summary>
public sealed class SignInService(UserStore users, SignInAttempts attempts, IPasswordHasher<UserRow> hasher, AuditLog audit,
    IOptions<SecurityOptions> options)
{
    private static readonly UserRow Nobody = new();

    private readonly string _dummyHash = hasher.HashPassword(Nobody, Secrets.NewPassword());

    public async Task<SignInResult> PasswordSignInAsync(string userName, string password, string? clientIp,
        CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var name = userName.Trim();
        var address = clientIp ?? "unknown";
        var client = SignInClient.Key(clientIp);
        var user = await users.FindAsync(name, cancellationToken);
        var attempt = await attempts.ReserveAsync(name, client, cancellationToken);
        if (attempt.FailedCount > settings.MaxFailedSignIns)
        {
            CheckDummy(password);
            return await FailAsync(name, $"locked until {attempt.LockedUntil:O}; ip {address}", cancellationToken);
        }

        var forAccount = await attempts.IsKnownClientAsync(name, client, cancellationToken)
            ? null
            : await attempts.ReserveForAccountAsync(name, cancellationToken);
        string reason;
        if (forAccount?.FailedCount > settings.FailedSignInsPerAccountPerMinute)
        {
            CheckDummy(password);
            reason = "too many failed attempts for this account";
        }
        else
        {
            var rightPassword = user is null ? CheckDummy(password) : IsRight(user, password);
            if (user is { Disabled: false } && rightPassword)
            {
                await attempts.SucceededAsync(name, client, forAccount, cancellationToken);
                await audit.WriteAsync(user.UserName, AuditActions.SignIn, user.UserName, $"ip {address}", cancellationToken);
                return new SignInResult(SignInOutcome.Success, CreatePrincipal(user));
            }
            reason = user is null ? "unknown user" : rightPassword ? "disabled" : $"wrong password ({attempt.FailedCount})";
        }

        var result = await FailAsync(name, $"{reason}; ip {address}", cancellationToken);
        if (attempt.FailedCount == settings.MaxFailedSignIns)
            await audit.WriteAsync(name, AuditActions.LockedOut, name, $"until {attempt.LockedUntil:O}; ip {address}", cancellationToken);
        return result;
    }

    private bool IsRight(UserRow user, string password) =>
        hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>The cost of a real check, so a refusal takes as long whatever its reason. Always false.</summary>
    private bool CheckDummy(string password)
    {
        hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
        return false;
    }

    private async Task<SignInResult> FailAsync(string name, string reason, CancellationToken cancellationToken)
    {
        await audit.WriteAsync(name, AuditActions.SignInFailed, name, reason, cancellationToken);
        return new SignInResult(SignInOutcome.Failed);
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

/// <summary>
/// The key the sign-in rule counts a client by: an IPv4 address as it is, an IPv6 address by its /64 (the network a host
/// picks its addresses in: a client changes address within it freely, so counting addresses would not count the client).
/// </summary>
public static class SignInClient
{
    public static string Key(string? clientIp)
    {
        if (!IPAddress.TryParse(clientIp, out var address)) return clientIp ?? "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
