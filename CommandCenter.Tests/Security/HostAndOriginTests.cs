using System.Net;
using CommandCenter.Hubs;
using CommandCenter.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Security;

/// <summary>
/// The Host header, redirects, trusted proxies, Secure cookies and the Origin of circuit and hub requests, through the test
/// server with the shipped appsettings.json (AllowedHosts: localhost, 127.0.0.1, [::1]).
/// </summary>
public sealed class HostAndOriginTests : IClassFixture<SecurityAppFactory>
{
    private const string TrustedProxy = "10.0.0.5";
    private readonly SecurityAppFactory _factory;

    public HostAndOriginTests(SecurityAppFactory factory) => _factory = factory;

    /// <summary>The app with extra settings (added last, so they win over appsettings.json).</summary>
    private WebApplicationFactory<Program> With(params (string Key, string Value)[] settings) =>
        _factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) =>
            c.AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value))));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/login")]
    [InlineData("GET", "/schedule")]
    [InlineData("GET", "/api/v1/dashboard")]
    [InlineData("POST", "/login")]
    [InlineData("GET", "/culture/en?returnUrl=/schedule")]
    public async Task ForeignHost_Is400AndNeverInALocation(string method, string path)
    {
        var client = _factory.NewClient();

        using var response = await SendAsync(client, new HttpMethod(method), "http://evil.example" + path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("evil.example", response.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("http://localhost/schedule")]
    [InlineData("http://127.0.0.1/schedule")]
    public async Task AllowedHost_IsServed(string url)
    {
        using var response = await _factory.NewClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fschedule", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnyHostAllowed_TheLoginRedirectIsStillRelative()
    {
        using var app = With(("AllowedHosts", "*"));

        using var response = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync("http://evil.example/schedule");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fschedule", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/%09/evil.example/")]
    [InlineData("/%0d%0a/evil.example/")]
    [InlineData("/%0a/evil.example")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task CultureSwitch_ReturnUrlLeavingTheSite_GoesToTheRoot(string returnUrl)
    {
        using var response = await _factory.NewClient().GetAsync($"/culture/en?returnUrl={returnUrl}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    /// <summary>Sends a GET as if from <paramref name="remoteIp"/> (the test server has no network), optionally through a TLS proxy.</summary>
    private static Task<HttpContext> GetFromAsync(WebApplicationFactory<Program> app, string path, string query, string remoteIp, bool forwardedHttps) =>
        app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("localhost");
            c.Request.Path = path;
            c.Request.QueryString = new QueryString(query);
            c.Connection.RemoteIpAddress = IPAddress.Parse(remoteIp);
            if (forwardedHttps)
            {
                c.Request.Headers["X-Forwarded-Proto"] = "https";
                c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
            }
        });

    /// <summary>Every cookie the app sets: the culture cookie, the antiforgery cookie of the sign-in form, a wall screen's session.</summary>
    private async Task<List<string>> CookiesSetAsync(WebApplicationFactory<Program> app, string remoteIp, bool forwardedHttps)
    {
        var token = await app.Services.GetRequiredService<DisplayDeviceStore>().CreateAsync($"cookie-{Guid.NewGuid():N}");
        var cookies = new List<string>();
        foreach (var (path, query) in new[] { ("/culture/en", "?returnUrl=/"), ("/login", ""), ("/wall", $"?device={token}") })
        {
            var context = await GetFromAsync(app, path, query, remoteIp, forwardedHttps);
            var set = context.Response.Headers.SetCookie.Select(c => c!).ToList();
            Assert.True(set.Count > 0, $"{path} set no cookie");
            cookies.AddRange(set);
        }
        Assert.Contains(cookies, c => c.StartsWith(".CommandCenter.Auth=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        return cookies;
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task ForwardedHttps_FromTheTrustedProxy_EveryCookieIsSecure()
    {
        using var app = With(("ForwardedHeaders:KnownProxies:0", TrustedProxy));

        var cookies = await CookiesSetAsync(app, TrustedProxy, forwardedHttps: true);

        Assert.All(cookies, c => Assert.True(IsSecure(c), c));
    }

    [Fact]
    public async Task ForwardedHttps_FromAnUntrustedAddress_IsIgnored()
    {
        using var app = With(("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/30"));

        var cookies = await CookiesSetAsync(app, "10.0.0.9", forwardedHttps: true);

        Assert.All(cookies, c => Assert.False(IsSecure(c), c));
    }

    [Fact]
    public async Task ForwardedHttps_NoProxyConfigured_IsIgnored()
    {
        var cookies = await CookiesSetAsync(_factory, TrustedProxy, forwardedHttps: true);

        Assert.All(cookies, c => Assert.False(IsSecure(c), c));
    }

    [Fact]
    public async Task CookieSecurePolicyAlways_EveryCookieIsSecureEvenOnHttp()
    {
        using var app = With(("Security:CookieSecurePolicy", "Always"));

        var cookies = await CookiesSetAsync(app, "10.0.0.9", forwardedHttps: false);

        Assert.All(cookies, c => Assert.True(IsSecure(c), c));
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("https://localhost:8443", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:1234", HttpStatusCode.Forbidden)]
    [InlineData("https://localhost", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task HubNegotiate_OriginOfAnotherSite_Is403(string? origin, HttpStatusCode expected)
    {
        var client = _factory.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await _factory.Service<ApiKeyStore>().CreateAsync($"hub-{Guid.NewGuid():N}", [ApiScopes.Read]));

        using var response = await SendAsync(client, HttpMethod.Post, DashboardHub.Path + "/negotiate?negotiateVersion=1", origin);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task CircuitNegotiate_OriginOfAnotherSite_Is403(string? origin, HttpStatusCode expected)
    {
        var client = await _factory.SignedInClientAsync($"origin-{Guid.NewGuid():N}"[..20], Roles.Staff);

        using var response = await SendAsync(client, HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", origin);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task OriginCheck_AppliesBeforeSignIn()
    {
        using var response = await SendAsync(_factory.NewClient(), HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", "http://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("https://cc.example.org", HttpStatusCode.OK)]
    [InlineData("https://CC.example.org", HttpStatusCode.OK)]
    [InlineData("https://cc.example.org:8443", HttpStatusCode.Forbidden)]
    [InlineData("http://cc.example.org", HttpStatusCode.Forbidden)]
    [InlineData("https://sub.cc.example.org", HttpStatusCode.Forbidden)]
    public async Task HubNegotiate_AllowedOrigins_AdmitsExactlyThoseOrigins(string origin, HttpStatusCode expected)
    {
        using var app = With(("Security:AllowedOrigins:0", "https://cc.example.org"));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await _factory.Service<ApiKeyStore>().CreateAsync($"hub-{Guid.NewGuid():N}", [ApiScopes.Read]));

        using var response = await SendAsync(client, HttpMethod.Post, DashboardHub.Path + "/negotiate?negotiateVersion=1", origin);

        Assert.Equal(expected, response.StatusCode);
    }
}
