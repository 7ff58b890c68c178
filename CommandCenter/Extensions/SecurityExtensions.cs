using System.Security.Claims;
using System.Threading.RateLimiting;
using CommandCenter.Data;
using CommandCenter.Security;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommandCenter.Extensions;

/// <summary>
/// Accounts, API keys, display devices, policies, security headers, rate limits and /health. Every endpoint needs an
/// authenticated caller unless it says otherwise (the fallback policy), so a forgotten endpoint is closed, not open.
/// </summary>
public static class SecurityExtensions
{
    /// <summary>Picks the cookie or the API key handler per request.</summary>
    public const string DefaultScheme = "CommandCenter";
    public const string LoginPath = "/login";

    private const string RevokedDeviceItem = "cc:device-revoked";

    public static void AddSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SecurityOptions>(builder.Configuration.GetSection("Security"));
        services.AddMemoryCache();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DisplayDeviceStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<PrincipalValidator>();
        // After DatabaseStartup (registered earlier), so the users table exists.
        services.AddHostedService<FirstRunAdmin>();

        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = ".CommandCenter.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = LoginPath;
                o.LogoutPath = "/logout";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = builder.Configuration.GetValue("Security:SessionLifetime", TimeSpan.FromHours(8));
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

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.SignedIn, p => p.RequireRole(Roles.People))
            .AddPolicy(Policies.Wall, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.ScheduleEdit, p => p.RequireRole(Roles.Admin, Roles.Scheduler, Roles.Leader))
            .AddPolicy(Policies.Pii, p => p.RequireRole(Roles.People).RequireClaim(SecurityClaims.Pii, "true"))
            .AddPolicy(Policies.ApiIngest, p => p.RequireClaim(SecurityClaims.Scope, ApiScopes.Ingest))
            .AddPolicy(Policies.ApiRead, p => p.RequireAssertion(context =>
                context.User.HasClaim(SecurityClaims.Scope, ApiScopes.Read) || Roles.People.Any(context.User.IsInRole)));

        services.AddCascadingAuthenticationState();
        services.AddScoped<RevalidatingAuthStateProvider>();
        services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<RevalidatingAuthStateProvider>());

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(RateLimitPartitionFor);
        });

        // An unreachable database degrades the node: it still serves the last snapshot, marked stale.
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", failureStatus: HealthStatus.Degraded);
    }

    /// <summary>Middleware in order: headers, HTTPS, who is calling, the wall's token exchange, what they may do, how often.</summary>
    public static void UseSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Development runs on plain http (dotnet run) and the test host has no TLS.
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        // APIs, hubs and form POSTs answer 401/403 as such: the HTML status page is for page GETs (a POST re-executed
        // on a page would become a 400 "no form handler").
        app.Use((context, next) =>
        {
            var pageGet = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            if ((IsApiOrHub(context.Request.Path) || !pageGet) && context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
                statusPages.Enabled = false;
            return next(context);
        });
        app.UseAuthentication();
        app.UseMiddleware<DisplayTokenExchange>();
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    /// <summary><c>/health</c> (anonymous, status word only) and the logout POST.</summary>
    public static void MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        // A form POST from the app bar: the antiforgery token is checked here so a bad one is a 400, not an exception.
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
            await audit.WriteAsync(context.User.Identity?.Name ?? "?", AuditActions.SignOut, context.User.Identity?.Name);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LoginPath);
        }).RequireAuthorization(Policies.SignedIn);
    }

    /// <summary>Local paths only: a returnUrl can never send a user to another site.</summary>
    public static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";

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
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static bool IsApiOrHub(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");

    // Login POSTs per client IP (password guessing); API calls per key (one misbehaving client cannot starve the others).
    private static RateLimitPartition<string> RateLimitPartitionFor(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value;
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter($"login:{ip}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.LoginPostsPerMinute,
                Window = TimeSpan.FromMinutes(1),
            });
        }
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var caller = context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString() is { Length: > 0 } key
                ? "key:" + Secrets.Hash(key)
                : context.User.FindFirstValue(ClaimTypes.Name) is { } name ? "user:" + name
                : "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter($"api:{caller}", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.ApiRequestsPerSecond,
                TokensPerPeriod = options.ApiRequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            });
        }
        return RateLimitPartition.GetNoLimiter("none");
    }

    private sealed class DatabaseHealthCheck(DbConnectionFactory connections) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = await connections.OpenAsync(cancellationToken);
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // No exception text in the result: /health is anonymous.
                return new HealthCheckResult(context.Registration.FailureStatus);
            }
        }
    }
}
