using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using CommandCenter.Apis;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Extensions;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using CommandCenter.Hubs;
using CommandCenter.Security;
using CommandCenter.Testing;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Benchmarks of the live pipeline: write → hub client latency, database statements per second with 1 and 200 clients,
/// delivery to 1,000 hub clients, the SQL rebuild over 1,000,000 cases, and the fold rate. Each prints its figures.
/// </summary>
internal static class LiveBenchmarks
{
    /// <summary>A real node on a loopback Kestrel port over a temp SQLite file holding <see cref="TestCity.ThreeStreets"/>.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private Node(WebApplication app, string? file, string url)
        {
            App = app;
            File = file;
            Url = url;
        }

        public WebApplication App { get; }
        /// <summary>The file this node made (deleted on dispose), or null when it runs on a file it was given.</summary>
        public string? File { get; }
        public string Url { get; }
        public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

        /// <param name="existing">A SQLite file that already holds a city (kept on dispose); null for a new one with the three streets.</param>
        public static async Task<Node> StartAsync(int pollMs = 500, StatementCounter? counter = null, string? existing = null)
        {
            DapperSetup.Configure();
            var file = existing ?? Path.Combine(Path.GetTempPath(), $"cc-bench-live-{Guid.NewGuid():N}.db");
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:CommandCenter"] = $"Data Source={file}",
                ["Demo:Enabled"] = "false",
                ["Simulator:Enabled"] = "false",
                ["LiveFeed:PollIntervalMs"] = pollMs.ToString(),
                ["Security:ApiRequestsPerSecond"] = "100000",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.AddApplicationServices();
            var app = builder.Build();
            await app.PrepareAsync();
            app.UseSecurity();
            app.MapSecurityEndpoints();
            app.MapLivePipeline();
            app.Services.GetRequiredService<DbConnectionFactory>().Statements = counter;
            await app.StartAsync();
            if (existing is null)
            {
                await using (var connection = await app.Services.GetRequiredService<DbConnectionFactory>().OpenAsync())
                    await TestCity.ThreeStreets().WriteAsync(connection);
                app.Services.GetRequiredService<ReferenceCatalog>().Invalidate();
            }
            return new Node(app, existing is null ? file : null, app.Urls.First());
        }

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
            SqliteConnection.ClearAllPools();
            if (File is not null)
                foreach (var f in new[] { File, File + "-wal", File + "-shm" }) System.IO.File.Delete(f);
        }
    }

    private static NewCase RandomCase(Random random) => new(null, (CaseSource)random.Next(6), random.Next(1, 5), 11 + random.Next(3),
        random.Next(3) == 0 ? random.Next(1, 4) : null, "井盖缺失", null, null, null, "13812345678", random.Next(5) == 0, DateTime.UtcNow);

    /// <summary>A writer with its own connection factory, so its statements are not counted as the node's reads.</summary>
    private static CaseService Writer(Node node)
    {
        var connections = new DbConnectionFactory(new DatabaseOptions { ConnectionString = $"Data Source={node.File!}" });
        return new CaseService(connections, new ReferenceCatalog(connections), TimeProvider.System, node.Service<BusinessCalendar>());
    }

    internal sealed class Client(HubConnection connection)
    {
        public HubConnection Connection { get; } = connection;
        public ConcurrentQueue<(long Version, long Reported, long At)> Received { get; } = new();

        /// <summary>Why the connection closed, if it did before the end ("closed" when the server closed it without an error).</summary>
        public string? ClosedBecause { get; set; }
    }

    private static Task<Client> ConnectAsync(Node node, string key) => ConnectAsync(node.Url, key);

    internal static async Task<Client> ConnectAsync(string url, string key)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url + DashboardHub.Path, o =>
            {
                o.Headers["X-Api-Key"] = key;
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .AddJsonProtocol(o => DashboardApi.Configure(o.PayloadSerializerOptions))
            .Build();
        // The default 15 s handshake is too short for 1,000 clients connecting beside a loaded node (circuits benchmark).
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        var client = new Client(connection);
        connection.On<JsonElement>(DashboardHub.SnapshotMethod, s => client.Received.Enqueue((
            s.GetProperty("version").GetInt64(),
            s.GetProperty("today").GetProperty("reported").GetProperty("value").GetInt64(),
            Stopwatch.GetTimestamp())));
        connection.Closed += e =>
        {
            client.ClosedBecause ??= e?.Message ?? "closed";
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        return client;
    }

    private static async Task<List<Client>> ConnectManyAsync(Node node, string key, int count)
    {
        var clients = new List<Client>(count);
        foreach (var batch in Enumerable.Range(0, count).Chunk(50))
            clients.AddRange(await Task.WhenAll(batch.Select(_ => ConnectAsync(node, key))));
        return clients;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within)
    {
        var until = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > until) throw new TimeoutException("condition not met in time");
            await Task.Delay(20);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Summary(List<double> ms)
    {
        ms.Sort();
        return $"n={ms.Count:N0} p50={Percentile(ms, 50):F0} ms p95={Percentile(ms, 95):F0} ms p99={Percentile(ms, 99):F0} ms max={ms[^1]:F0} ms";
    }

    /// <summary>A node over an existing city's file, with a read-scope API key.</summary>
    internal static async Task<(IAsyncDisposable Node, string Url, string Key)> StartNodeOnAsync(string file)
    {
        var node = await Node.StartAsync(existing: file);
        return (node, node.Url, await ReadKeyAsync(node));
    }

    /// <summary>A read-scope API key on the node's fresh database.</summary>
    private static async Task<string> ReadKeyAsync(Node node) =>
        await node.Service<ApiKeyStore>().CreateAsync("bench", [ApiScopes.Read])
        ?? throw new InvalidOperationException("The bench key's name is taken in a fresh database.");

    /// <summary>live-latency [pollMs]: a case written → the snapshot that counts it at a hub client (WebSockets, loopback).</summary>
    public static async Task<int> LatencyAsync(string[] args)
    {
        var pollMs = args.Length > 1 ? int.Parse(args[1]) : 500;
        await using var node = await Node.StartAsync(pollMs);
        var key = await ReadKeyAsync(node);
        var client = await ConnectAsync(node, key);
        await WaitUntilAsync(() => !client.Received.IsEmpty, TimeSpan.FromSeconds(30));
        await Task.Delay(1500);
        var writer = Writer(node);
        var random = new Random(1);
        var baseline = client.Received.Last().Reported;
        const int writes = 300;
        var written = new long[writes];
        for (var i = 0; i < writes; i++)
        {
            await writer.CreateAsync(RandomCase(random), "bench");
            written[i] = Stopwatch.GetTimestamp();
            await Task.Delay(random.Next(20, 200));
        }
        await WaitUntilAsync(() => client.Received.Last().Reported >= baseline + writes, TimeSpan.FromSeconds(30));
        var received = client.Received.ToArray();
        var latencies = new List<double>(writes);
        for (var i = 0; i < writes; i++)
        {
            var first = received.First(r => r.Reported >= baseline + i + 1);
            latencies.Add(Stopwatch.GetElapsedTime(written[i], first.At).TotalMilliseconds);
        }
        Console.WriteLine($"live-latency (poll {pollMs} ms, 1 WebSocket client, {writes} cases written 20–200 ms apart): {Summary(latencies)}");
        await client.Connection.DisposeAsync();
        return 0;
    }

    /// <summary>live-qps [seconds]: SQL statements per second the node runs with 1 and with 200 hub clients, at the same write rate.</summary>
    public static async Task<int> QueriesPerSecondAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1]) : 20;
        var counter = new StatementCounter();
        await using var node = await Node.StartAsync(counter: counter);
        var key = await ReadKeyAsync(node);
        var writer = Writer(node);
        var random = new Random(2);
        var results = new List<(int Clients, double Qps, long Snapshots)>();
        var clients = new List<Client>();
        foreach (var target in new[] { 1, 200 })
        {
            clients.AddRange(await ConnectManyAsync(node, key, target - clients.Count));
            await Task.Delay(3000);
            var before = counter.Count;
            var watch = Stopwatch.StartNew();
            var received = clients[0].Received.Count;
            while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                await writer.CreateAsync(RandomCase(random), "bench");
                await Task.Delay(200);
            }
            var qps = (counter.Count - before) / watch.Elapsed.TotalSeconds;
            results.Add((target, qps, clients[0].Received.Count - received));
        }
        foreach (var (n, qps, snapshots) in results)
            Console.WriteLine($"live-qps: {n,3} hub clients: {qps:F2} SQL statements/s over {seconds} s (5 writes/s; {snapshots} snapshots to one client)");
        Console.WriteLine($"live-qps: ratio 200 ÷ 1 = {results[1].Qps / results[0].Qps:F3}");
        foreach (var c in clients) await c.Connection.DisposeAsync();
        return 0;
    }

    /// <summary>
    /// live-fanout [clients]: publish → receipt at each of 1,000 hub clients (WebSockets over loopback), 30 snapshots. The clients
    /// run in a second process (<c>live-fanout-clients</c>), so the server's CPU per snapshot is measured on its own; both
    /// processes read the same monotonic clock.
    /// </summary>
    public static async Task<int> FanOutAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1]) : 1000;
        await using var node = await Node.StartAsync();
        var key = await ReadKeyAsync(node);
        var published = new ConcurrentDictionary<long, long>();
        using var subscription = node.Service<IDashboardFeed>().Subscribe(s =>
        {
            published[s.Version] = Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        });
        var receipts = Path.Combine(Path.GetTempPath(), $"cc-bench-fanout-{Guid.NewGuid():N}.txt");
        using var clients = StartHubClients(node.Url, key ?? throw new InvalidOperationException("no key"), count, receipts);
        Console.WriteLine(await clients.StandardOutput.ReadLineAsync());
        await Task.Delay(3000);
        var firstVersion = published.Keys.DefaultIfEmpty(0).Max() + 1;
        var writer = Writer(node);
        var random = new Random(3);
        var self0 = Process.GetCurrentProcess();
        var cpuBefore = self0.TotalProcessorTime;
        for (var i = 0; i < 30; i++)
        {
            await writer.CreateAsync(RandomCase(random), "bench");
            await Task.Delay(1000);
        }
        await Task.Delay(2000);
        self0.Refresh();
        var cpu = self0.TotalProcessorTime - cpuBefore;
        var snapshots = published.Keys.Count(v => v >= firstVersion);
        await clients.StandardInput.WriteLineAsync("done");
        await clients.WaitForExitAsync();
        var delivery = new List<double>();
        var missing = 0;
        foreach (var line in File.ReadLines(receipts))
        {
            var parts = line.Split(' ');
            var (version, at) = (long.Parse(parts[0]), long.Parse(parts[1]));
            if (version < firstVersion) continue;
            if (published.TryGetValue(version, out var sent)) delivery.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
        }
        File.Delete(receipts);
        missing = snapshots * count - delivery.Count;
        Console.WriteLine($"live-fanout: publish → client, {count} clients, {snapshots} snapshots: {Summary(delivery)}; {missing} not received");
        Console.WriteLine($"live-fanout: server CPU {cpu.TotalMilliseconds / snapshots:F0} ms per snapshot (write, fold, send to {count}); " +
                          $"server working set {Process.GetCurrentProcess().WorkingSet64 / 1024 / 1024} MiB; " +
                          $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        return 0;
    }

    /// <summary>
    /// <c>count</c> hub clients in a second process of this bench (<c>live-fanout-clients</c>): its first line of output says
    /// they are connected; "done" on its input makes it write every receipt ("version timestamp") to <c>receipts</c> and exit.
    /// </summary>
    internal static Process StartHubClients(string url, string key, int count, string receipts)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(LiveBenchmarks).Assembly.Location);
        foreach (var a in new[] { "live-fanout-clients", url, key, count.ToString(), receipts }) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>The client side of live-fanout: connects, says so, records every receipt until told "done", writes them out.</summary>
    public static async Task<int> FanOutClientsAsync(string[] args)
    {
        var (url, key, count, file) = (args[1], args[2], int.Parse(args[3]), args[4]);
        var clients = new List<Client>(count);
        var watch = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(0, count).Chunk(50))
            clients.AddRange(await Task.WhenAll(batch.Select(_ => ConnectAsync(url, key))));
        Console.WriteLine($"live-fanout: {count} clients connected in {watch.Elapsed.TotalSeconds:F1} s");
        await Console.In.ReadLineAsync();
        var closed = clients.Where(c => c.ClosedBecause is not null).GroupBy(c => c.ClosedBecause!).ToArray();
        if (closed.Length > 0)
            Console.Error.WriteLine($"live-fanout: {closed.Sum(g => g.Count())} of {count} hub clients lost their connection before the end: " +
                                    string.Join("; ", closed.Select(g => $"{g.Count()} × {g.Key}")));
        await File.WriteAllLinesAsync(file, clients.SelectMany(c => c.Received.Select(r => $"{r.Version} {r.At}")));
        await Task.WhenAll(clients.Select(c => c.Connection.DisposeAsync().AsTask()));
        return 0;
    }

    /// <summary>live-rebuild [cases]: the SQL rebuild of the snapshot over 1,000,000 cases in SQLite.</summary>
    public static async Task<int> RebuildAsync(string[] args)
    {
        var cases = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
        DapperSetup.Configure();
        var file = Path.Combine(Path.GetTempPath(), $"cc-bench-rebuild-{Guid.NewGuid():N}.db");
        var options = new DatabaseOptions { ConnectionString = $"Data Source={file}" };
        try
        {
            new DatabaseMigrator(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseMigrator>.Instance).Migrate();
            var connections = new DbConnectionFactory(options);
            var now = DateTime.UtcNow;
            var generate = Stopwatch.StartNew();
            await using (var connection = await connections.OpenAsync())
            {
                await TestCity.ThreeStreets().WriteAsync(connection);
                await using var tx = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync(GenerateCasesSql, new { Count = cases, Now = now.ToString("yyyy-MM-dd HH:mm:ss.fff") }, tx);
                await connection.ExecuteAsync(GenerateEventsSql, transaction: tx);
                await tx.CommitAsync();
                await connection.ExecuteAsync("ANALYZE main");
            }
            Console.WriteLine($"live-rebuild: generated {cases:N0} cases and their report events by SQL in {generate.Elapsed.TotalSeconds:F1} s");
            var calendar = BusinessCalendar.For("Asia/Shanghai");
            var reference = new ReferenceCatalog(connections);
            var loader = new DashboardLoader(connections, reference, new IndicatorsQuery(connections, reference), calendar);
            var times = new List<double>();
            DashboardSnapshot? snapshot = null;
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var rebuilt = await loader.RebuildAsync(DateTime.UtcNow, CancellationToken.None);
                snapshot = DashboardProjection.Build(rebuilt.State, DateTime.UtcNow, new CompositeWeights(), rebuilt.Rankings);
                times.Add(watch.Elapsed.TotalMilliseconds);
                Console.WriteLine($"live-rebuild: run {i + 1}: {watch.Elapsed.TotalMilliseconds:N0} ms, {rebuilt.State.Cases.Count:N0} cases in the working set");
            }
            times.Sort();
            Console.WriteLine($"live-rebuild: {cases:N0} cases: median {times[1]:N0} ms (min {times[0]:N0}, max {times[2]:N0}); " +
                              $"open {snapshot!.Today.InProgress:N0} in progress, {snapshot.Today.Overdue:N0} overdue, streak {snapshot.Satisfaction.Streak}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (args.Contains("keep")) Console.WriteLine($"live-rebuild: database kept at {file}");
            else foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }

    // Four years of cases, oldest first, evenly spread up to now; all but the last two days closed (a few rejected or
    // still dispatched and overdue); the last two days in every stage. Times as the app stores them (UTC text).
    internal const string GenerateCasesSql = """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Count),
        c AS (
            SELECT i, julianday(@Now) - (@Count - i) * (1461.0 / @Count) AS jd, (@Count - i) * (1461.0 / @Count) AS age,
                   abs(random()) % 100 AS s, abs(random()) % 1000 AS r
            FROM n),
        st AS (
            SELECT i, jd, age, s, r, MIN(1.0, age) AS span,
                   CASE WHEN age < 2 THEN s % 6 WHEN s < 95 THEN 5 WHEN s < 98 THEN 2 ELSE 3 END AS stage
            FROM c)
        INSERT INTO cases (id, case_no, source, category_id, region_id, street_id, road_id, description, reporter_phone, is_urgent,
                           status, level, department_id, method, rating, rework_count, reported_at, registered_at, rejected_at,
                           dispatched_at, deadline_at, resolved_at, closed_at, rated_at, last_step_at)
        SELECT i, 'B' || i,
               CASE r % 6 WHEN 0 THEN 'supervisor' WHEN 1 THEN 'hotline' WHEN 2 THEN 'grid' WHEN 3 THEN 'leader' WHEN 4 THEN 'sensor' ELSE 'app' END,
               1 + r % 4, 11 + r % 3, 2 + r % 3, CASE WHEN r % 7 = 0 THEN 1 + r % 3 END, '井盖缺失', '13812345678', s % 10 = 0,
               CASE stage WHEN 0 THEN 'reported' WHEN 1 THEN 'registered' WHEN 2 THEN 'rejected' WHEN 3 THEN 'dispatched'
                          WHEN 4 THEN 'resolved' ELSE 'closed' END,
               CASE WHEN r % 10 = 0 THEN 'community' ELSE 'grid' END,
               CASE WHEN stage >= 3 THEN 1 + r % 3 END,
               CASE WHEN stage >= 4 THEN CASE WHEN s < 70 THEN 'service' WHEN s < 90 THEN 'management' ELSE 'enforcement' END END,
               CASE WHEN stage = 5 AND r % 3 = 0 THEN CASE WHEN s < 97 THEN 'satisfied' ELSE 'dissatisfied' END END,
               CASE WHEN stage = 5 AND s % 20 = 0 THEN 1 ELSE 0 END,
               strftime('%Y-%m-%d %H:%M:%f', jd),
               CASE WHEN stage IN (1, 3, 4, 5) THEN strftime('%Y-%m-%d %H:%M:%f', jd + 0.05 * span) END,
               CASE WHEN stage = 2 THEN strftime('%Y-%m-%d %H:%M:%f', jd + 0.05 * span) END,
               CASE WHEN stage >= 3 THEN strftime('%Y-%m-%d %H:%M:%f', jd + 0.1 * span) END,
               CASE WHEN stage >= 3 THEN strftime('%Y-%m-%d %H:%M:%f', jd + 0.1 * span + 2) END,
               CASE WHEN stage >= 4 THEN strftime('%Y-%m-%d %H:%M:%f', jd + 0.5 * span) END,
               CASE WHEN stage = 5 THEN strftime('%Y-%m-%d %H:%M:%f', jd + 0.7 * span) END,
               CASE WHEN stage = 5 AND r % 3 = 0 THEN strftime('%Y-%m-%d %H:%M:%f', jd + 0.9 * span) END,
               strftime('%Y-%m-%d %H:%M:%f', jd + 0.9 * span)
        FROM st
        """;

    private const string GenerateEventsSql = """
        INSERT INTO case_events (case_id, event_id, type, at, actor, data, recorded_at)
        SELECT id, 'report:' || case_no, 'report', reported_at, 'bench', '{"status":"reported"}', reported_at FROM cases ORDER BY id
        """;

    /// <summary>A synthetic district for the in-memory benchmarks: 12 streets, 15 departments, 40 categories, 12 leaders' roads.</summary>
    internal static DashboardReference SyntheticReference() => new DashboardReference(
        Enumerable.Range(1, 12).Select(i => new NamedRef(i, $"S{i:00}", $"街道{i}")),
        Enumerable.Range(1, 15).Select(i => new NamedRef(i, $"D{i:00}", $"部门{i}")),
        Enumerable.Range(1, 40).Select(i => new NamedRef(i, $"C{i:00}", $"类别{i}")),
        Enumerable.Range(1, 12).Select(i => new RoadRef(i, $"R{i:00}", $"道路{i}", i)),
        Enumerable.Range(1, 12).Select(i => new LeaderRef(i, $"L{i:00}", $"领导{i}", "局长", 1)),
        Enumerable.Range(1, 12).Select(i => new LiveAssignment(i, i, i, new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31))));

    /// <summary>live-fold [events]: events folded into the working set per second, alone and with a snapshot per 5,000-event batch.</summary>
    public static Task<int> FoldAsync(string[] args)
    {
        var total = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
        var calendar = BusinessCalendar.For("Asia/Shanghai");
        var reference = SyntheticReference();
        var now = DateTime.UtcNow;
        var random = new Random(5);
        // Per case: report, register, dispatch, resolve, verify (pass), satisfaction — six events over a few hours.
        var steps = new[] { CaseStep.Report, CaseStep.Register, CaseStep.Dispatch, CaseStep.Resolve, CaseStep.Verify, CaseStep.Satisfaction };
        var headers = new List<LiveCase>();
        var events = new List<LiveEvent>(total);
        var open = new List<(long CaseId, int Next, DateTime At)>();
        long id = 0, caseId = 0;
        while (events.Count < total)
        {
            if (open.Count < 2000 || random.Next(6) == 0)
            {
                caseId++;
                var reportedAt = now.AddMinutes(-random.Next(0, 600));
                headers.Add(new LiveCase { Id = caseId, CaseNo = $"B{caseId}", CategoryId = 1 + random.Next(40), StreetId = 1 + random.Next(12),
                    RoadId = random.Next(4) == 0 ? 1 + random.Next(12) : null, Description = "井盖缺失", ReporterPhone = "13812345678", ReportedAt = reportedAt });
                events.Add(new LiveEvent(++id, caseId, CaseStep.Report, reportedAt, now));
                open.Add((caseId, 1, reportedAt));
                continue;
            }
            var pick = random.Next(open.Count);
            var (cid, next, at) = open[pick];
            var step = steps[next];
            at = at.AddMinutes(random.Next(1, 30));
            events.Add(new LiveEvent(++id, cid, step, at, now, DepartmentId: 1 + random.Next(15), DeadlineAt: at.AddHours(48),
                Method: ResolutionMethod.Service, Passed: true, Rating: SatisfactionRating.Satisfied));
            if (next + 1 < steps.Length) open[pick] = (cid, next + 1, at);
            else open.RemoveAt(pick);
        }
        var headerById = headers.ToDictionary(h => h.Id);

        foreach (var withSnapshots in new[] { false, true })
        {
            var state = new DashboardState(reference, calendar, 0, 0, [], [], new Dictionary<string, CallbackCounts>(), [], now);
            var builds = 0;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (e.Step == CaseStep.Report) state.Add(headerById[e.CaseId], []);
                state.Apply(e);
                if (withSnapshots && (i + 1) % DashboardLoader.BatchSize == 0)
                {
                    DashboardProjection.Build(state, now, new CompositeWeights());
                    builds++;
                }
            }
            watch.Stop();
            Console.WriteLine($"live-fold: {events.Count:N0} events over {headers.Count:N0} cases{(withSnapshots ? $", a snapshot per {DashboardLoader.BatchSize:N0} ({builds} snapshots)" : "")}: " +
                              $"{events.Count / watch.Elapsed.TotalSeconds:N0} events/s ({watch.Elapsed.TotalSeconds:F2} s)");
        }
        return Task.FromResult(0);
    }
}

/// <summary>
/// hub-bytes [updates]: the bytes a hub client receives per update, whole snapshots against deltas, JSON against MessagePack,
/// on the demo city with its history: four raw WebSocket clients (one per mode and protocol) count every invocation's bytes
/// as it arrives on the wire while cases are written one at a time (one snapshot change each).
/// </summary>
internal static class HubBytesBenchmark
{
    private sealed record Mode(string Name, string Protocol, bool Deltas);

    private sealed class WireCounter(Mode mode)
    {
        public Mode Mode { get; } = mode;
        public List<(string Target, int Bytes)> Messages { get; } = [];
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var updates = args.Length > 1 ? int.Parse(args[1]) : 20;
        using var city = DemoDatabase.Create("cc-bench-hubbytes");
        await city.Seeder.SeedAsync(DateTime.UtcNow, CancellationToken.None);
        var refData = await city.Reference.GetAsync();
        var (category, street) = (refData.Categories[0].Id, refData.Streets.First().Id);
        var (node, url, key) = await LiveBenchmarks.StartNodeOnAsync(city.File);
        await using var _ = node;
        Mode[] modes = [new("whole, JSON", "json", false), new("delta, JSON", "json", true),
            new("whole, MessagePack", "messagepack", false), new("delta, MessagePack", "messagepack", true)];
        using var stop = new CancellationTokenSource();
        var counters = modes.Select(m => new WireCounter(m)).ToList();
        var readers = new List<Task>();
        foreach (var counter in counters) readers.Add(await ListenAsync(url, key, counter, stop.Token));
        await Task.Delay(2000);
        foreach (var counter in counters)
            lock (counter.Messages)
                if (counter.Messages.Count == 0) throw new InvalidOperationException($"{counter.Mode.Name}: no snapshot on connect");

        for (var i = 0; i < updates; i++)
        {
            await city.Cases.CreateAsync(new NewCase(null, CaseSource.Hotline, category, street, null, "井盖缺失", null, null, null,
                "13812345678", false, DateTime.UtcNow), "bench");
            await Task.Delay(1500);
        }
        await Task.Delay(1500);
        stop.Cancel();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { })));

        Console.WriteLine($"hub-bytes: demo city ({DemoDatabase.Counts(city.File).Cases:N0} cases), {updates} cases written 1.5 s apart, bytes of each message as received");
        foreach (var counter in counters)
        {
            var messages = counter.Messages;
            var first = messages[0].Bytes;
            var updatesReceived = messages.Skip(1).Select(m => m.Bytes).Order().ToList();
            var wholes = messages.Skip(1).Count(m => m.Target == DashboardHub.SnapshotMethod);
            Console.WriteLine($"  {counter.Mode.Name,-20} on connect {first,7:N0} B; {updatesReceived.Count} updates: median {updatesReceived[updatesReceived.Count / 2],6:N0} B, " +
                              $"max {updatesReceived[^1],6:N0} B, total {updatesReceived.Sum(),8:N0} B" + (counter.Mode.Deltas ? $" ({wholes} sent whole)" : ""));
        }
        return 0;
    }

    /// <summary>Connects straight over WebSockets (as the SignalR clients do after negotiation) and counts each invocation's bytes.</summary>
    private static async Task<Task> ListenAsync(string url, string key, WireCounter counter, CancellationToken stop)
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("X-Api-Key", key);
        var uri = new Uri(url.Replace("http://", "ws://") + DashboardHub.Path + (counter.Mode.Deltas ? "?updates=delta" : ""));
        await socket.ConnectAsync(uri, stop);
        await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes($"{{\"protocol\":\"{counter.Mode.Protocol}\",\"version\":1}}\u001e"),
            System.Net.WebSockets.WebSocketMessageType.Text, true, stop);
        return Task.Run(async () =>
        {
            var buffer = new byte[1 << 20];
            var handshakeDone = false;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var (length, endOfMessage) = (0, false);
                    while (!endOfMessage)
                    {
                        var received = await socket.ReceiveAsync(buffer.AsMemory(length), stop);
                        (length, endOfMessage) = (length + received.Count, received.EndOfMessage);
                    }
                    var frame = buffer.AsSpan(0, length);
                    if (!handshakeDone)
                    {
                        // The handshake answer is JSON ending in 0x1E; on the JSON protocol messages may follow it in the frame.
                        var end = frame.IndexOf((byte)0x1e);
                        handshakeDone = true;
                        frame = frame[(end + 1)..];
                    }
                    foreach (var (target, bytes) in counter.Mode.Protocol == "json" ? JsonMessages(frame) : MessagePackMessages(frame))
                        if (target is DashboardHub.SnapshotMethod or DashboardHub.DeltaMethod)
                            lock (counter.Messages) counter.Messages.Add((target, bytes));
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                socket.Dispose();
            }
        });
    }

    /// <summary>JSON protocol: records ending in 0x1E; an invocation is <c>{"type":1,"target":…}</c>.</summary>
    private static List<(string? Target, int Bytes)> JsonMessages(ReadOnlySpan<byte> frame)
    {
        var messages = new List<(string?, int)>();
        while (frame.Length > 0)
        {
            var end = frame.IndexOf((byte)0x1e);
            var record = frame[..end];
            using var document = JsonDocument.Parse(record.ToArray());
            var target = document.RootElement.TryGetProperty("target", out var t) ? t.GetString() : null;
            messages.Add((target, end + 1));
            frame = frame[(end + 1)..];
        }
        return messages;
    }

    /// <summary>MessagePack protocol: each message a VarInt length then an array <c>[1, headers, invocationId, target, arguments]</c>.</summary>
    private static List<(string? Target, int Bytes)> MessagePackMessages(ReadOnlySpan<byte> frame)
    {
        var messages = new List<(string?, int)>();
        while (frame.Length > 0)
        {
            var (length, prefix) = (0, 0);
            for (var shift = 0; ; shift += 7)
            {
                var b = frame[prefix++];
                length |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) break;
            }
            var reader = new MessagePack.MessagePackReader(frame.Slice(prefix, length).ToArray());
            var count = reader.ReadArrayHeader();
            var type = reader.ReadInt32();
            string? target = null;
            if (type == 1 && count >= 4)
            {
                reader.Skip();   // headers
                reader.Skip();   // invocation id
                target = reader.ReadString();
            }
            messages.Add((target, prefix + length));
            frame = frame[(prefix + length)..];
        }
        return messages;
    }
}
