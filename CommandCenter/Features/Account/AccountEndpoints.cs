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
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
            await audit.WriteAsync(context.User.Identity?.Name ?? "?", AuditActions.SignOut, context.User.Identity?.Name);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LoginPath);
        }).RequireAuthorization(Policies.SignedIn);
    }
}
