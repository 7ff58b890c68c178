using System.Data.Common;
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
        // The cookie is cleared first, so a database outage never leaves the browser signed in; ending the session on the
        // server then needs the database, and its failure is logged (the copy of the cookie stays valid until the stamp changes).
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, UserStore users, AuditLog audit,
            ILogger<LoginPage> logger) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
            var user = context.User;
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            try
            {
                if (long.TryParse(user.FindFirstValue(SecurityClaims.UserId), CultureInfo.InvariantCulture, out var userId))
                    await users.EndSessionsAsync(userId, CancellationToken.None);
                await audit.WriteAsync(user.Identity?.Name ?? "?", AuditActions.SignOut, user.Identity?.Name);
            }
            catch (DbException ex)
            {
                logger.LogWarning(ex, "Signed {User} out of this browser, but could not end the session on the server", user.Identity?.Name);
            }
            return Results.LocalRedirect(LoginPath);
        }).RequireAuthorization(Policies.SignedIn);
    }
}
