using System.Security.Claims;
using System.Threading.RateLimiting;
using CommandCenter.Features.Account;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Sign-in posts per client IP (password guessing); API calls per key (one misbehaving client cannot starve the others).
/// A sign-in post is recognised by the endpoint routing chose, the sign-in page, not by the path as written: routing
/// ignores case and a trailing slash, so <c>/LOGIN/</c> is the same form and the same limit. The per-account ceiling and
/// the lock per (account, address) need the posted user name and live in <see cref="SignInService"/>.
/// </summary>
public static class RateLimits
{
    public static void AddRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PartitionFor);
        });

    private static RateLimitPartition<string> PartitionFor(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (IsSignInPost(context))
        {
            // Keyed like the sign-in lock: an IPv6 client by its /64, which it can change addresses within at will.
            var client = SignInClient.Key(context.Connection.RemoteIpAddress?.ToString());
            return RateLimitPartition.GetFixedWindowLimiter($"login:{client}", _ => new FixedWindowRateLimiterOptions
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

    /// <summary>Any request but a read that routing sends to the sign-in page: only those can carry its form.</summary>
    private static bool IsSignInPost(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type == typeof(LoginPage);
}
