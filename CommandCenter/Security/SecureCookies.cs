namespace CommandCenter.Security;

/// <summary>
/// The Secure flag of every cookie the app sets (session and display cookie, antiforgery, language), in one place: the
/// cookie policy applies <see cref="SecurityOptions.CookieSecurePolicy"/> to each cookie as it is written. SameAsRequest
/// marks them Secure over HTTPS (behind a TLS proxy, once <see cref="TrustedProxies"/> names it); Always marks them Secure
/// even on plain http (then the browser keeps them for https only).
/// </summary>
public static class SecureCookies
{
    public static void AddSecureCookies(this IServiceCollection services)
    {
        services.AddOptions<CookiePolicyOptions>().Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>(
            (cookies, security) => cookies.Secure = security.Value.CookieSecurePolicy);
    }
}
