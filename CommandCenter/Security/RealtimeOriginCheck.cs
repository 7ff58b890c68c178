using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// The circuit endpoint (<c>/_blazor</c>) and the live hub (<c>/hubs</c>) refuse a browser request from another site with 403:
/// a WebSocket carries the user's cookies but is not covered by the same-origin policy, so a page elsewhere could otherwise
/// open a circuit or a hub connection as the signed-in user. A request is from this site when its <c>Origin</c> is exactly the
/// request's own origin (scheme, host and port; behind a TLS proxy the scheme is the forwarded one, see
/// <see cref="TrustedProxies"/>) or one of <see cref="SecurityOptions.AllowedOrigins"/>. Another port or plain http on the
/// same host is another origin, as it is for the browser. Requests without <c>Origin</c> (machines with an API key, which
/// browsers cannot send across sites) pass.
/// </summary>
public sealed class RealtimeOriginCheck(RequestDelegate next, IOptionsMonitor<SecurityOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsRealtime(request.Path) && request.Headers.Origin is { Count: > 0 } origin
            && !IsThisSite(origin.ToString(), request, options.CurrentValue.AllowedOrigins))
        {
            // A bare 403 for a socket or negotiate request, not the HTML status page.
            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return next(context);
    }

    public static bool IsRealtime(PathString path) => path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/hubs");

    /// <summary>True when <paramref name="origin"/> is this request's origin or one of <paramref name="allowedOrigins"/>.</summary>
    public static bool IsThisSite(string origin, HttpRequest request, IEnumerable<string> allowedOrigins)
    {
        // "null" (sandboxed frames, file: pages) and anything else that is not an http(s) origin is another site.
        if (!TryParseOrigin(origin, out var uri)) return false;
        var ownPort = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        if (uri.Scheme == request.Scheme && uri.Port == ownPort
            && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)) return true;
        return allowedOrigins.Any(allowed => TryParseOrigin(allowed, out var other)
            && other.Scheme == uri.Scheme && other.Port == uri.Port && string.Equals(other.Host, uri.Host, StringComparison.OrdinalIgnoreCase));
    }

    private static bool TryParseOrigin(string text, out Uri uri) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https";
}
