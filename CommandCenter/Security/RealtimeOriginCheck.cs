using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CommandCenter.Security;

/// <summary>
/// The circuit endpoint (<c>/_blazor</c>) and the live hub (<c>/hubs</c>) refuse a browser request from another site with 403:
/// a WebSocket carries the user's cookies but is not covered by the same-origin policy, so a page elsewhere could otherwise
/// open a circuit or a hub connection as the signed-in user. A request is from this site when its <c>Origin</c> is the
/// request's own origin, or names a host the host filter admits (<c>AllowedHosts</c>, not <c>*</c>). Requests without
/// <c>Origin</c> (machines with an API key, which browsers cannot send across sites) pass.
/// </summary>
public sealed class RealtimeOriginCheck(RequestDelegate next, IOptionsMonitor<HostFilteringOptions> hostFiltering)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsRealtime(request.Path) && request.Headers.Origin is { Count: > 0 } origin
            && !IsThisSite(origin.ToString(), request, hostFiltering.CurrentValue.AllowedHosts))
        {
            // A bare 403 for a socket or negotiate request, not the HTML status page.
            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return next(context);
    }

    public static bool IsRealtime(PathString path) => path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/hubs");

    /// <summary>True when <paramref name="origin"/> is this request's origin or an http(s) origin on an allowed host.</summary>
    public static bool IsThisSite(string origin, HttpRequest request, IList<string> allowedHosts)
    {
        // "null" (sandboxed frames, file: pages) and anything else that is not an http(s) origin is another site.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        var ownPort = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        if (uri.Scheme == request.Scheme && uri.Port == ownPort
            && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)) return true;
        var hosts = allowedHosts.Where(h => h != "*").Select(h => new StringSegment(h)).ToList();
        return hosts.Count > 0 && HostString.MatchesAny(new StringSegment(uri.Authority), hosts);
    }
}
