using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Features.Demo;
using Microsoft.Playwright;

/// <summary>
/// <c>map [open cases] [updates]</c>: the wall's 案件地图 with 20,000 open cases. The app (<see cref="BenchApp"/>, simulator
/// off so every change is the bench's) gets that many open cases at points inside their grids through its own bulk
/// import; then one Chromium wall at 1920×1080 opens /wall/map and the bench reads:
/// <list type="bullet">
/// <item>the first drawing: navigation → every point on the map (the LeafletMap module's <c>data-points</c>), and the bytes
/// the page's circuit received for it;</item>
/// <item>each update: a case posted through the API → its point drawn (<c>data-points</c> one more), p50/p95/max, and the
/// bytes the circuit received for that update (its WebSocket frames from the post until a second after the point);</item>
/// <item>where the time goes: a hub client's snapshot → the point drawn (what the map adds to the live pipeline), and
/// the app's own log of each map picture read (<c>MapFeed</c> at Debug);</item>
/// <item>the app's CPU per update and its memory: VmRSS before the map, with the Chromium map, and with 10 browserless map
/// walls more (<see cref="WallCircuitClient"/>), i.e. a map circuit's memory.</item>
/// </list>
/// Targets (issue): drawn within 1 s of the snapshot, an update ≤ 50 KB.
/// </summary>
internal static partial class MapBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var open = args.Length > 1 ? int.Parse(args[1]) : 20_000;
        var updates = args.Length > 2 ? int.Parse(args[2]) : 20;
        await using var app = await BenchApp.StartAsync("map", "read,ingest", "--Simulator:Enabled=false", "--Security:ApiRequestsPerSecond=1000000",
            "--Logging:LogLevel:CommandCenter.Features.Map.MapFeed=Debug");
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", app.ApiKey);

        // The open cases, imported as a history from another system: reported in the last three days, a third waiting for
        // dispatch, the rest dispatched (some overdue by now), one in twenty urgent; every point inside its grid.
        var file = Path.Combine(app.Folder, "open.ndjson");
        var reference = await http.GetFromJsonAsync<JsonElement>("/api/v1/reference");
        string[] Codes(string list) => [.. reference.GetProperty(list).EnumerateArray().Select(c => c.GetProperty("code").GetString()!)];
        WriteOpenCases(file, open, Codes("categories"), Codes("departments"));
        var import = Stopwatch.StartNew();
        await WallLatencyBenchmark.RunToEndAsync(BenchApp.Dll, ["import", file, .. app.CommandSettings]);
        Console.WriteLine($"map: {open:N0} open cases imported in {import.Elapsed.TotalSeconds:F1} s");
        var caughtUp = Stopwatch.StartNew();
        var maxEvent = DemoDatabase.MaxEventId(app.Database);
        while ((await http.GetFromJsonAsync<JsonElement>("/api/v1/dashboard")).GetProperty("lastEventId").GetInt64() < maxEvent)
        {
            if (caughtUp.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("the snapshot did not fold the import within 3 minutes");
            await Task.Delay(500);
        }
        var geo = await http.GetFromJsonAsync<JsonElement>("/api/v1/geo/cases");
        var openNow = geo.GetProperty("features").GetArrayLength();
        Console.WriteLine($"map: the snapshot folded them; GET /api/v1/geo/cases answers {openNow:N0} open cases");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await WallLatencyBenchmark.LaunchChromiumAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(180_000);
        long received = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            Interlocked.Add(ref received, frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));

        var rssBefore = await CircuitsBenchmark.ResidentMbAsync(app.Server.Id);
        var first = Stopwatch.StartNew();
        await page.GotoAsync($"{app.BaseUrl}/wall/map?device={app.DeviceToken}");
        await page.WaitForFunctionAsync("n => +(document.querySelector('.leaflet-container')?.dataset.points ?? 0) >= n", openNow - 50,
            new PageWaitForFunctionOptions { PollingInterval = 20 });
        var firstDraw = first.Elapsed;
        var firstBytes = Interlocked.Read(ref received);
        var drawn = await PointsAsync(page);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"map: first drawing: navigation → {drawn:N0} points drawn in {firstDraw.TotalMilliseconds:F0} ms; the circuit received {firstBytes / 1024.0:F0} KB for it"));
        await page.WaitForTimeoutAsync(5000);
        var rssWithMap = await CircuitsBenchmark.ResidentMbAsync(app.Server.Id);

        // Updates: one case posted at a time; its point drawn.
        var random = new Random(11);
        var grids = DemoCityCatalog.Grids;
        var category = Codes("categories")[0];
        var latencies = new List<double>();
        var fromSnapshot = new List<double>();
        var bytes = new List<long>();
        var hub = await LiveBenchmarks.ConnectAsync(app.BaseUrl, app.ApiKey);
        var picturesBefore = PictureReads(app).Count;
        var cpuBefore = IngestBenchmark.CpuTimes(app.Server.Id);
        for (var i = 0; i < updates; i++)
        {
            var grid = grids[random.Next(grids.Count)];
            var (lat, lng) = new DistrictGrid(0, 0, grid.Name, grid.Region.Area).PointInside(random);
            var before = await PointsAsync(page);
            await page.WaitForTimeoutAsync(1000);
            var bytesBefore = Interlocked.Read(ref received);
            var posted = Stopwatch.StartNew();
            using (var response = await http.PostAsJsonAsync("/api/v1/cases", new
            {
                externalId = $"map-bench-{i}", source = "supervisor", categoryCode = category, regionCode = grid.Code,
                description = "地图压测：新案件", lat, lng,
            }))
            {
                if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /api/v1/cases: {(int)response.StatusCode}");
            }
            await page.WaitForFunctionAsync("n => +(document.querySelector('.leaflet-container')?.dataset.points ?? 0) > n", before,
                new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = 30_000 });
            var drawnAt = Stopwatch.GetTimestamp();
            latencies.Add(posted.Elapsed.TotalMilliseconds);
            // The snapshot that counted the new case, as a hub client received it: the map's share starts there.
            var postedAt = drawnAt - (long)(posted.Elapsed.TotalSeconds * Stopwatch.Frequency);
            var snapshots = hub.Received.ToArray();
            var reportedBefore = snapshots.Where(r => r.At < postedAt).Select(r => r.Reported).DefaultIfEmpty(0).Max();
            if (snapshots.Where(r => r.At >= postedAt && r.Reported > reportedBefore).OrderBy(r => r.At).FirstOrDefault() is { At: > 0 } counted)
                fromSnapshot.Add(Stopwatch.GetElapsedTime(counted.At, drawnAt).TotalMilliseconds);
            await page.WaitForTimeoutAsync(1000);
            bytes.Add(Interlocked.Read(ref received) - bytesBefore);
        }
        var cpuAfter = IngestBenchmark.CpuTimes(app.Server.Id);
        latencies.Sort();
        fromSnapshot.Sort();
        bytes.Sort();
        var reads = PictureReads(app).Skip(picturesBefore).Order().ToList();
        await hub.Connection.DisposeAsync();
        var cpuPerUpdate = (cpuAfter.User + cpuAfter.System - cpuBefore.User - cpuBefore.System).TotalMilliseconds / updates;

        // A map circuit's memory: 10 browserless map walls more.
        const int more = 10;
        var walls = Enumerable.Range(0, more).Select(_ => new WallCircuitClient(app.BaseUrl)).ToArray();
        try
        {
            foreach (var wall in walls) await CircuitsBenchmark.OpenAsync(wall, app.DeviceToken, "/wall/map");
            await Task.Delay(TimeSpan.FromSeconds(10));
            var rssWithWalls = await CircuitsBenchmark.ResidentMbAsync(app.Server.Id);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"map: case posted → its point drawn in Chromium, {updates} updates with {openNow:N0} open cases: p50 {P(latencies, 0.5):F0} ms, " +
                $"p95 {P(latencies, 0.95):F0} ms, max {latencies[^1]:F0} ms"));
            if (fromSnapshot.Count > 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"map: the snapshot at a hub client → the point drawn, {fromSnapshot.Count} updates: p50 {P(fromSnapshot, 0.5):F0} ms, " +
                    $"p95 {P(fromSnapshot, 0.95):F0} ms, max {fromSnapshot[^1]:F0} ms (target ≤ 1 s)"));
            if (reads.Count > 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"map: {reads.Count} map pictures read (MapFeed): p50 {P(reads, 0.5):F0} ms, max {reads[^1]:F0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"map: bytes to the circuit per update: median {P(bytes, 0.5) / 1024.0:F1} KB, max {bytes[^1] / 1024.0:F1} KB (target ≤ 50 KB); app CPU {cpuPerUpdate:F0} ms per update"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"map: app VmRSS {rssBefore:F0} MB before the map, {rssWithMap:F0} MB with the Chromium map wall ({rssWithMap - rssBefore:F0} MB), " +
                $"{rssWithWalls:F0} MB with {more} browserless map walls more ({(rssWithWalls - rssWithMap) / more:F1} MB each); load average {WallCircuitsBenchmark.Load()}"));
            return P(fromSnapshot.Count > 0 ? fromSnapshot : latencies, 0.95) <= 1000 && P(bytes, 0.5) <= 50 * 1024 ? 0 : 1;
        }
        finally
        {
            await context.CloseAsync();
            await Task.WhenAll(walls.Select(w => w.DisposeAsync().AsTask()));
        }
    }

    /// <summary>How long each map picture took to read, from the app's log (<c>MapFeed</c> at Debug: "… in N ms").</summary>
    private static List<double> PictureReads(BenchApp app) =>
        [.. app.LogLines.Select(line => PictureRead().Match(line)).Where(m => m.Success)
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [System.Text.RegularExpressions.GeneratedRegex(@"Map picture .* in ([0-9.]+) ms")]
    private static partial System.Text.RegularExpressions.Regex PictureRead();

    private static async Task<int> PointsAsync(IPage page) =>
        int.Parse(await page.Locator(".leaflet-container").First.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture);

    private static double P(List<double> sorted, double q) => CircuitsBenchmark.P(sorted, q);

    private static long P(List<long> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static void WriteOpenCases(string file, int count, string[] categories, string[] departments)
    {
        var random = new Random(5);
        var grids = DemoCityCatalog.Grids;
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        using var stream = new FileStream(file, FileMode.Create);
        using var json = new Utf8JsonWriter(stream);
        for (var i = 0; i < count; i++)
        {
            var grid = grids[random.Next(grids.Count)];
            var (lat, lng) = new DistrictGrid(0, 0, grid.Name, grid.Region.Area).PointInside(random);
            var reported = now.AddMinutes(-random.Next(30, 3 * 24 * 60));
            json.WriteStartObject();
            json.WriteString("externalId", $"map-open-{i:D6}");
            json.WriteString("source", "supervisor");
            json.WriteString("categoryCode", categories[random.Next(categories.Length)]);
            json.WriteString("regionCode", grid.Code);
            json.WriteString("description", $"在办案件 {i}");
            json.WriteNumber("lat", lat);
            json.WriteNumber("lng", lng);
            json.WriteString("reporterPhone", $"138{random.Next(10_000_000, 99_999_999)}");
            json.WriteBoolean("isUrgent", random.Next(20) == 0);
            json.WriteString("reportedAt", reported.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
            json.WriteStartArray("events");
            if (random.Next(3) > 0)
            {
                json.WriteStartObject();
                json.WriteString("eventId", $"map-open-{i:D6}-1");
                json.WriteString("type", "register");
                json.WriteString("at", reported.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
                json.WriteEndObject();
                json.WriteStartObject();
                json.WriteString("eventId", $"map-open-{i:D6}-2");
                json.WriteString("type", "dispatch");
                json.WriteString("at", reported.AddMinutes(10).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
                json.WriteString("departmentCode", departments[random.Next(departments.Length)]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
            json.Reset();
        }
    }
}
