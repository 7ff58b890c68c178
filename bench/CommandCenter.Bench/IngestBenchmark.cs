using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>
/// The real app (CommandCenter.dll, Production environment) on a loopback port with a fresh SQLite file holding the demo
/// city, an API key made by its own command line, and <c>clients</c> concurrent clients that each create a case and walk it
/// through register → dispatch → resolve → verify → satisfaction, for <c>seconds</c>. Every 201 is one case_events row
/// (a created case writes its report event), so afterwards the rows are counted: accepted must equal written.
/// The API rate limit (Security:ApiRequestsPerSecond, 2,000 per key by default) is raised for the run: one key here
/// stands for many real senders.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(int seconds, int clients, int warmUpSeconds = 30, string[]? appSettings = null)
    {
        var db = Path.Combine(Path.GetTempPath(), $"cc-bench-ingest-{Guid.NewGuid():N}.db");
        var app = Path.Combine(AppContext.BaseDirectory, "CommandCenter.dll");
        var port = 5800 + Random.Shared.Next(100);
        string[] settings =
        [
            $"--ConnectionStrings:CommandCenter=Data Source={db}", "--Simulator:Enabled=false",
            "--Security:ApiRequestsPerSecond=1000000", "--Logging:LogLevel:Default=Warning", .. appSettings ?? [],
        ];
        Process? server = null;
        try
        {
            var keyOutput = await WallLatencyBenchmark.RunToEndAsync(app, ["apikey", "create", "bench", "--scopes", "ingest,read", .. settings]);
            var key = keyOutput.Split(':').Last().Trim();
            server = WallLatencyBenchmark.Start(app, ["--urls", $"http://127.0.0.1:{port}", .. settings], "Production");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            await WallLatencyBenchmark.WaitForOkAsync(http, "/api/v1/reference", TimeSpan.FromMinutes(3));
            var reference = await http.GetFromJsonAsync<JsonElement>("/api/v1/reference");
            var grids = reference.GetProperty("regions").EnumerateArray().Where(r => r.GetProperty("level").GetString() == "grid")
                .Select(r => r.GetProperty("code").GetString()!).ToArray();
            var categories = reference.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray();
            var departments = reference.GetProperty("departments").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray();
            long acceptedCases = 0, acceptedSteps = 0;
            var failures = new ConcurrentDictionary<string, int>();
            var latencies = new ConcurrentBag<double>();
            var watch = Stopwatch.StartNew();
            // Warm-up (not counted): the JIT compiles the app's code paths and then recompiles the hot ones (tiered
            // compilation); on a busy 2-core machine that takes tens of seconds, and "sustained" means after it.
            var round = "warmup";
            var until = TimeSpan.FromSeconds(warmUpSeconds);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c))));
            (acceptedCases, acceptedSteps, round, until) = (0, 0, "run", TimeSpan.FromSeconds(seconds));
            failures.Clear();
            latencies.Clear();

            var (casesBefore, eventsBefore) = DemoDatabase.Counts(db);
            var serverCpuBefore = CpuTimes(server.Id);
            var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();

            async Task<HttpStatusCode> PostAsync(string path, object body)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync(path, body);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Created)
                    failures.AddOrUpdate($"{path.Split('/')[^1]} {(int)response.StatusCode}", 1, (_, n) => n + 1);
                return response.StatusCode;
            }

            async Task ClientAsync(int client)
            {
                var random = new Random(client);
                for (var n = 0; watch.Elapsed < until; n++)
                {
                    using var created = await http.PostAsJsonAsync("/api/v1/cases", new
                    {
                        externalId = $"bench-{round}-{client}-{n}",
                        source = "hotline",
                        categoryCode = categories[random.Next(categories.Length)],
                        regionCode = grids[random.Next(grids.Length)],
                        description = "压测案件",
                        reporterPhone = "13812345678",
                    });
                    if (created.StatusCode != HttpStatusCode.Created)
                    {
                        failures.AddOrUpdate($"cases {(int)created.StatusCode}", 1, (_, v) => v + 1);
                        continue;
                    }
                    Interlocked.Increment(ref acceptedCases);
                    var caseNo = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseNo").GetString();
                    var path = $"/api/v1/cases/{caseNo}/events";
                    object[] steps =
                    [
                        new { eventId = $"{caseNo}-1", type = "register" },
                        new { eventId = $"{caseNo}-2", type = "dispatch", departmentCode = departments[random.Next(departments.Length)] },
                        new { eventId = $"{caseNo}-3", type = "resolve", method = "service" },
                        new { eventId = $"{caseNo}-4", type = "verify", passed = true },
                        new { eventId = $"{caseNo}-5", type = "satisfaction", rating = "satisfied" },
                    ];
                    foreach (var step in steps)
                    {
                        if (await PostAsync(path, step) != HttpStatusCode.Created) break;
                        Interlocked.Increment(ref acceptedSteps);
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c))));
            var elapsed = watch.Elapsed;
            var serverCpuAfter = CpuTimes(server.Id);
            var (serverUser, serverSystem) = (serverCpuAfter.User - serverCpuBefore.User, serverCpuAfter.System - serverCpuBefore.System);
            var serverCpu = serverUser + serverSystem;
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore;
            var (casesAfter, eventsAfter) = DemoDatabase.Counts(db);

            var accepted = acceptedCases + acceptedSteps;
            var sorted = latencies.Order().ToArray();
            Console.WriteLine($"ingest{(appSettings is { Length: > 0 } ? " (" + string.Join(" ", appSettings) + ")" : "")}: {clients} clients, {elapsed.TotalSeconds:F1} s: {acceptedCases:N0} cases + {acceptedSteps:N0} steps accepted " +
                              $"= {accepted / elapsed.TotalSeconds:N0} events/s ({acceptedCases / elapsed.TotalSeconds:N0} cases/s)");
            if (sorted.Length > 0)
                Console.WriteLine($"step latency: p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms");
            Console.WriteLine($"app CPU {serverCpu.TotalSeconds:F1} s (user {serverUser.TotalSeconds:F1}, system {serverSystem.TotalSeconds:F1}) = {accepted / serverCpu.TotalSeconds:N0} events per app CPU-second; " +
                              $"load generator CPU {benchCpu.TotalSeconds:F1} s; machine load {File.ReadAllText("/proc/loadavg").Split(' ')[0]} runnable on {Environment.ProcessorCount} cores");
            Console.WriteLine($"refused: {(failures.IsEmpty ? "none" : string.Join(", ", failures.Select(f => $"{f.Key} ×{f.Value}")))}");
            var lossless = casesAfter - casesBefore == acceptedCases && eventsAfter - eventsBefore == accepted;
            Console.WriteLine($"rows written: {casesAfter - casesBefore:N0} cases, {eventsAfter - eventsBefore:N0} case_events — " +
                              (lossless ? "zero loss: every 201 is one row" : "MISMATCH"));
            return lossless ? 0 : 1;
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        }
    }

    /// <summary>
    /// User + system CPU time of a process, from /proc (Linux); with <paramref name="children"/>, of the children it has waited for.
    /// </summary>
    internal static (TimeSpan User, TimeSpan System) CpuTimes(int pid, bool children = false)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Fields 14 and 15 of stat (utime, stime), or 16 and 17 (cutime, cstime), counted after the ")" that ends the command name,
        // in clock ticks (100 per second).
        var first = children ? 13 : 11;
        return (TimeSpan.FromSeconds(long.Parse(fields[first]) / 100.0), TimeSpan.FromSeconds(long.Parse(fields[first + 1]) / 100.0));
    }
}
