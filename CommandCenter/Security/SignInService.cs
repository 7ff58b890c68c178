using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

public enum SignInOutcome
{
    Success,
    /// <summary>Unknown name, wrong password, disabled account, locked or too many attempts: one answer for all.</summary>
    Failed,
}

public sealed record SignInResult(SignInOutcome Outcome, ClaimsPrincipal? Principal = null);

/// <summary>
/// Checks a user name and password under the rule of <see cref="SecurityOptions"/>: a ceiling of attempts per account name
/// (all addresses), and a lock per (account name, client address) after too many wrong passwords in a row, counted before
/// the password is checked (<see cref="SignInAttempts"/>). Every refusal gives the same answer after the same work: one
/// password-hash check (a dummy hash for unknown names and refused attempts), one count, one audit row with the true reason.
/// </summary>
public sealed class SignInService(UserStore users, SignInAttempts attempts, IPasswordHasher<UserRow> hasher, AuditLog audit,
    TimeProvider clock, IOptions<SecurityOptions> options) : IDisposable
{
    private static readonly UserRow Nobody = new();

    private readonly string _dummyHash = hasher.HashPassword(Nobody, Secrets.NewPassword());

    private readonly PartitionedRateLimiter<string> _perAccount = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInsPerAccountPerMinute,
            Window = TimeSpan.FromMinutes(1),
        }));

    public async Task<SignInResult> PasswordSignInAsync(string userName, string password, string? clientIp,
        CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var name = userName.Trim();
        var client = clientIp ?? "unknown";
        using var lease = _perAccount.AttemptAcquire(name.ToUpperInvariant());
        var user = await users.FindAsync(name, cancellationToken);
        if (!lease.IsAcquired)
        {
            CheckDummy(password);
            return await FailAsync(name, $"too many attempts for this account; ip {client}", cancellationToken);
        }

        var attempt = await attempts.ReserveAsync(name, client, clock.GetUtcNow().UtcDateTime, settings.MaxFailedSignIns,
            settings.LockoutDuration, cancellationToken);
        if (attempt.FailedCount > settings.MaxFailedSignIns)
        {
            CheckDummy(password);
            return await FailAsync(name, $"locked until {attempt.LockedUntil:O}; ip {client}", cancellationToken);
        }

        var rightPassword = user is null ? CheckDummy(password) : IsRight(user, password);
        if (user is { Disabled: false } && rightPassword)
        {
            await attempts.ClearAsync(name, client, cancellationToken);
            await audit.WriteAsync(user.UserName, AuditActions.SignIn, user.UserName, $"ip {client}", cancellationToken);
            return new SignInResult(SignInOutcome.Success, CreatePrincipal(user));
        }

        var reason = user is null ? "unknown user" : rightPassword ? "disabled" : $"wrong password ({attempt.FailedCount})";
        var result = await FailAsync(name, $"{reason}; ip {client}", cancellationToken);
        if (attempt.FailedCount == settings.MaxFailedSignIns)
            await audit.WriteAsync(name, AuditActions.LockedOut, name, $"until {attempt.LockedUntil:O}; ip {client}", cancellationToken);
        return result;
    }

    public void Dispose() => _perAccount.Dispose();

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
