using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Security;
using CommandCenter.Tests.Hubs;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Features.Live;

/// <summary>
/// A database outage: walls get a stale snapshot within 5 s, <c>/health</c> is Unhealthy, the host keeps answering, and it heals
/// by itself.
/// </summary>
public sealed class LiveFeedOutageTests
{
    [Fact]
    public async Task Feed_DatabaseFolderRenamedAway_TurnsStaleKeepsServingAndRecovers()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cc-outage-{Guid.NewGuid():N}");
        var away = folder + "-away";
        Directory.CreateDirectory(folder);
        try
        {
            // The default connection string: pooled connections keep the moved file open, and must not be trusted for it.
            using var factory = new LiveAppFactory(settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:CommandCenter"] = $"Data Source={Path.Combine(folder, "cc.db")}",
                // The key's cache runs out during the outage: the key keeps its last known answer, not a 500.
                ["Security:CacheDuration"] = "00:00:01",
            });
            var key = await factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("outage-reader", [ApiScopes.Read]);
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            var fresh = await WaitForAsync(client, s => !s.GetProperty("stale").GetBoolean(), TimeSpan.FromSeconds(30));
            Assert.Equal("Healthy", await client.GetStringAsync("/health"));

            Directory.Move(folder, away);
            var stale = await WaitForAsync(client, s => s.GetProperty("stale").GetBoolean(), TimeSpan.FromSeconds(5));
            Assert.Equal("database unreachable", stale.GetProperty("staleReason").GetString());
            Assert.Equal(fresh.GetProperty("lastEventId").GetInt64(), stale.GetProperty("lastEventId").GetInt64());
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var later = await client.GetAsync("/api/v1/dashboard");
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
            Assert.True((await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stale").GetBoolean());
            using var stranger = factory.CreateClient();
            stranger.DefaultRequestHeaders.Add("X-Api-Key", "a-key-this-node-never-saw");
            var unknown = await stranger.GetAsync("/api/v1/dashboard");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unknown.StatusCode);
            Assert.Contains("unreachable", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());

            Directory.Move(away, folder);
            var recovered = await WaitForAsync(client, s => !s.GetProperty("stale").GetBoolean(), TimeSpan.FromSeconds(5));
            Assert.True(recovered.GetProperty("version").GetInt64() > stale.GetProperty("version").GetInt64());
            Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        }
        finally
        {
            if (Directory.Exists(away)) Directory.Move(away, folder);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, Func<JsonElement, bool> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var response = await client.GetAsync("/api/v1/dashboard");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var snapshot = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (condition(snapshot)) return snapshot;
            }
            else Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            if (DateTime.UtcNow > until) Assert.Fail($"condition not met within {within.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
