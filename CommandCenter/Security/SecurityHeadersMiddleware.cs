using CommandCenter.Features.Map;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Security headers on every response. The CSP allows exactly what the app loads: its own scripts (blazor.web.js, MudBlazor,
/// ApexCharts, Leaflet, component modules), MudBlazor's inline style attributes, the circuit's WebSocket, images from itself and
/// data URLs — and the map's tile server when one is configured (<c>Map:TileUrlTemplate</c>), for images only.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<MapOptions> map)
{
    private readonly string _contentSecurityPolicy = ContentSecurityPolicy(map.Value.TileOrigin);

    /// <summary>The policy: images also from <paramref name="tileOrigin"/> when there is one.</summary>
    public static string ContentSecurityPolicy(string? tileOrigin) =>
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline'; " +
        (tileOrigin is null ? "img-src 'self' data:; " : $"img-src 'self' data: {tileOrigin}; ") +
        "font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = _contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
