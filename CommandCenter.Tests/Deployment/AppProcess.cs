using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CommandCenter.Tests.Deployment;

/// <summary>
/// The app from the build output as a child process (<c>dotnet CommandCenter.dll</c>, content root the project folder, as
/// <c>dotnet run</c> has it) in a given environment, on a free loopback port, over its own SQLite file and key folder in a
/// temp folder. Demo city and simulator off unless <paramref name="settings"/> say otherwise.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly string _environment;
    private readonly string[] _settings;
    private Process? _process;

    public AppProcess(string environment, string folder, params string[] settings)
    {
        _environment = environment;
        Folder = folder;
        Directory.CreateDirectory(folder);
        _settings =
        [
            $"--ConnectionStrings:CommandCenter=Data Source={DatabaseFile}",
            "--Demo:Enabled=false", "--Simulator:Enabled=false",
            $"--DataProtection:KeysPath={Path.Combine(folder, "keys")}",
            .. settings,
        ];
    }

    public string Folder { get; }
    public string DatabaseFile => Path.Combine(Folder, "app.db");
    public int Port { get; } = AppLaunch.FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Starts the app and waits until <c>/health</c> answers (the first start may seed the demo city).</summary>
    public async Task StartAsync()
    {
        _process = Process.Start(AppLaunch.StartInfo(_environment, ["--urls", BaseUrl, .. _settings]))!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the app exited:\n{Log}");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        Assert.Fail($"the app did not answer /health within 4 minutes:\n{Log}");
    }

    /// <summary>Starts the app and waits for it to exit by itself (a start it refuses); its exit code and log.</summary>
    public async Task<(int ExitCode, string Log)> RunToExitAsync()
    {
        using var process = Process.Start(AppLaunch.StartInfo(_environment, ["--urls", BaseUrl, .. _settings]))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Runs a command of the CLI (<c>backup FILE</c>, <c>user add …</c>) with the app's settings; exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(params string[] command)
    {
        using var cli = Process.Start(AppLaunch.StartInfo(_environment, [.. command, .. _settings]))!;
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return (cli.ExitCode, await output + await error);
    }

    public void Kill()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
