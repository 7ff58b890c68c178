using System.Security.Claims;
using System.Threading.RateLimiting;
using CommandCenter.Features.Account;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Login POSTs per client IP (password guessing); API calls per key (one misbehaving client cannot starve the others).
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
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(AccountEndpoints.LoginPath, StringComparison.OrdinalIgnoreCase))
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
}
