using System.Diagnostics;
using CommandCenter.Features.Demo;

/// <summary>
/// The app (CommandCenter.dll of this build, Development as the other wall benches) in a child process over a fresh SQLite
/// file with a short demo history, the simulator on, a display device and an API key. Its log (at Warning and above) is
/// kept: <see cref="LogLines"/>.
/// </summary>
internal sealed class BenchApp : IAsyncDisposable
{
    /// <summary>Reports a minute that, at the simulator's ≈ 6 events per case, make about 120 case events a minute.</summary>
    public const double ReportsPerMinute = 20;

    private readonly List<string> _log = [];

    private BenchApp(string folder, string baseUrl, string deviceToken, string apiKey, int casesPerDay, string[] settings)
    {
        (Folder, BaseUrl, DeviceToken, ApiKey, CasesPerDay, CommandSettings) = (folder, baseUrl, deviceToken, apiKey, casesPerDay, settings);
    }

    /// <summary>The settings the app runs with, for one of its commands on the same database (<c>import</c>…).</summary>
    public string[] CommandSettings { get; }

    /// <summary>CommandCenter.dll of this build.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "CommandCenter.dll");

    public string Folder { get; }
    public string Database => Path.Combine(Folder, "circuits.db");
    public Process Server { get; private set; } = null!;
    public string BaseUrl { get; }
    public string DeviceToken { get; }
    public string ApiKey { get; }
    public int CasesPerDay { get; }

    /// <summary>The app's log lines so far (Warning and above: the level the bench runs it at).</summary>
    public IReadOnlyList<string> LogLines
    {
        get { lock (_log) return [.. _log]; }
    }

    /// <param name="scopes">the API key's scopes</param>
    /// <param name="extraSettings">more app settings, <c>--Section:Key=value</c></param>
    public static async Task<BenchApp> StartAsync(string name, string scopes = "read", params string[] extraSettings)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cc-bench-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var dll = Path.Combine(AppContext.BaseDirectory, "CommandCenter.dll");
        var baseUrl = $"http://127.0.0.1:{6100 + Random.Shared.Next(100)}";
        var casesPerDay = CasesPerDayFor(DateTime.UtcNow);
        string[] settings = [.. Settings(folder, casesPerDay), .. extraSettings];
        var token = WallLatencyBenchmark.DeviceToken().Match(await WallLatencyBenchmark.RunToEndAsync(dll, ["display", "add", "bench", .. settings])).Value;
        var key = WallLatencyBenchmark.ApiKey().Match(
            await WallLatencyBenchmark.RunToEndAsync(dll, ["apikey", "create", "bench", "--scopes", scopes, .. settings])).Value;
        var app = new BenchApp(folder, baseUrl, token, key, casesPerDay, settings);
        app.Server = WallLatencyBenchmark.Start(dll, ["--urls", baseUrl, .. settings], onLine: line =>
        {
            lock (app._log) app._log.Add(line);
        });
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        await WallLatencyBenchmark.WaitForSnapshotAsync(http, TimeSpan.FromMinutes(6));
        Console.WriteLine($"{name}: app {app.Server.Id} up on {baseUrl}: demo city of {HistoryDays} days at {casesPerDay} cases a day, simulator at speed 100");
        return app;
    }

    private const int HistoryDays = 14;

    /// <summary>
    /// A short seeded history (the wall shows today, this month and rankings; a long history would only slow the
    /// seed) and the simulator at its top speed with as many cases a day as make <see cref="ReportsPerMinute"/> in the
    /// business hour the run starts in (<see cref="DistrictRhythm"/>: a quiet night needs many more than a morning).
    /// </summary>
    private static string[] Settings(string folder, int casesPerDay) =>
    [
        $"--ConnectionStrings:CommandCenter=Data Source={Path.Combine(folder, "circuits.db")}", "--Logging:Console:FormatterName=systemd",
        $"--Demo:HistoryDays={HistoryDays}", $"--Demo:CasesPerDay={casesPerDay}",
        "--Simulator:Enabled=true", "--Simulator:Speed=100",
        "--Wall:StaleAfterSeconds=86400", "--Wall:OverdueAlertThreshold=1000000",
        // Every wall of the bench signs in as the same display device; the per-person guard (20 by default) would refuse the 21st.
        "--Security:MaxCircuitsPerUser=5000",
        $"--DataProtection:KeysPath={Path.Combine(folder, "keys")}", "--Logging:LogLevel:Default=Warning",
    ];

    private static int CasesPerDayFor(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var perMinuteAtSpeed1 = DistrictRhythm.ExpectedReports(DateOnly.FromDateTime(local), local.Hour, 1) / 60;
        return (int)Math.Clamp(Math.Ceiling(ReportsPerMinute / (100 * perMinuteAtSpeed1)), 1, 10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Server.HasExited) Server.Kill(entireProcessTree: true);
        await Server.WaitForExitAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

