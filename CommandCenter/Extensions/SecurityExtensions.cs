using CommandCenter.Data;
using CommandCenter.Features.Account;
using CommandCenter.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommandCenter.Extensions;

/// <summary>
/// Registration and middleware order of the security pieces: the <c>Security</c> settings, the cookie key ring
/// (<see cref="KeyRing"/>), accounts, API keys and display devices (<see cref="Authentication"/>), rate limits
/// (<see cref="RateLimits"/>), security headers and <c>/health</c>.
/// </summary>
public static class SecurityExtensions
{
    public static void AddSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<SecurityOptions>("Security");
        services.AddKeyRing();
        services.AddMemoryCache();
        services.AddSingleton<IPasswordHasher<UserRow>, PasswordHasher<UserRow>>();
        services.AddSingleton<CredentialCheckCache>();
        services.AddSingleton<SecurityChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<SecurityChangeFeed>());
        services.AddSingleton<SignInAttempts>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DisplayDeviceStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<PrincipalValidator>();
        services.AddHostedService<FirstRunAdmin>();

        services.AddTrustedProxies();
        services.AddSecureCookies();
        services.AddCommandCenterAuthentication();
        services.AddRateLimits();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", failureStatus: HealthStatus.Degraded);
    }

    /// <summary>
    /// Middleware in order: headers, HTTPS, Secure cookies, the origin of circuit and hub requests, who is calling, the wall's
    /// token exchange, what they may do, how often. (Host filtering and trusted proxies come before everything.)
    /// </summary>
    public static void UseSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Development runs on plain http (dotnet run) and the test host has no TLS.
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseCookiePolicy();
        // APIs, hubs and form POSTs answer 401/403 as such: the HTML status page is for page GETs (a POST re-executed
        // on a page would become a 400 "no form handler").
        app.Use((context, next) =>
        {
            var pageGet = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            if ((Authentication.IsApiOrHub(context.Request.Path) || !pageGet) && context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
                statusPages.Enabled = false;
            return next(context);
        });
        app.UseMiddleware<RealtimeOriginCheck>();
        app.UseAuthentication();
        app.UseMiddleware<DisplayTokenExchange>();
        app.UseAuthorization();
        app.UseMiddleware<CircuitLimitPageCheck>();
        app.UseRateLimiter();
    }

    /// <summary><c>/health</c> (anonymous, status word only) and the sign-out POST.</summary>
    public static void MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapAccountEndpoints();
    }
}
