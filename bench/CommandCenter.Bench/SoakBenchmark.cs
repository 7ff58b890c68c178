using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>
/// <c>soak [minutes] [circuits] [hub clients] [cases a second]</c>, by default 30 minutes with 100 browserless wall circuits,
/// 1,000 hub clients, the simulator at about 120 case events a minute and an API writer posting 20 cases a second, all on one
/// node (<see cref="BenchApp"/>). What it shows:
/// <list type="bullet">
/// <item>memory and handles flat: the app's VmRSS, open file descriptors and threads every 30 s, and their least-squares slope
/// per hour after a five-minute warm-up;</item>
/// <item>no subscription left behind: the node's own gauges (<c>/metrics</c>: live circuits, hub clients, snapshot
/// subscriptions) back at their idle values once every screen and client has left;</item>
/// <item>no error in the log: the app's log lines at Warning and above, counted and the first ones printed;</item>
/// <item>every posted case counted: every 201 is a row, every posted case's report event is folded, and the snapshot's
/// 今日上报 equals the report events of the business day up to its last event id.</item>
/// </list>
/// Exit code 0 when all four hold.
/// </summary>
internal static class SoakBenchmark
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var circuits = args.Length > 2 ? int.Parse(args[2]) : 100;
        var hubClients = args.Length > 3 ? int.Parse(args[3]) : 1000;
        var casesPerSecond = args.Length > 4 ? int.Parse(args[4]) : 20;

        await using var app = await BenchApp.StartAsync("soak", "read,ingest,metrics", "--Security:ApiRequestsPerSecond=1000000");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", app.ApiKey);
        var reference = await CircuitsBenchmark.ReferenceClient.ConnectAsync(app.BaseUrl, app.ApiKey);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idle = await GaugesAsync(http);
        Console.WriteLine($"soak: idle with one hub client (the bench's own): {idle}");

        Process? hub = null;
        var receipts = Path.Combine(app.Folder, "receipts.txt");
        var walls = new List<WallCircuitClient>();
        try
        {
            if (hubClients > 0)
            {
                hub = LiveBenchmarks.StartHubClients(app.BaseUrl, app.ApiKey, hubClients, receipts);
                Console.WriteLine(await hub.StandardOutput.ReadLineAsync()
                    ?? throw new InvalidOperationException($"the {hubClients} hub clients did not connect (their process ended; see above)"));
            }
            while (walls.Count < circuits)
            {
                var batch = Enumerable.Range(0, Math.Min(20, circuits - walls.Count)).Select(_ => new WallCircuitClient(app.BaseUrl)).ToArray();
                walls.AddRange(batch);
                await Task.WhenAll(batch.Select(c => CircuitsBenchmark.OpenAsync(c, app.DeviceToken)));
            }
            Console.WriteLine($"soak: {walls.Count} walls live; {await GaugesAsync(http)}");

            // The writer: one case every 1/rate s, each posted without waiting for the previous one.
            var (grids, categories) = await WallLatencyBenchmark.GridsAndCategoriesAsync(http);
            long accepted = 0;
            var refused = new ConcurrentDictionary<string, int>();
            var inFlight = new ConcurrentDictionary<Task, byte>();
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / casesPerSecond));
                var random = new Random(7);
                for (var n = 0; await tick.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested; n++)
                {
                    var body = new
                    {
                        externalId = $"soak-{n}", source = "hotline", categoryCode = categories[random.Next(categories.Length)],
                        regionCode = grids[random.Next(grids.Length)], description = "浸泡测试案件", reporterPhone = "13812345678",
                    };
                    var post = PostAsync(body);
                    inFlight.TryAdd(post, 0);
                    _ = post.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);
                }
            });

            async Task PostAsync(object body)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync("/api/v1/cases", body);
                    if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref accepted);
                    else refused.AddOrUpdate($"{(int)response.StatusCode}", 1, (_, n) => n + 1);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    refused.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                }
            }

            // The soak: a sample every 30 s. The app's log from here on counts (its start-up warnings are reported apart).
            var logBefore = app.LogLines.Count;
            var samples = new List<Sample>();
            var cpuStart = IngestBenchmark.CpuTimes(app.Server.Id);
            var (versionStart, eventStart) = reference.Latest;
            var watch = Stopwatch.StartNew();
            var until = TimeSpan.FromMinutes(minutes);
            while (true)
            {
                var sample = await SampleAsync(app, http, watch.Elapsed);
                samples.Add(sample);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"soak: {sample.At.TotalMinutes,5:F1} min: VmRSS {sample.RssMb:F0} MB, GC heap {sample.GcHeapMb:F0} MB, {sample.Descriptors} fds, " +
                    $"{sample.Threads} threads; {sample.Gauges}; {sample.Gauges.CasesHeld:N0} cases held; {Interlocked.Read(ref accepted):N0} cases posted; load {WallCircuitsBenchmark.Load()}"));
                if (watch.Elapsed >= until) break;
                await Task.Delay(SampleEvery);
            }
            var elapsed = watch.Elapsed;
            var cpu = IngestBenchmark.CpuTimes(app.Server.Id);
            var (versionEnd, eventEnd) = reference.Latest;
            stop.Cancel();
            await writer;
            await Task.WhenAll(inFlight.Keys);

            // Every posted case counted: rows, folds, and the snapshot's 今日上报 against the database.
            var maxEvent = DemoDatabase.MaxEventId(app.Database);
            var caughtUp = Stopwatch.StartNew();
            while (reference.Latest.LastEventId < maxEvent && caughtUp.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(200);
            var snapshot = await http.GetFromJsonAsync<JsonElement>("/api/v1/dashboard");
            var lastEventId = snapshot.GetProperty("lastEventId").GetInt64();
            var day = DateOnly.Parse(snapshot.GetProperty("day").GetString()!, CultureInfo.InvariantCulture);
            var reportedToday = snapshot.GetProperty("today").GetProperty("reported").GetProperty("value").GetInt64();
            var counts = Count(app.Database, lastEventId, day);
            var casesCounted = counts.PostedRows == accepted && counts.PostedFolded == accepted && counts.ReportedToday == reportedToday;

            // Everyone leaves; the node's gauges go back to idle.
            var wallErrors = walls.Where(w => w.Error is not null).Select(w => w.Error!).ToArray();
            await Task.WhenAll(walls.Select(w => w.LeaveAsync()));
            var hubReceipts = 0L;
            if (hub is not null)
            {
                await hub.StandardInput.WriteLineAsync("done");
                await hub.WaitForExitAsync();
                hubReceipts = File.ReadLines(receipts).LongCount();
            }
            await Task.Delay(TimeSpan.FromSeconds(10));
            var after = await GaugesAsync(http);
            var leftBehind = after.Circuits != idle.Circuits || after.HubClients != idle.HubClients || after.Subscribers != idle.Subscribers;

            var log = app.LogLines;
            static bool WarningOrWorse(string l) => l.StartsWith("<4>") || l.StartsWith("<3>") || l.StartsWith("<2>") || l.StartsWith("<1>") || l.StartsWith("<0>");
            var startup = log.Take(logBefore).Where(WarningOrWorse).ToArray();
            var problems = log.Skip(logBefore).Where(WarningOrWorse).ToArray();

            var steady = samples.Where(s => s.At >= WarmUp).ToArray();
            if (steady.Length < 2) steady = [.. samples];
            string Slope(Func<Sample, double> value, string unit)
            {
                var (slope, _) = WallCircuitsBenchmark.Fit(steady.Select(s => (s.At.TotalHours, value(s))).ToArray());
                return string.Create(CultureInfo.InvariantCulture, $"{value(steady[0]):F0} → {value(steady[^1]):F0} {unit} ({slope:+0.0;-0.0} {unit} an hour)");
            }
            var snapshots = Math.Max(1, versionEnd - versionStart);
            var serverCpu = cpu.User + cpu.System - cpuStart.User - cpuStart.System;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"soak: {elapsed.TotalMinutes:F1} min, {walls.Count} walls, {hubClients} hub clients: {versionEnd - versionStart:N0} snapshots, " +
                $"{(eventEnd - eventStart) / elapsed.TotalMinutes:F0} case events a minute folded (simulator and writer); app CPU {serverCpu / elapsed * 100:F0}% of one core, " +
                $"{serverCpu.TotalMilliseconds / snapshots:F0} ms a snapshot; {hubReceipts:N0} snapshots reached the hub clients"));
            Console.WriteLine($"soak: after the {WarmUp.TotalMinutes:F0}-minute warm-up: VmRSS {Slope(s => s.RssMb, "MB")}; GC heap {Slope(s => s.GcHeapMb, "MB")}; " +
                              $"file descriptors {Slope(s => s.Descriptors, "")}; threads {Slope(s => s.Threads, "")}");
            // The working set holds every case of the month by design (docs/live-pipeline.md): memory grows with the cases held.
            // Per case held (least squares of memory on cases held), and what is left over time once that is taken out.
            string PerCase(Func<Sample, double> mb)
            {
                var (perCase, _) = WallCircuitsBenchmark.Fit(steady.Select(s => ((double)s.Gauges.CasesHeld, mb(s))).ToArray());
                var (rest, _) = WallCircuitsBenchmark.Fit(steady.Select(s => (s.At.TotalHours, mb(s) - perCase * s.Gauges.CasesHeld)).ToArray());
                return string.Create(CultureInfo.InvariantCulture, $"{perCase * 1024 * 1024:F0} bytes a case held, {Math.Round(rest, 1) + 0.0:+0.0;-0.0;0.0} MB an hour besides");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"soak: cases held by the working set {steady[0].Gauges.CasesHeld:N0} → {steady[^1].Gauges.CasesHeld:N0}: VmRSS {PerCase(s => s.RssMb)}; GC heap {PerCase(s => s.GcHeapMb)}"));
            Console.WriteLine($"soak: writer: {accepted:N0} cases accepted ({accepted / elapsed.TotalSeconds:F1} a second), refused: " +
                              (refused.IsEmpty ? "none" : string.Join(", ", refused.Select(r => $"{r.Key} ×{r.Value}"))));
            Console.WriteLine($"soak: counted: {counts.PostedRows:N0} posted cases in the database, {counts.PostedFolded:N0} of their reports folded " +
                              $"(last event id {lastEventId:N0} of {maxEvent:N0}); 今日上报 {reportedToday:N0} on the snapshot, {counts.ReportedToday:N0} report events " +
                              $"of {day:yyyy-MM-dd} in the database — {(casesCounted ? "every posted case counted" : "MISMATCH")}");
            Console.WriteLine($"soak: after everyone left: {after} (idle: {idle}) — {(leftBehind ? "LEFT BEHIND" : "nothing left behind")}");
            Console.WriteLine($"soak: app log at Warning and above during the soak: {problems.Length} lines (at start-up: {startup.Length}); circuits with an error: {wallErrors.Length}");
            foreach (var line in startup.Take(5)) Console.WriteLine($"  start-up: {line}");
            foreach (var line in problems.Take(10)) Console.WriteLine($"  {line}");
            foreach (var error in wallErrors.Distinct().Take(5)) Console.WriteLine($"  circuit: {error}");
            return casesCounted && !leftBehind && problems.Length == 0 && wallErrors.Length == 0 && refused.IsEmpty ? 0 : 1;
        }
        finally
        {
            if (hub is { HasExited: false }) hub.Kill(entireProcessTree: true);
            await Task.WhenAll(walls.Select(c => c.DisposeAsync().AsTask()));
            await reference.DisposeAsync();
        }
    }

    private sealed record Sample(TimeSpan At, double RssMb, double GcHeapMb, int Descriptors, int Threads, Gauges Gauges);

    /// <summary>The node's own gauges from <c>/metrics</c>.</summary>
    private sealed record Gauges(long Circuits, long HubClients, long Subscribers, double GcHeapBytes, long CasesHeld)
    {
        public override string ToString() => $"{Circuits} circuits, {HubClients} hub clients, {Subscribers} snapshot subscriptions";
    }

    private static async Task<Sample> SampleAsync(BenchApp app, HttpClient http, TimeSpan at)
    {
        var pid = app.Server.Id;
        var status = File.ReadAllLines($"/proc/{pid}/status");
        double Field(string name) => double.Parse(status.First(l => l.StartsWith(name + ":")).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var gauges = await GaugesAsync(http);
        return new Sample(at, Field("VmRSS") / 1024, gauges.GcHeapBytes / 1024 / 1024, Directory.GetFiles($"/proc/{pid}/fd").Length, (int)Field("Threads"), gauges);
    }

    private static async Task<Gauges> GaugesAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (Series: l[..(l.LastIndexOf('}') is var b and >= 0 ? b + 1 : l.IndexOf(' '))], Line: l))
            .Select(s => (s.Series, Value: double.Parse(s.Line[(s.Series.Length + 1)..].Split(' ')[0], CultureInfo.InvariantCulture)))
            .ToArray();
        double Sum(string name) => samples.Where(s => s.Series == name || s.Series.StartsWith(name + "{", StringComparison.Ordinal)).Sum(s => s.Value);
        return new Gauges((long)Sum("commandcenter_circuits_live"), (long)Sum("commandcenter_hub_clients"), (long)Sum("commandcenter_snapshot_subscribers"),
            Sum("dotnet_gc_last_collection_heap_size_bytes"), (long)Sum("commandcenter_snapshot_cases_held"));
    }

    /// <summary>The posted cases' rows and folded reports, and the day's report events up to <paramref name="lastEventId"/>.</summary>
    private static (long PostedRows, long PostedFolded, long ReportedToday) Count(string database, long lastEventId, DateOnly day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var from = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM cases WHERE external_id LIKE 'soak-%'),
                   (SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
                     WHERE c.external_id LIKE 'soak-%' AND e.type = 'report' AND e.id <= $last),
                   (SELECT COUNT(*) FROM case_events WHERE type = 'report' AND id <= $last AND at >= $from AND at < $to)
            """;
        command.Parameters.AddWithValue("$last", lastEventId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", from.AddDays(1));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
