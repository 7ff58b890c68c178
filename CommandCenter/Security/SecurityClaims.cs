using System.Security.Cryptography;
using System.Text;

namespace CommandCenter.Security;

/// <summary>The claim types this app issues besides name and role.</summary>
public static class SecurityClaims
{
    /// <summary>"true" when the person may see reporter phone numbers unmasked (PII permission).</summary>
    public const string Pii = "cc:pii";

    /// <summary>The <c>leaders.id</c> a Leader account speaks for (领导包路: their own road and plan).</summary>
    public const string LeaderId = "cc:leader_id";

    /// <summary>The <c>users.id</c> of a signed-in person.</summary>
    public const string UserId = "cc:user_id";

    /// <summary>The user's security stamp when the cookie was issued: a reset, role edit or disable changes it.</summary>
    public const string SecurityStamp = "cc:stamp";

    /// <summary>The <c>display_devices.id</c> of a wall screen.</summary>
    public const string DeviceId = "cc:device_id";

    /// <summary>An API key's scope: <c>ingest</c> or <c>read</c>.</summary>
    public const string Scope = "cc:scope";
}

/// <summary>API key scopes.</summary>
public static class ApiScopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    /// <summary>Scraping <c>/metrics</c> (Prometheus); nothing else.</summary>
    public const string Metrics = "metrics";
    public static readonly string[] All = [Ingest, Read, Metrics];
}

/// <summary>Random secrets (passwords, API keys, device tokens) and the SHA-256 hash kept for high-entropy ones.</summary>
public static class Secrets
{
    // No look-alikes (0/O, 1/l/I) so a password read from a console can be typed.
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string NewPassword(int length = 16) => RandomNumberGenerator.GetString(PasswordAlphabet, length);

    /// <summary>A 256-bit token, URL-safe, with a readable prefix naming what it is ("cck_" key, "ccd_" device).</summary>
    public static string NewToken(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hex SHA-256: enough for 256-bit random secrets (no dictionary to attack, so no slow hash needed).</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The first characters shown in lists so an admin can tell keys apart.</summary>
    public static string Prefix(string secret) => secret[..Math.Min(10, secret.Length)];
}
