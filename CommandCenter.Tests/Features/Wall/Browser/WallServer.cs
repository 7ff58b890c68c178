using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace CommandCenter.Tests.Features.Wall.Browser;

/// <summary>
/// The app as a real child process (<c>dotnet CommandCenter.dll</c> from the build output) on a free port, over a temp SQLite
/// file holding a small demo city with the simulator off (so the figures hold still), so a test can kill it and start it
/// again. One display device and one API key (ingest, read) are created through the CLI first. Also owns the browser.
/// </summary>
public sealed partial class WallServer : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cc-wall-{Guid.NewGuid():N}");
    private readonly StringBuilder _log = new();
    private Process? _process;
    private IPlaywright? _playwright;

    public int Port { get; } = AppLaunch.FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string DeviceToken { get; private set; } = "";
    public string ApiKey { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public HttpClient Api { get; private set; } = default!;
    private string DatabaseFile => Path.Combine(_folder, "wall.db");

    private string[] Settings =>
    [
        $"--ConnectionStrings:CommandCenter=Data Source={DatabaseFile}",
        "--Demo:Enabled=true", "--Demo:HistoryDays=45", "--Demo:CasesPerDay=40", "--Demo:SatisfactionMonths=24",
        "--Simulator:Enabled=false",
        "--LiveFeed:PollIntervalMs=200",
        "--Security:CacheDuration=00:00:01", "--Security:RevalidationInterval=00:00:02",
        // The simulator is off: no new data for minutes is normal here, not stale.
        "--Wall:StaleAfterSeconds=86400", "--Wall:OverdueAlertThreshold=100000", "--Wall:PlaylistRefreshSeconds=2",
        $"--DataProtection:KeysPath={Path.Combine(_folder, "keys")}",
    ];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        DeviceToken = DeviceTokenPattern().Match(await RunCliAsync("display", "add", "wall-browser")).Value;
        ApiKey = ApiKeyPattern().Match(await RunCliAsync("apikey", "create", "wall-browser", "--scopes", "ingest,read")).Value;
        Assert.StartsWith("ccd_", DeviceToken);
        Assert.StartsWith("cck_", ApiKey);
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        await StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Starts the app and waits until it serves the live snapshot (the first start seeds the demo city).</summary>
    public async Task StartAsync()
    {
        _process = Process.Start(AppLaunch.StartInfo("Development", ["--urls", BaseUrl, .. Settings]))!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the app exited:\n{Log}");
            try
            {
                if ((await Api.GetAsync("/api/v1/dashboard")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        Assert.Fail($"the app did not serve /api/v1/dashboard within 4 minutes:\n{Log}");
    }

    public void Kill()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>A new browser page of the given size, signed in as the display device, in the given language (the wall's
    /// default, Chinese, when none: <c>en</c> goes through <c>/culture/en</c> once, as a screen is set up).</summary>
    public async Task<IPage> WallPageAsync(int width, int height, string path = "/wall/overview", string? token = null, string? culture = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{BaseUrl}{path}?device={token ?? DeviceToken}");
        if (culture is not null) await page.GotoAsync($"{BaseUrl}/culture/{culture}?returnUrl={Uri.EscapeDataString(path)}");
        await page.WaitForSelectorAsync(".wall-screen[data-version][data-live]");
        return page;
    }

    /// <summary>Where the browser tests save their screenshots (<c>WALL_SCREENSHOTS</c>), none when unset.</summary>
    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable("WALL_SCREENSHOTS") is { Length: > 0 } folder ? folder : null;

    /// <summary>Registers another display device through the CLI and returns its token.</summary>
    public async Task<string> AddDeviceAsync(string name) =>
        DeviceTokenPattern().Match(await RunCliAsync("display", "add", name)).Value;

    /// <summary>Creates an administrator through the CLI and returns the password it printed.</summary>
    public async Task<string> AddAdminAsync(string name) =>
        PasswordPattern().Match(await RunCliAsync("user", "add", name, "--roles", "Admin")).Groups[1].Value;

    /// <summary>A count read straight from the app's database (what a page saved).</summary>
    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (parameter, value) in parameters) command.Parameters.AddWithValue(parameter, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Revokes a device in the database, as /admin/displays does.</summary>
    public async Task RevokeDeviceAsync(string name)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "UPDATE display_devices SET revoked_at = $now WHERE name = $name";
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O"));
        command.Parameters.AddWithValue("$name", name);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<string> RunCliAsync(params string[] command)
    {
        using var cli = Process.Start(AppLaunch.StartInfo("Development", [.. command, .. Settings]))!;
        var output = await cli.StandardOutput.ReadToEndAsync();
        var error = await cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        Assert.True(cli.ExitCode == 0, $"{string.Join(' ', command)} failed: {output}{error}");
        return output;
    }

    public async Task DisposeAsync()
    {
        Kill();
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex("ccd_[A-Za-z0-9_-]+")]
    private static partial Regex DeviceTokenPattern();

    [GeneratedRegex(@"Password \(shown once\): (\S+)")]
    private static partial Regex PasswordPattern();

    [GeneratedRegex("cck_[A-Za-z0-9_-]+")]
    private static partial Regex ApiKeyPattern();
}
