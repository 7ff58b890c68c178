using System.Globalization;
using System.Security.Claims;
using CommandCenter.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CommandCenter.Features.Account;

/// <summary>The sign-out POST (the sign-in form is <see cref="LoginPage"/>).</summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/login";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form POST from the app bar: the antiforgery token is checked here so a bad one is a 400, not an exception.
        // Sign-out ends the session on the server too: a new security stamp makes a copy of the cookie worthless on every
        // node. The stamp is the account's, so every other browser of the same account is signed out as well.
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, UserStore users, AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
            if (long.TryParse(context.User.FindFirstValue(SecurityClaims.UserId), CultureInfo.InvariantCulture, out var userId))
                await users.EndSessionsAsync(userId, context.RequestAborted);
            await audit.WriteAsync(context.User.Identity?.Name ?? "?", AuditActions.SignOut, context.User.Identity?.Name);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LoginPath);
        }).RequireAuthorization(Policies.SignedIn);
    }
}
