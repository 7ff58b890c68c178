using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using CommandCenter.Apis;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Hubs;
using CommandCenter.Tests.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CommandCenter.Tests.Deployment;

/// <summary>Runs where nginx and redis-server are installed (test.sh installs them); elsewhere skipped with the reason shown.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public const string Nginx = "/usr/sbin/nginx";

    public NginxFactAttribute()
    {
        if (!File.Exists(Nginx) || !File.Exists(RedisFactAttribute.Server))
            Skip = "nginx or redis-server is not installed (test.sh installs them): the two-node test behind nginx needs both.";
    }
}

/// <summary>
/// Two app processes in Production on one SQLite file with the Redis backplane, behind nginx on loopback configured by the
/// repository's own <c>deploy/nginx.conf</c> (TLS with a throw-away certificate, WebSockets, forwarded headers, sticky by
/// address): a wall and a hub client come in through nginx; a case posted straight to the node that does not hold them
/// reaches both; then their node is killed, and both find the other node by themselves and see the next case.
/// Which node nginx picked is read from each node's <c>/metrics</c> (<c>commandcenter_circuits_live</c>).
/// </summary>
public sealed partial class TwoNodesBehindNginxTests(ITestOutputHelper output)
{
    [NginxFact]
    public async Task WallAndHubClientBehindNginx_SeeTheOtherNodesWrites_AndMoveToItWhenTheirNodeDies()
    {
        var root = Path.Combine(Path.GetTempPath(), $"cc-nginx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var redisPort = AppLaunch.FreePort();
        using var redis = Process.Start(new ProcessStartInfo(RedisFactAttribute.Server,
            ["--port", redisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true })!;
        Process? nginx = null;
        IPlaywright? playwright = null;
        IBrowser? browser = null;
        string[] shared =
        [
            $"--ConnectionStrings:CommandCenter=Data Source={Path.Combine(root, "shared.db")}",
            $"--DataProtection:KeysPath={Path.Combine(root, "shared-keys")}",
            $"--Redis:Configuration=127.0.0.1:{redisPort}",
            "--ForwardedHeaders:KnownProxies:0=127.0.0.1",
            "--Demo:Enabled=true", "--Demo:HistoryDays=20", "--Demo:CasesPerDay=20", "--Demo:SatisfactionMonths=2",
            "--LiveFeed:PollIntervalMs=200", "--Wall:StaleAfterSeconds=86400", "--Wall:OverdueAlertThreshold=100000",
        ];
        await using var nodeA = new AppProcess("Production", Path.Combine(root, "a"), shared);
        await using var nodeB = new AppProcess("Production", Path.Combine(root, "b"), shared);
        try
        {
            var token = DeviceToken().Match(await CliAsync(nodeA, "display", "add", "hall-left")).Value;
            var key = ApiKey().Match(await CliAsync(nodeA, "apikey", "create", "two-nodes", "--scopes", "ingest,read,metrics")).Value;
            // One after the other: the first start seeds the demo city into the shared file.
            await nodeA.StartAsync();
            await nodeB.StartAsync();
            var (proxy, httpsPort) = await StartNginxAsync(root, nodeA.Port, nodeB.Port);
            nginx = proxy;
            var publicUrl = $"https://127.0.0.1:{httpsPort}";

            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                IgnoreHTTPSErrors = true,
                ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{publicUrl}/wall/overview?device={token}");
            await page.WaitForSelectorAsync(".wall-screen[data-version][data-live]");
            var (connection, snapshots) = await ConnectHubAsync(publicUrl, key);
            await using var _ = connection;
            var first = await DashboardHubTests.NextAsync(snapshots, _ => true, TimeSpan.FromSeconds(30));

            // nginx is sticky by address: the wall and the hub client, both from 127.0.0.1, are on one node.
            AppProcess? held = null;
            await UntilAsync(async () =>
            {
                var (onA, onB) = (await CircuitsAsync(nodeA, key), await CircuitsAsync(nodeB, key));
                held = (onA, onB) switch { (1, 0) => nodeA, (0, 1) => nodeB, _ => null };
                return held is not null;
            });
            var other = held == nodeA ? nodeB : nodeA;
            output.WriteLine($"nginx put the wall on node {(held == nodeA ? "A" : "B")}");

            var description = $"两节点 {Guid.NewGuid():N}";
            await PostCaseAsync(other, key, description);
            await WallShowsAsync(page, description);
            await DashboardHubTests.NextAsync(snapshots, s => s.Today.Reported.Value >= first.Today.Reported.Value + 1, TimeSpan.FromSeconds(15));

            held!.Kill();
            // The circuit is gone with its node: the wall goes offline, reconnects through nginx to the other node, which
            // does not know the circuit, and reloads itself there; the hub client reconnects there by itself.
            await page.WaitForFunctionAsync("() => document.documentElement.classList.contains('cc-offline')", null,
                new PageWaitForFunctionOptions { Timeout = 30000 });
            await page.WaitForFunctionAsync("""
                () => !document.documentElement.classList.contains('cc-offline') && document.querySelector('.wall-screen[data-version][data-live]') !== null
                """, null, new PageWaitForFunctionOptions { Timeout = 60000, PollingInterval = 200 });
            await UntilAsync(async () => await CircuitsAsync(other, key) == 1);
            await UntilAsync(() => Task.FromResult(connection.State == HubConnectionState.Connected));
            var reported = (await DashboardHubTests.NextAsync(snapshots, _ => true, TimeSpan.FromSeconds(30))).Today.Reported.Value;

            var afterFailover = $"接管后 {Guid.NewGuid():N}";
            await PostCaseAsync(other, key, afterFailover);
            await WallShowsAsync(page, afterFailover);
            await DashboardHubTests.NextAsync(snapshots, s => s.Today.Reported.Value >= reported + 1, TimeSpan.FromSeconds(15));
        }
        catch
        {
            output.WriteLine($"node A:\n{nodeA.Log}\nnode B:\n{nodeB.Log}");
            if (File.Exists(Path.Combine(root, "error.log"))) output.WriteLine($"nginx:\n{await File.ReadAllTextAsync(Path.Combine(root, "error.log"))}");
            throw;
        }
        finally
        {
            if (browser is not null) await browser.DisposeAsync();
            playwright?.Dispose();
            // The master and its worker: killing the master alone leaves the worker running after the test.
            if (nginx is { HasExited: false })
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync();
            }
            nginx?.Dispose();
            redis.Kill();
            await redis.WaitForExitAsync();
            nodeA.Kill();
            nodeB.Kill();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// nginx with <c>deploy/nginx.conf</c> as shipped, but for where it runs: the two nodes' addresses, loopback ports, and a
    /// self-signed certificate. Every replaced line must be found, so a change to the file's shape fails here.
    /// </summary>
    private static async Task<(Process Nginx, int HttpsPort)> StartNginxAsync(string root, int nodeA, int nodeB)
    {
        var (httpPort, httpsPort) = (AppLaunch.FreePort(), AppLaunch.FreePort());
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(root, "tls.crt"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(root, "tls.key"), rsa.ExportPkcs8PrivateKeyPem());
        }
        var site = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "nginx.conf"));
        foreach (var (from, to) in new[]
                 {
                     ("server 10.20.0.30:5000", $"server 127.0.0.1:{nodeA}"),
                     ("server 10.20.0.31:5000", $"server 127.0.0.1:{nodeB}"),
                     ("listen 80;", $"listen 127.0.0.1:{httpPort};"),
                     ("listen [::]:80;", ""),
                     ("listen 443 ssl http2;", $"listen 127.0.0.1:{httpsPort} ssl http2;"),
                     ("listen [::]:443 ssl http2;", ""),
                     ("/etc/nginx/tls/cc.city.gov.cn.crt", Path.Combine(root, "tls.crt")),
                     ("/etc/nginx/tls/cc.city.gov.cn.key", Path.Combine(root, "tls.key")),
                 })
        {
            Assert.Contains(from, site);
            site = site.Replace(from, to);
        }
        await File.WriteAllTextAsync(Path.Combine(root, "site.conf"), site);
        Directory.CreateDirectory(Path.Combine(root, "nginx-temp"));
        var temp = Path.Combine(root, "nginx-temp");
        await File.WriteAllTextAsync(Path.Combine(root, "nginx-main.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{Path.Combine(root, "nginx.pid")}};
            error_log {{Path.Combine(root, "error.log")}} warn;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{Path.Combine(root, "site.conf")}};
            }
            """);
        var nginx = Process.Start(new ProcessStartInfo(NginxFactAttribute.Nginx, ["-p", root, "-c", Path.Combine(root, "nginx-main.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        await UntilAsync(async () =>
        {
            Assert.False(nginx.HasExited, $"nginx exited: {await nginx.StandardError.ReadToEndAsync()}");
            try
            {
                return (await http.GetAsync($"https://127.0.0.1:{httpsPort}/health")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        return (nginx, httpsPort);
    }

    /// <summary>A hub client through nginx (WebSockets over TLS) that reconnects by itself, as another system's would.</summary>
    private static async Task<(HubConnection, ChannelReader<DashboardSnapshot>)> ConnectHubAsync(string publicUrl, string key)
    {
        var snapshots = Channel.CreateUnbounded<DashboardSnapshot>();
        var connection = new HubConnectionBuilder()
            .WithUrl($"{publicUrl}{DashboardHub.Path}", o =>
            {
                o.Headers["X-Api-Key"] = key;
                o.Transports = HttpTransportType.WebSockets;
                o.HttpMessageHandlerFactory = handler =>
                {
                    if (handler is HttpClientHandler client) client.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
                    return handler;
                };
                o.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            })
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2),
                TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)])
            .AddJsonProtocol(o => DashboardApi.Configure(o.PayloadSerializerOptions))
            .Build();
        connection.On<DashboardSnapshot>(DashboardHub.SnapshotMethod, s => snapshots.Writer.TryWrite(s));
        await connection.StartAsync();
        return (connection, snapshots.Reader);
    }

    private static async Task PostCaseAsync(AppProcess node, string key, string description)
    {
        using var api = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        var reference = await api.GetFromJsonAsync<JsonElement>("/api/v1/reference");
        var response = await api.PostAsJsonAsync("/api/v1/cases", new
        {
            externalId = Guid.NewGuid().ToString("N"),
            source = "hotline",
            categoryCode = reference.GetProperty("categories")[0].GetProperty("code").GetString(),
            regionCode = reference.GetProperty("regions").EnumerateArray().First(r => r.GetProperty("level").GetString() == "street").GetProperty("code").GetString(),
            description,
            reporterPhone = "13812345678",
            isUrgent = false,
        });
        Assert.True(response.IsSuccessStatusCode, $"POST /api/v1/cases: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task WallShowsAsync(IPage page, string description) =>
        page.WaitForFunctionAsync("d => [...document.querySelectorAll('[data-testid=ticker-description]')].some(e => e.textContent === d)",
            description, new PageWaitForFunctionOptions { Timeout = 15000, PollingInterval = 100 });

    /// <summary>The node's open circuits as its <c>/metrics</c> says; -1 while it does not answer.</summary>
    private static async Task<int> CircuitsAsync(AppProcess node, string key)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        try
        {
            var text = await http.GetStringAsync($"{node.BaseUrl}/metrics");
            return (int)text.Split('\n').Where(l => l.StartsWith("commandcenter_circuits_live", StringComparison.Ordinal))
                .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    private static async Task<string> CliAsync(AppProcess node, params string[] command)
    {
        var (exitCode, text) = await node.RunCliAsync(command);
        Assert.True(exitCode == 0, $"{string.Join(' ', command)}: {text}");
        return text;
    }

    /// <summary>Asks until <paramref name="probe"/> says yes (60 s at most, then the test fails).</summary>
    private static async Task UntilAsync(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await probe())
        {
            Assert.True(DateTime.UtcNow < deadline, "not so within 60 s");
            await Task.Delay(250);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.sample.json"))) return dir.FullName;
        throw new InvalidOperationException("appsettings.sample.json not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("ccd_[A-Za-z0-9_-]+")]
    private static partial Regex DeviceToken();

    [GeneratedRegex("cck_[A-Za-z0-9_-]+")]
    private static partial Regex ApiKey();
}
