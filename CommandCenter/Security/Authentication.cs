using CommandCenter.Features.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Security;

/// <summary>
/// Who is calling (the session cookie of a person or a wall screen, or an API key) and the policies that say what they may
/// do. Every endpoint needs an authenticated caller unless it says otherwise (the fallback policy), so a forgotten endpoint
/// is closed, not open.
/// </summary>
public static class Authentication
{
    /// <summary>Picks the cookie or the API key handler per request.</summary>
    public const string DefaultScheme = "CommandCenter";

    private const string RevokedDeviceItem = "cc:device-revoked";

    public static void AddCommandCenterAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || ApiKeyAuthenticationHandler.KeyOf(context.Request) is not null
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = ".CommandCenter.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = AccountEndpoints.LoginPath;
                o.LogoutPath = "/logout";
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidatePrincipalAsync,
                    OnRedirectToLogin = RedirectToLoginAsync,
                    // A signed-in caller without the right policy gets 403 (the status page explains), never a redirect loop.
                    OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    },
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        // The session lifetime from the one bound Security section (Security:SessionLifetime, default in SecurityOptions).
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((cookie, security) => cookie.ExpireTimeSpan = security.Value.SessionLifetime);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.SignedIn, p => p.RequireRole(Roles.People))
            .AddPolicy(Policies.Wall, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.ScheduleEdit, p => p.RequireRole(Roles.Admin, Roles.Scheduler, Roles.Leader))
            .AddPolicy(Policies.Pii, p => p.RequireRole(Roles.People).RequireClaim(SecurityClaims.Pii, "true"))
            .AddPolicy(Policies.ApiIngest, p => p.RequireClaim(SecurityClaims.Scope, ApiScopes.Ingest))
            .AddPolicy(Policies.Metrics, p => p.RequireClaim(SecurityClaims.Scope, ApiScopes.Metrics))
            .AddPolicy(Policies.ApiRead, p => p.RequireAssertion(context =>
                context.User.HasClaim(SecurityClaims.Scope, ApiScopes.Read) || Roles.People.Any(context.User.IsInRole)));

        services.AddCascadingAuthenticationState();
        services.AddScoped<RevalidatingAuthStateProvider>();
        services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<RevalidatingAuthStateProvider>());
    }

    /// <summary>APIs, hubs and the metrics endpoint answer 401/403 as such, never with a redirect or an HTML page.</summary>
    public static bool IsApiOrHub(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics");

    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null) return;
        var validator = context.HttpContext.RequestServices.GetRequiredService<PrincipalValidator>();
        if (await validator.IsValidAsync(context.Principal, context.HttpContext.RequestAborted)) return;
        if (context.Principal.HasClaim(c => c.Type == SecurityClaims.DeviceId))
            context.HttpContext.Items[RevokedDeviceItem] = true;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApiOrHub(context.Request.Path))
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        else if (context.HttpContext.Items.ContainsKey(RevokedDeviceItem))
            context.Response.Redirect(DisplayTokenExchange.RevokedPath);
        else
            context.Response.Redirect(SiteRelative(context.RedirectUri));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The handler builds the login URL from the request's Host header; sent on relative, it can never name another site.
    /// </summary>
    private static string SiteRelative(string redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : redirectUri;
}
