using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CommandCenter.Security;

/// <summary>
/// <c>/wall?device=TOKEN</c> (or <c>/wall/{board}?device=TOKEN</c> for a screen pinned to one board): a wall screen's one-time
/// setup. A live token becomes a persistent display cookie (no session expiry: about 400 days, renewed while the screen is on)
/// and the screen is sent to the same wall path without the token in the URL.
/// An unknown or revoked token goes to <c>/device-revoked</c>. Runs before authorization, since the screen has no cookie yet.
/// </summary>
public sealed class DisplayTokenExchange(RequestDelegate next)
{
    public const string WallPath = "/wall";
    public const string RevokedPath = "/device-revoked";
    public static readonly TimeSpan DisplayCookieLifetime = TimeSpan.FromDays(400);

    public async Task InvokeAsync(HttpContext context, DisplayDeviceStore devices, AuditLog audit, TimeProvider clock)
    {
        if (!HttpMethods.IsGet(context.Request.Method)
            || !IsWallPath(context.Request.Path)
            || context.Request.Query["device"].ToString() is not { Length: > 0 } token)
        {
            await next(context);
            return;
        }

        var device = await devices.FindLiveByTokenAsync(token, context.RequestAborted);
        if (device is null)
        {
            context.Response.Redirect(RevokedPath);
            return;
        }
        var now = clock.GetUtcNow();
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SignInService.CreateDevicePrincipal(device),
            new AuthenticationProperties { IsPersistent = true, AllowRefresh = true, IssuedUtc = now, ExpiresUtc = now + DisplayCookieLifetime });
        await audit.WriteAsync(device.Name, AuditActions.DeviceConnected, device.Name,
            $"ip {context.Connection.RemoteIpAddress}", context.RequestAborted);
        context.Response.Redirect(context.Request.PathBase + context.Request.Path);
    }

    /// <summary><c>/wall</c> or one segment below it (a board); nothing else may carry a device token.</summary>
    private static bool IsWallPath(PathString path) =>
        path.Equals(WallPath, StringComparison.OrdinalIgnoreCase)
        || (path.StartsWithSegments(WallPath, StringComparison.OrdinalIgnoreCase, out var rest)
            && rest.Value is { Length: > 1 } board && board.IndexOf('/', 1) < 0);
}
