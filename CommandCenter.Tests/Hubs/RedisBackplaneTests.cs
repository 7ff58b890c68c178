using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CommandCenter.Features.Cases;
using CommandCenter.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CommandCenter.Tests.Hubs;

/// <summary>Runs where redis-server is installed (test.sh installs it); elsewhere skipped with the reason shown.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public const string Server = "/usr/bin/redis-server";

    public RedisFactAttribute()
    {
        if (!File.Exists(Server)) Skip = "redis-server is not installed (test.sh installs it): the two-node backplane test needs it.";
    }
}

/// <summary>Two nodes on one database with a Redis backplane on loopback: each tails the feed, clients of either see every write.</summary>
public sealed class RedisBackplaneTests(ITestOutputHelper output)
{
    [RedisFact]
    public async Task TwoNodes_EventWrittenOnNodeA_ReachesAHubClientOnNodeB()
    {
        var port = AppLaunch.FreePort();
        using var redis = Process.Start(new ProcessStartInfo(RedisFactAttribute.Server,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            await WaitForPortAsync(port);
            var file = Path.Combine(Path.GetTempPath(), $"cc-two-nodes-{Guid.NewGuid():N}.db");
            var settings = new Dictionary<string, string?> { ["Redis:Configuration"] = $"127.0.0.1:{port}" };
            using var nodeA = new LiveAppFactory(file, settings);
            await DashboardHubTests.SeedReferenceAsync(nodeA.Services);
            using var nodeB = new LiveAppFactory(file, settings);
            var key = (await nodeB.Services.GetRequiredService<ApiKeyStore>().CreateAsync("node-b-reader", [ApiScopes.Read]))!;

            var (connection, snapshots) = await DashboardHubTests.ConnectAsync(nodeB, key);
            await using var _ = connection;
            var first = await DashboardHubTests.NextAsync(snapshots, _ => true, TimeSpan.FromSeconds(30));
            await nodeA.Services.GetRequiredService<CaseService>().CreateAsync(DashboardHubTests.NewCase("13900001234"), "node-a");
            var next = await DashboardHubTests.NextAsync(snapshots,
                s => s.Today.Reported.Value == first.Today.Reported.Value + 1, TimeSpan.FromSeconds(10));

            Assert.Equal("139****1234", next.LatestEvents[0].MaskedPhone);
            // Both nodes talk to the backplane: SignalR's channels are on this Redis.
            var channels = await RedisCliAsync(port, "PUBSUB", "CHANNELS", "CommandCenter*");
            output.WriteLine(channels);
            Assert.Contains("CommandCenter", channels);
        }
        finally
        {
            redis.Kill();
            await redis.WaitForExitAsync();
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        Assert.Fail($"redis-server did not listen on {port}");
    }

    private static async Task<string> RedisCliAsync(int port, params string[] args)
    {
        using var cli = Process.Start(new ProcessStartInfo("/usr/bin/redis-cli", ["-p", port.ToString(), .. args])
        {
            RedirectStandardOutput = true,
        })!;
        var text = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return text;
    }
}
