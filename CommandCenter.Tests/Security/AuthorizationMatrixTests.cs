using System.Net;
using CommandCenter.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CommandCenter.Tests.Security;

/// <summary>
/// Every endpoint the app maps (pages, minimal APIs, hubs) against anonymous, each role, a display device and API keys.
/// An endpoint with neither a policy nor a place on the anonymous allow-list fails this test.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>Anonymous on purpose (static assets are recognised by their file name).</summary>
    private static readonly HashSet<string> AnonymousAllowList =
        ["/login", "/device-revoked", "/not-found", "/Error", "/culture/{culture}", "/health"];

    /// <summary>Framework endpoints without metadata; the fallback policy (authenticated caller) closes them.</summary>
    private static readonly HashSet<string> ClosedByFallback = ["{**path:file}"];

    /// <summary>Which callers satisfy each policy of Security/Policies.cs (no PII holder in this matrix).</summary>
    private static readonly Dictionary<string, string[]> Satisfies = new()
    {
        [Policies.Admin] = [Roles.Admin],
        [Policies.SignedIn] = Roles.People,
        [Policies.Wall] = Roles.All,
        [Policies.ScheduleEdit] = [Roles.Admin, Roles.Scheduler, Roles.Leader],
        [Policies.Pii] = [],
        [Policies.ApiIngest] = ["key:ingest"],
        [Policies.ApiRead] = [.. Roles.People, "key:read"],
        [Policies.LiveFeed] = [.. Roles.All, "key:read"],
        [Policies.Metrics] = ["key:metrics"],
    };

    private static readonly string[] Callers = [.. Roles.All, "key:read", "key:ingest", "key:metrics"];

    [Fact]
    public async Task EveryEndpoint_AnonymousAndEachRole_GetsWhatItsPolicySays()
    {
        using var factory = new SecurityAppFactory();
        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = factory.NewClient() };
        foreach (var role in Roles.People)
            clients[role] = await factory.SignedInClientAsync($"matrix-{role.ToLowerInvariant()}", role);
        clients[Roles.Display] = (await factory.DisplayClientAsync("matrix-screen")).Client;
        foreach (var scope in ApiScopes.All)
        {
            var client = factory.NewClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", await factory.Service<ApiKeyStore>().CreateAsync($"matrix-{scope}", [scope]));
            clients[$"key:{scope}"] = client;
        }

        var endpoints = factory.Service<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/admin/users");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/reference");
        Assert.All(["/api/v1/cases", "/api/v1/cases/{caseNo}", "/api/v1/cases/{caseNo}/events", "/api/v1/patrols", "/api/{documentName}/openapi.json"],
            route => Assert.Contains(endpoints, e => e.RoutePattern.RawText == route));
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/reports/monthly/{month}.xlsx");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/reports/monthly/{month}.csv");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/reports/{Month}/print");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/schedule/{week}.xlsx");
        var failures = new List<string>();

        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (anonymous)
            {
                if (!AnonymousAllowList.Contains(pattern) && !IsStaticAsset(pattern)) failures.Add($"{pattern}: anonymous but not on the allow-list");
                continue;
            }
            if (policies.Count == 0 && !ClosedByFallback.Contains(pattern))
            {
                failures.Add($"{pattern}: no authorization policy");
                continue;
            }
            if (policies.Any(p => p is null || !Satisfies.ContainsKey(p)))
            {
                failures.Add($"{pattern}: unknown policy {string.Join(',', policies)}");
                continue;
            }
            if (Request(endpoint) is not { } request) continue;

            foreach (var (caller, client) in clients)
            {
                using var response = await client.SendAsync(request());
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.OriginalString ?? "";
                if (caller == "anonymous")
                {
                    var ok = IsApi(pattern) ? status == 401 : status == 302 && location.Contains("/login", StringComparison.Ordinal);
                    if (!ok) failures.Add($"{pattern} anonymous: {status} {location}");
                    continue;
                }
                var allowed = policies.Count == 0 || policies.All(p => Satisfies[p!].Contains(caller));
                var denied = status is 401 or 403 || location.Contains("/login", StringComparison.Ordinal);
                if (allowed == denied) failures.Add($"{pattern} {caller}: expected {(allowed ? "allowed" : "403")}, got {status} {location}");
                if (!allowed && status != 403) failures.Add($"{pattern} {caller}: denied with {status}, expected 403");
            }
        }
        Assert.Empty(failures);
    }

    private static bool IsApi(string pattern) => pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.StartsWith("/hubs/", StringComparison.Ordinal)
                                                 || pattern == "/metrics";

    private static bool IsStaticAsset(string pattern) =>
        !pattern.Contains('{') && pattern.Split('/').Last().Contains('.');

    /// <summary>A request that reaches the endpoint: GET where it answers GET, else POST; route values filled with samples.</summary>
    private static Func<HttpRequestMessage>? Request(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern;
        if (pattern.Parameters.Any(p => p.IsCatchAll)) return () => new HttpRequestMessage(HttpMethod.Get, "/no-such-file.txt");
        var path = "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => Sample(parameter.Name),
            _ => "",
        }))));
        if (path.StartsWith("/_blazor", StringComparison.Ordinal))
            return path == "/_blazor/negotiate" ? () => new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1") : null;
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
        var method = methods.Contains("GET") ? HttpMethod.Get : HttpMethod.Post;
        return () => new HttpRequestMessage(method, path)
        {
            Content = method == HttpMethod.Post ? new FormUrlEncodedContent([]) : null,
        };
    }

    private static string Sample(string parameter) => parameter switch
    {
        "culture" => "en",
        "week" or "Week" => "2026-W47",
        _ => "sample",
    };
}
