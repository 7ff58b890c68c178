using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// The reverse proxies (TLS terminators, load balancers) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// believed: <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges).
/// Off while both are empty, so a client cannot pass itself off as HTTPS or as another address by sending the headers.
/// Behind a TLS proxy this is what makes the request HTTPS again, so cookies are Secure and redirects keep https.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    public static void AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var proxies = Parse<IPAddress>(configuration, "KnownProxies", IPAddress.TryParse);
            var networks = Parse<System.Net.IPNetwork>(configuration, "KnownNetworks", System.Net.IPNetwork.TryParse);
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what the configuration names is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        }).ValidateOnStart();
    }

    /// <summary>First in the pipeline, so HTTPS redirection, cookies and the origin check see the client's scheme.</summary>
    public static void UseTrustedProxies(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        if (options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0) app.UseForwardedHeaders();
    }

    private delegate bool TryParser<T>(string text, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value);

    private static List<T> Parse<T>(IConfiguration configuration, string key, TryParser<T> tryParse)
    {
        var values = new List<T>();
        foreach (var text in configuration.GetSection($"{Section}:{key}").Get<string[]>() ?? [])
        {
            if (!tryParse(text.Trim(), out var value))
                throw new InvalidOperationException($"{Section}:{key}: '{text}' is not {(typeof(T) == typeof(IPAddress) ? "an IP address" : "a CIDR range such as 10.0.0.0/24")}.");
            values.Add(value);
        }
        return values;
    }
}
