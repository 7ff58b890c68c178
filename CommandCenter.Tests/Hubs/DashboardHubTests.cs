using System.Net.Http.Json;
using System.Threading.Channels;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Hubs;
using CommandCenter.Security;
using CommandCenter.Testing;
using CommandCenter.Tests.Security;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Hubs;

public sealed class DashboardHubTests
{
    /// <summary>A hub client over the test server's handler, authenticated with a read-scope API key.</summary>
    internal static async Task<(HubConnection Connection, ChannelReader<DashboardSnapshot> Snapshots)> ConnectAsync(
        Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string apiKey)
    {
        var channel = Channel.CreateUnbounded<DashboardSnapshot>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, DashboardHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["X-Api-Key"] = apiKey;
            })
            .AddJsonProtocol(o => CommandCenter.Apis.DashboardApi.Configure(o.PayloadSerializerOptions))
            .Build();
        connection.On<DashboardSnapshot>(DashboardHub.SnapshotMethod, s => channel.Writer.TryWrite(s));
        await connection.StartAsync();
        return (connection, channel.Reader);
    }

    internal static async Task<DashboardSnapshot> NextAsync(ChannelReader<DashboardSnapshot> reader, Func<DashboardSnapshot, bool> until, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            var snapshot = await reader.ReadAsync(timeout.Token);
            if (until(snapshot)) return snapshot;
        }
    }

    internal static async Task SeedReferenceAsync(IServiceProvider services)
    {
        await using var connection = await services.GetRequiredService<CommandCenter.Data.DbConnectionFactory>().OpenAsync();
        await new TestCity()
            .District(id: 1).Street("S01", "济阳街道", id: 2)
            .Department("municipal", "市政", id: 1)
            .Category("manhole", "井盖", CategoryKind.Component, hours: 48, urgentHours: 4, "municipal", id: 1)
            .WriteAsync(connection);
        services.GetRequiredService<ReferenceCatalog>().Invalidate();
    }

    internal static NewCase NewCase(string phone) => new(null, CaseSource.Hotline, 1, 2, null, "井盖缺失", null, null, null, phone, true, DateTime.UtcNow);

    [Fact]
    public async Task Hub_CasePostedThroughTheApi_ClientReceivesTheNewSnapshot()
    {
        using var factory = new LiveAppFactory();
        await SeedReferenceAsync(factory.Services);
        var key = (await factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("hub-reader", [ApiScopes.Read]))!;
        var (connection, snapshots) = await ConnectAsync(factory, key);
        await using var _ = connection;
        var first = await NextAsync(snapshots, _ => true, TimeSpan.FromSeconds(30));

        var ingest = factory.CreateClient();
        ingest.DefaultRequestHeaders.Add("X-Api-Key", await factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("hub-writer", [ApiScopes.Ingest]));
        var posted = await ingest.PostAsJsonAsync("/api/v1/cases", new
        {
            externalId = "hotline-hub-1", source = "hotline", categoryCode = "manhole", regionCode = "S01",
            description = "井盖缺失", reporterPhone = "13812345678", isUrgent = true,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, posted.StatusCode);
        var next = await NextAsync(snapshots, s => s.Today.Reported.Value == first.Today.Reported.Value + 1, TimeSpan.FromSeconds(20));

        Assert.True(next.Version > first.Version);
        var latest = Assert.Single(next.LatestEvents);
        Assert.Equal("report", latest.Type);
        Assert.Equal("138****5678", latest.MaskedPhone);
        Assert.DoesNotContain("13812345678", System.Text.Json.JsonSerializer.Serialize(next));
    }

    [Fact]
    public async Task Hub_WithoutCredentials_IsRefused()
    {
        using var factory = new LiveAppFactory();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, DashboardHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }
}

/// <summary>The app on a temp SQLite file with a fast change-feed poll; demo city and simulator off.</summary>
public sealed class LiveAppFactory(string? file = null, IDictionary<string, string?>? settings = null)
    : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
{
    public string File { get; } = file ?? Path.Combine(Path.GetTempPath(), $"cc-live-{Guid.NewGuid():N}.db");
    private readonly bool _ownsFile = file is null;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CommandCenter", $"Data Source={File}");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Simulator:Enabled", "false");
        builder.UseSetting("Security:CacheDuration", "00:00:00");
        builder.UseSetting("LiveFeed:PollIntervalMs", "100");
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(k, v);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!_ownsFile) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { File, File + "-wal", File + "-shm" })
            try { System.IO.File.Delete(f); } catch (IOException) { }
    }
}
