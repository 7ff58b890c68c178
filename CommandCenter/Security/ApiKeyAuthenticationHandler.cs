using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Authenticates machines by the <c>X-Api-Key</c> header: the key's SHA-256 is looked up in <c>api_keys</c> (cached for
/// <see cref="SecurityOptions.CacheDuration"/>, so a revocation applies within that time) and each scope becomes a claim.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IMemoryCache cache,
    IOptions<SecurityOptions> securityOptions) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.ToString() is not { Length: > 0 } key)
            return AuthenticateResult.NoResult();
        var hash = Secrets.Hash(key);
        var row = await LookUpAsync(hash);
        if (row is null) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var claims = new List<Claim> { new(ClaimTypes.Name, row.Name), new(ClaimTypes.NameIdentifier, $"apikey:{row.Id}") };
        claims.AddRange(row.ScopeList.Select(s => new Claim(SecurityClaims.Scope, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }

    private async Task<ApiKeyRow?> LookUpAsync(string hash)
    {
        var duration = securityOptions.Value.CacheDuration;
        if (duration <= TimeSpan.Zero) return await keys.FindLiveByHashAsync(hash, Context.RequestAborted);
        // Misses are cached too, so a flood of wrong keys does not reach the database.
        if (cache.TryGetValue($"apikey:{hash}", out ApiKeyRow? cached)) return cached;
        var row = await keys.FindLiveByHashAsync(hash, Context.RequestAborted);
        cache.Set($"apikey:{hash}", row, duration);
        return row;
    }
}
