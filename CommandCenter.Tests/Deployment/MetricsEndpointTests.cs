using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CommandCenter.Features.Operations;
using CommandCenter.Hubs;
using CommandCenter.Security;
using CommandCenter.Tests.Apis;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommandCenter.Tests.Deployment;

/// <summary>
/// <c>/metrics</c> (<see cref="OperationsExtensions"/>): Prometheus' text format for an API key with the <c>metrics</c> scope
/// only, as X-Api-Key or as a bearer token; after cases posted, a hub client connected and the feed read, every instrument
/// of <see cref="OperationsMetrics"/> is listed with a plausible value. The instruments are per process and the tests of
/// this process run side by side, so counts are checked as at least what this test caused. The snapshot gauges read the
/// newest app of the process (production runs one), so this class runs alone, after the others: another class's app started
/// later, with an empty working set, would otherwise answer for it.
/// </summary>
[Collection(ProcessMetricsCollection.Name)]
public sealed class MetricsEndpointTests : IClassFixture<IntakeAppFactory>
{
    private readonly IntakeAppFactory _factory;

    public MetricsEndpointTests(IntakeAppFactory factory) => _factory = factory;

    [Fact]
    public async Task Metrics_WithoutTheMetricsScope_IsRefused()
    {
        using var anonymous = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var reader = await _factory.KeyClientAsync($"read-{Guid.NewGuid():N}", ApiScopes.Read, ApiScopes.Ingest);
        using var scraper = await _factory.KeyClientAsync($"prometheus-{Guid.NewGuid():N}", ApiScopes.Metrics);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(OperationsExtensions.MetricsPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync(OperationsExtensions.MetricsPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync(OperationsExtensions.MetricsPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scraper.GetAsync("/api/v1/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterCasesAndAHubClient_ListsEveryInstrumentWithPlausibleValues()
    {
        var key = await _factory.Service<ApiKeyStore>().CreateAsync($"prometheus-{Guid.NewGuid():N}", [ApiScopes.Metrics]);
        using var scraper = _factory.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new("Bearer", key);
        using var ingest = await _factory.IngestClientAsync();
        var readKey = await _factory.Service<ApiKeyStore>().CreateAsync($"hub-{Guid.NewGuid():N}", [ApiScopes.Read]);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, DashboardHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["X-Api-Key"] = readKey!;
            })
            .Build();
        await hub.StartAsync();

        var before = Parse(await scraper.GetStringAsync(OperationsExtensions.MetricsPath));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await ingest.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody())).StatusCode);

        // The tailer folds the three reports within a poll or two.
        var after = before;
        for (var wait = 0; wait < 200 && Sum(after, "commandcenter_events_folded_total") < Sum(before, "commandcenter_events_folded_total") + 3; wait++)
        {
            await Task.Delay(100);
            after = Parse(await scraper.GetStringAsync(OperationsExtensions.MetricsPath));
        }

        Assert.True(Sum(after, "commandcenter_intake_cases_total") >= Sum(before, "commandcenter_intake_cases_total") + 3);
        Assert.True(Sum(after, "commandcenter_events_folded_total") >= Sum(before, "commandcenter_events_folded_total") + 3);
        Assert.True(Sum(after, "commandcenter_hub_clients") >= 1);
        Assert.True(Sum(after, "commandcenter_circuits_live") >= 0);
        var age = Sum(after, "commandcenter_snapshot_age_seconds");
        Assert.InRange(age, 0, 60);
        // At least the metrics' own subscription (and the hub's broadcast: a hub client is connected).
        Assert.True(Sum(after, "commandcenter_snapshot_subscribers") >= 1);
        // The working set holds at least the three cases just reported.
        Assert.True(Sum(after, "commandcenter_snapshot_cases_held") >= 3);
        Assert.True(Sum(after, "commandcenter_snapshot_publish_latency_seconds_count") >= 1);
        Assert.True(Sum(after, "commandcenter_db_feed_read_duration_seconds_count") > Sum(before, "commandcenter_db_feed_read_duration_seconds_count"));
        Assert.Contains(after.Keys, s => s.StartsWith("commandcenter_db_errors_total{", StringComparison.Ordinal) && s.Contains("where=\"feed\""));
        Assert.Contains(after.Keys, s => s.StartsWith("commandcenter_db_errors_total{", StringComparison.Ordinal) && s.Contains("where=\"request\""));
        Assert.Contains(after.Keys, s => s.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal));
    }

    /// <summary>Prometheus' text format: each sample line's series (name and labels) and value (a timestamp may follow).</summary>
    private static Dictionary<string, double> Parse(string text) =>
        text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line =>
            {
                var end = line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' ');
                return (Series: line[..end], Value: line[(end + 1)..].Split(' ')[0]);
            })
            // Several apps in this test process: the framework's per-app meters can repeat a series; added up.
            .GroupBy(s => s.Series)
            .ToDictionary(g => g.Key, g => g.Sum(s => double.Parse(s.Value, CultureInfo.InvariantCulture)));

    /// <summary>The sum over every series of <paramref name="name"/> (whatever its labels).</summary>
    private static double Sum(Dictionary<string, double> samples, string name) =>
        samples.Where(s => s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)).Sum(s => s.Value);
}

/// <summary>Tests that read the process-wide snapshot gauges of <see cref="OperationsMetrics"/>: run with no other app alive.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMetricsCollection
{
    public const string Name = "Process-wide metrics";
}
