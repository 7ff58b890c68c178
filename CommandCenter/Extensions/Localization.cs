using System.Globalization;
using Microsoft.AspNetCore.Components;
using CommandCenter.Security;
using Microsoft.AspNetCore.Localization;

namespace CommandCenter.Extensions;

/// <summary>
/// zh-CN by default (also for browsers that ask for English: a wall screen must not change language by itself),
/// English on request; the choice is kept in the culture cookie.
/// </summary>
public static class Localization
{
    public static readonly string[] Cultures = ["zh-CN", "en"];

    public static RequestLocalizationOptions Options { get; } = Create();

    private static RequestLocalizationOptions Create()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Cultures[0])
            .AddSupportedCultures(Cultures)
            .AddSupportedUICultures(Cultures);
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        return options;
    }

    /// <summary>The link that switches to the other language and comes back to <paramref name="navigation"/>'s page.</summary>
    public static string SwitchHref(NavigationManager navigation)
    {
        var other = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? "en" : "zh-CN";
        var returnUrl = "/" + navigation.ToBaseRelativePath(navigation.Uri);
        return $"culture/{other}?returnUrl={Uri.EscapeDataString(returnUrl)}";
    }

    /// <summary><c>GET /culture/{culture}?returnUrl=/x</c> stores the choice in the culture cookie and goes back.</summary>
    public static void MapLocalizationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!Cultures.Contains(culture, StringComparer.OrdinalIgnoreCase))
                return Results.Problem($"Unsupported culture '{culture}'; use zh-CN or en.", statusCode: 400);
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(culture))),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(LocalReturnUrl.OrRoot(returnUrl));
        }).AllowAnonymous();
    }
}
