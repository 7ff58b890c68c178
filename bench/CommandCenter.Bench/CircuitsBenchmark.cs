using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CommandCenter.Apis;
using CommandCenter.Features.Demo;
using CommandCenter.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

/// <summary>
/// <c>circuits N [hub clients] [seconds]</c>: N browserless wall circuits (<see cref="WallCircuitClient"/>, /wall/overview as a
/// display device) and 1,000 hub clients (live-fanout's client side, in a second process) on one node, the simulator at
/// about 120 case events a minute, for about a minute. The app is CommandCenter.dll of this build in a child process over a
/// fresh SQLite file with a short demo history (<see cref="Settings"/>).
/// <para>
/// Delivery is timed from the snapshot's own clock: a published snapshot carries <c>CheckedAt</c>, the node's UTC time when
/// it built it (the projection's "now", just before <c>Publish</c>; a heartbeat re-publish stamps it too), and every publish
/// has a new <c>Version</c>. One JSON hub client in this process notes each version's <c>checkedAt</c>; each circuit
/// notes when a render batch sets the wall's <c>data-version</c> and to what. A circuit has version V on screen from the
/// first batch bringing V or later (the wall's subscription drops snapshots superseded while it renders, so a circuit
/// may skip one); delivery = that arrival − V's <c>checkedAt</c>, both read from this machine's one system clock. It
/// therefore includes the projection's build time as well as the publish, the circuit's render and the wire.
/// </para>
/// <para>
/// Memory per circuit is the least-squares slope of the app's VmRSS over 1, ¼, ½ and all circuits live; server CPU per
/// snapshot is the app's user+system CPU in the window over the snapshots published in it (the hub fan-out, the circuits'
/// renders, the simulator's writes and the folds all count). Events a minute are read from the snapshots' last event id.
/// </para>
/// <c>circuits verify [M]</c>: the client against Chromium, on one app: M browserless walls and one Chromium wall together
/// for a minute (render batches each received, counted for the Chromium page from its WebSocket frames), then the app's
/// VmRSS growth with M Chromium walls more and then with M browserless walls more.
/// </summary>
internal static class CircuitsBenchmark
{
    private const string WallPath = "/wall/overview";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 1 && args[1] == "verify") return await VerifyAsync(args.Length > 2 ? int.Parse(args[2]) : 5, args);
        var circuits = args.Length > 1 ? int.Parse(args[1]) : 100;
        var hubClients = args.Length > 2 ? int.Parse(args[2]) : 1000;
        var seconds = args.Length > 3 ? int.Parse(args[3]) : 60;

        await using var app = await BenchApp.StartAsync("circuits");
        var reference = await ReferenceClient.ConnectAsync(app.BaseUrl, app.ApiKey);
        Process? hub = null;
        var receipts = Path.Combine(app.Folder, "receipts.txt");
        var clients = new List<WallCircuitClient>();
        try
        {
            if (hubClients > 0)
            {
                hub = LiveBenchmarks.StartHubClients(app.BaseUrl, app.ApiKey, hubClients, receipts);
                var connected = await hub.StandardOutput.ReadLineAsync();
                if (connected is null) throw new InvalidOperationException($"the {hubClients} hub clients did not connect (their process ended; see above)");
                Console.WriteLine(connected);
            }

            var stages = new List<(int Circuits, double RssMb)>();
            // The first stage has one wall: the app's one-time costs of the first (JIT, Blazor's and the components' caches)
            // would otherwise be charged to every circuit of a small run.
            foreach (var target in new[] { 1, circuits / 4, circuits / 2, circuits }.Where(t => t <= circuits).Distinct())
            {
                var opening = Stopwatch.StartNew();
                while (clients.Count < target)
                {
                    var batch = Enumerable.Range(0, Math.Min(20, target - clients.Count)).Select(_ => new WallCircuitClient(app.BaseUrl)).ToArray();
                    clients.AddRange(batch);
                    await Task.WhenAll(batch.Select(c => OpenAsync(c, app.DeviceToken)));
                }
                var opened = opening.Elapsed;
                await Task.Delay(TimeSpan.FromSeconds(10));
                var rss = await ResidentMbAsync(app.Server.Id);
                stages.Add((clients.Count, rss));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"circuits: {clients.Count,4} live ({opened.TotalSeconds:F0} s to open): app VmRSS {rss:F1} MB; load average {WallCircuitsBenchmark.Load()}"));
            }

            // The window: every snapshot published in it, timed to every circuit.
            var cpuBefore = IngestBenchmark.CpuTimes(app.Server.Id);
            var (versionBefore, eventBefore) = reference.Latest;
            var batchesBefore = clients.Sum(c => c.Batches);
            var bytesBefore = clients.Sum(c => c.BatchBytes);
            var window = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var cpuAfter = IngestBenchmark.CpuTimes(app.Server.Id);
            var (versionAfter, eventAfter) = reference.Latest;
            var elapsed = window.Elapsed;
            var batches = clients.Sum(c => c.Batches) - batchesBefore;
            var bytes = clients.Sum(c => c.BatchBytes) - bytesBefore;
            await Task.Delay(TimeSpan.FromSeconds(5)); // the last snapshots' batches on their way

            var published = reference.CheckedAt.Where(p => p.Key > versionBefore && p.Key <= versionAfter).OrderBy(p => p.Key).ToArray();
            var latencies = new List<double>();
            var missed = 0;
            foreach (var client in clients)
            {
                var shown = client.Versions;
                foreach (var (version, checkedAt) in published)
                {
                    var first = shown.FirstOrDefault(s => s.Version >= version);
                    if (first.Version == 0) missed++;
                    else latencies.Add((first.ArrivedUtc - checkedAt).TotalMilliseconds);
                }
            }
            latencies.Sort();
            var snapshots = Math.Max(1, versionAfter - versionBefore);
            var cpu = cpuAfter.User + cpuAfter.System - cpuBefore.User - cpuBefore.System;
            var (slope, intercept) = WallCircuitsBenchmark.Fit(stages.Select(s => ((double)s.Circuits, s.RssMb)).ToArray());
            var errors = clients.Where(c => c.Error is not null).Select(c => c.Error).ToArray();
            var hubReceipts = 0;
            if (hub is not null)
            {
                await hub.StandardInput.WriteLineAsync("done");
                await hub.WaitForExitAsync();
                hubReceipts = File.ReadLines(receipts).Count();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"circuits: window {elapsed.TotalSeconds:F0} s: {versionAfter - versionBefore} snapshots published, " +
                $"{(eventAfter - eventBefore) / elapsed.TotalMinutes:F0} case events a minute (simulator at speed 100, Demo:CasesPerDay {app.CasesPerDay})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"circuits: {clients.Count} circuits received {batches:N0} render batches ({batches / elapsed.TotalSeconds / Math.Max(1, clients.Count):F2} a second each, " +
                $"{(batches == 0 ? 0 : bytes / batches):N0} bytes each on average); {hubReceipts:N0} snapshots reached the {hubClients} hub clients in all"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"circuits: snapshot (its checkedAt) → render batch with its version at the circuit: {latencies.Count:N0} deliveries, " +
                $"p50 {P(latencies, 0.50):F0} ms, p95 {P(latencies, 0.95):F0} ms, p99 {P(latencies, 0.99):F0} ms, " +
                $"max {(latencies.Count > 0 ? latencies[^1] : double.NaN):F0} ms; {missed} not on screen by the end (target p99 ≤ 500 ms)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"circuits: app CPU {cpu.TotalMilliseconds / snapshots:F0} ms per snapshot ({cpu / elapsed * 100:F0}% of one core); " +
                $"memory per circuit {slope:F2} MB VmRSS, least squares over {string.Join(", ", stages.Select(s => $"{s.Circuits} → {s.RssMb:F0} MB"))} " +
                $"(intercept {intercept:F0} MB); load average {WallCircuitsBenchmark.Load()} on {Environment.ProcessorCount} cores (clients on the same cores)"));
            if (errors.Length > 0) Console.WriteLine($"circuits: {errors.Length} circuits failed, e.g. {errors[0]}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"circuits={clients.Count} hubClients={hubClients} p50={P(latencies, 0.50):F0} p95={P(latencies, 0.95):F0} p99={P(latencies, 0.99):F0} ms memoryPerCircuit={slope:F2} MB"));
            return errors.Length == 0 && missed == 0 && P(latencies, 0.99) <= 500 ? 0 : 1;
        }
        finally
        {
            if (hub is { HasExited: false }) hub.Kill(entireProcessTree: true);
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            await reference.DisposeAsync();
        }
    }

    /// <summary>The browserless client against Chromium: render batches of one wall over a minute, and memory per circuit.</summary>
    private static async Task<int> VerifyAsync(int count, string[] args)
    {
        await using var app = await BenchApp.StartAsync("circuits-verify");
        var clients = new List<WallCircuitClient>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await WallLatencyBenchmark.LaunchChromiumAsync(playwright);
        try
        {
            // Render batches: one Chromium page and the browserless walls over the same minute; Chromium's counted from the
            // blazorpack frames its WebSocket receives (a frame may hold several messages; each names its target).
            var marker = Encoding.UTF8.GetBytes("JS.RenderBatch");
            var chromiumBatches = 0;
            var counting = false;
            var context = await browser.NewContextAsync();
            var page = await context.NewPageAsync();
            page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            {
                if (counting && frame.Binary is { } data) Interlocked.Add(ref chromiumBatches, Occurrences(data, marker));
            };
            await page.GotoAsync($"{app.BaseUrl}{WallPath}?device={app.DeviceToken}", new PageGotoOptions { Timeout = 90_000 });
            await page.WaitForSelectorAsync(".wall-screen[data-live]", new PageWaitForSelectorOptions { Timeout = 90_000 });
            for (var i = 0; i < count; i++) clients.Add(new WallCircuitClient(app.BaseUrl));
            await Task.WhenAll(clients.Select(c => OpenAsync(c, app.DeviceToken)));
            await Task.Delay(TimeSpan.FromSeconds(5));
            var batchesBefore = clients.Select(c => c.Batches).ToArray();
            counting = true;
            await Task.Delay(TimeSpan.FromSeconds(60));
            counting = false;
            var browserless = clients.Select((c, i) => c.Batches - batchesBefore[i]).ToArray();
            Console.WriteLine($"circuits verify: render batches over one minute: Chromium wall {chromiumBatches}, browserless walls {string.Join(", ", browserless)}");
            Console.WriteLine($"circuits verify: JS calls answered by a browserless wall: {string.Join(", ", clients[0].JSCalls.Select(p => $"{p.Key} ×{p.Value}"))}");
            // Memory, on the warm app: its VmRSS now, then with M walls of one kind more, then with M of the other more.
            // `circuits verify M browserless-first` swaps the order (the first step also pays for the GC heap growing).
            var browserlessFirst = args.Contains("browserless-first");
            var pages = new List<IBrowserContext> { context };
            async Task<double> AddChromiumAsync()
            {
                for (var i = 0; i < count; i++)
                {
                    var c = await browser.NewContextAsync();
                    var p = await c.NewPageAsync();
                    await p.GotoAsync($"{app.BaseUrl}{WallPath}?device={app.DeviceToken}", new PageGotoOptions { Timeout = 90_000 });
                    await p.WaitForSelectorAsync(".wall-screen[data-live]", new PageWaitForSelectorOptions { Timeout = 90_000 });
                    pages.Add(c);
                }
                await Task.Delay(TimeSpan.FromSeconds(10));
                return await ResidentMbAsync(app.Server.Id);
            }
            async Task<double> AddBrowserlessAsync()
            {
                var more = Enumerable.Range(0, count).Select(_ => new WallCircuitClient(app.BaseUrl)).ToArray();
                clients.AddRange(more);
                await Task.WhenAll(more.Select(c => OpenAsync(c, app.DeviceToken)));
                await Task.Delay(TimeSpan.FromSeconds(10));
                return await ResidentMbAsync(app.Server.Id);
            }
            var rssBefore = await ResidentMbAsync(app.Server.Id);
            var (first, second) = browserlessFirst ? ("browserless", "Chromium") : ("Chromium", "browserless");
            var afterFirst = browserlessFirst ? await AddBrowserlessAsync() : await AddChromiumAsync();
            var afterSecond = browserlessFirst ? await AddChromiumAsync() : await AddBrowserlessAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"circuits verify: app VmRSS {rssBefore:F0} MB with 1 Chromium and {count} browserless walls; {afterFirst:F0} MB with {count} {first} walls more " +
                $"({(afterFirst - rssBefore) / count:F2} MB each); {afterSecond:F0} MB with {count} {second} walls more ({(afterSecond - afterFirst) / count:F2} MB each)"));
            foreach (var c in pages) await c.CloseAsync();
            var errors = clients.Count(c => c.Error is not null);
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Starts one wall circuit and waits for it to go live (the wall module's start answered).</summary>
    internal static async Task OpenAsync(WallCircuitClient client, string token, string path = WallPath)
    {
        await client.StartAsync(path, token);
        try
        {
            await client.Live.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"a wall did not go live within 90 s ({client.Batches} render batches; error: {client.Error ?? "none"})");
        }
    }

    private static int Occurrences(byte[] data, byte[] marker)
    {
        var count = 0;
        var span = data.AsSpan();
        for (var at = span.IndexOf(marker); at >= 0; at = span.IndexOf(marker))
        {
            count++;
            span = span[(at + marker.Length)..];
        }
        return count;
    }

    internal static double P(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The median of five readings a second apart of the app's VmRSS (MB).</summary>
    internal static async Task<double> ResidentMbAsync(int pid)
    {
        var readings = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:"));
            readings.Add(double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024);
            await Task.Delay(1000);
        }
        return readings.Order().ElementAt(2);
    }

    /// <summary>One JSON hub client noting each snapshot version's own <c>checkedAt</c> (its first, should one repeat) and the newest version and event id.</summary>
    internal sealed class ReferenceClient(HubConnection connection) : IAsyncDisposable
    {
        private long _version;
        private long _lastEventId;

        public ConcurrentDictionary<long, DateTime> CheckedAt { get; } = new();

        public (long Version, long LastEventId) Latest => (Interlocked.Read(ref _version), Interlocked.Read(ref _lastEventId));

        public static async Task<ReferenceClient> ConnectAsync(string baseUrl, string key)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(baseUrl + DashboardHub.Path, o =>
                {
                    o.Headers["X-Api-Key"] = key;
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .AddJsonProtocol(o => DashboardApi.Configure(o.PayloadSerializerOptions))
                .Build();
            var client = new ReferenceClient(connection);
            connection.On<JsonElement>(DashboardHub.SnapshotMethod, s =>
            {
                var version = s.GetProperty("version").GetInt64();
                client.CheckedAt.TryAdd(version, s.GetProperty("checkedAt").GetDateTime().ToUniversalTime());
                Interlocked.Exchange(ref client._lastEventId, s.GetProperty("lastEventId").GetInt64());
                Interlocked.Exchange(ref client._version, version);
            });
            await connection.StartAsync();
            return client;
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
