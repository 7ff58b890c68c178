using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CommandCenter.Tests;

/// <summary>How the tests start the app of this build as a child process, on a port of its own.</summary>
public static class AppLaunch
{
    /// <summary>The app's project folder, next to the test project.</summary>
    public static readonly string ProjectDir =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "CommandCenter"));

    /// <summary>
    /// <c>dotnet CommandCenter.dll</c> of the same configuration as the tests (…/bin/&lt;configuration&gt;/net10.0), run in the
    /// project folder in <paramref name="environment"/>, its output redirected.
    /// </summary>
    public static ProcessStartInfo StartInfo(string environment, IEnumerable<string> arguments)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ProjectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(ProjectDir, "bin", configuration, "net10.0", "CommandCenter.dll"));
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
