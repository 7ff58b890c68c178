using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Authenticates machines by the <c>X-Api-Key</c> header: the key's SHA-256 is looked up in <c>api_keys</c> through
/// <see cref="CredentialCheckCache"/> (a revocation applies at once on the revoking node and within the change feed's poll
/// interval on the others) and each scope becomes a claim. Unknown keys are cached too, so a flood of wrong keys does not
/// reach the database. While the database is unreachable a key keeps the answer last read for it, so readers go on getting
/// the (stale) live snapshot; a key never seen on this node gets 503, not a misleading 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    CredentialCheckCache credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private const string UnreachableItem = "cc:apikey-db-unreachable";

    /// <summary>
    /// The key a request carries: the <c>X-Api-Key</c> header, or <c>Authorization: Bearer cck_…</c> (what Prometheus sends
    /// for its <c>authorization</c> setting). Only a bearer token shaped as an API key counts, so no other scheme's token is
    /// taken for one.
    /// </summary>
    public static string? KeyOf(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var values) && values.ToString() is { Length: > 0 } key) return key;
        const string bearer = "Bearer ";
        return request.Headers.Authorization.ToString() is var authorization
               && authorization.StartsWith(bearer + ApiKeyStore.KeyPrefix, StringComparison.Ordinal)
            ? authorization[bearer.Length..].Trim()
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (KeyOf(Request) is not { } key) return AuthenticateResult.NoResult();
        var hash = Secrets.Hash(key);
        ApiKeyRow? row;
        try
        {
            row = await credentials.GetAsync(CredentialCheckCache.ApiKeyKind, hash, () => keys.FindLiveByHashAsync(hash, Context.RequestAborted));
        }
        catch (DbException ex)
        {
            Logger.LogWarning(ex, "Database unreachable checking an API key never seen on this node");
            Context.Items[UnreachableItem] = true;
            return AuthenticateResult.Fail("The database is unreachable.");
        }
        if (row is null) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var claims = new List<Claim> { new(ClaimTypes.Name, row.Name), new(ClaimTypes.NameIdentifier, $"apikey:{row.Id}") };
        claims.AddRange(row.ScopeList.Select(s => new Claim(SecurityClaims.Scope, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnreachableItem))
        {
            Response.Headers.RetryAfter = "5";
            await Results.Problem(title: "The database is unreachable.", detail: "The API key cannot be checked right now; try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(Context);
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
    }
}
