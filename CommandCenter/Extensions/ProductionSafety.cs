using CommandCenter.Data;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Extensions;

/// <summary>
/// 生产环境配置检查: configurations that start and seem to work in Production but lose data, sessions or privacy, refused at
/// start (<see cref="HostStartup"/>) with a message naming the key to change. Each setting on its own is valid; these rules
/// are about combinations, and they hold in the environment <c>Production</c> only (Development and the tests run on plain
/// http on one node by design).
/// <list type="number">
/// <item>SQLite on a network file system (NFS, SMB/CIFS, …): SQLite's locks are not reliable there and WAL needs shared
/// memory on one machine; the file can corrupt.</item>
/// <item>Several nodes (<c>Redis:Configuration</c> set) without <c>DataProtection:KeysPath</c>: each node would keep its own
/// key ring under its content root, and a cookie issued by one node would not open on the other.</item>
/// <item>Plain HTTP without a trusted proxy: an <c>http://</c> listening address (<c>urls</c>, <c>http_ports</c>,
/// <c>Kestrel:Endpoints:*:Url</c>, or Kestrel's default http://localhost:5000 when none is set) while
/// <c>ForwardedHeaders:KnownProxies</c> and <c>KnownNetworks</c> are both empty. Either the browsers reach the app over plain
/// HTTP (passwords and cookies in clear), or a TLS proxy in front is not named, and then cookies are not Secure, HTTPS
/// redirection loops or never happens, and rate limits and the audit log see the proxy's address for every client.
/// Not under IIS, which is then the proxy (see docs/deploy.md, IIS).</item>
/// </list>
/// </summary>
public static class ProductionSafety
{
    /// <summary>Kestrel's address when none is configured.</summary>
    public const string KestrelDefaultUrl = "http://localhost:5000";

    /// <summary>
    /// Every rule the configuration breaks, one message each naming its key; empty when it is safe.
    /// <paramref name="networkFileSystem"/> names the network file system a folder is on, or null for a local disk.
    /// </summary>
    public static IReadOnlyList<string> Failures(IConfiguration configuration, DatabaseOptions database, Func<string, string?> networkFileSystem)
    {
        var failures = new List<string>();
        if (SqliteFolder(database) is { } folder && networkFileSystem(folder) is { } fileSystem)
            failures.Add($"ConnectionStrings:CommandCenter puts the SQLite database in {folder}, on a network file system ({fileSystem}): " +
                         "SQLite's locking is not safe there and the file can be corrupted. Put the file on a local disk of this machine " +
                         "(several machines: use SQL Server, Database:Provider=SqlServer).");

        if (configuration["Redis:Configuration"] is { Length: > 0 } && string.IsNullOrWhiteSpace(configuration["DataProtection:KeysPath"]))
            failures.Add("Redis:Configuration is set (several nodes) but DataProtection:KeysPath is not: each node would keep its own " +
                         "cookie keys under its App_Data/keys and a session signed in on one node would be refused by the other. " +
                         "Set DataProtection:KeysPath to one persistent folder that every node shares.");

        var plainHttp = ListeningUrls(configuration).Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).ToList();
        var proxyNamed = configuration.GetSection("ForwardedHeaders:KnownProxies").GetChildren().Any(c => c.Value is { Length: > 0 })
                         || configuration.GetSection("ForwardedHeaders:KnownNetworks").GetChildren().Any(c => c.Value is { Length: > 0 });
        // Under IIS (the ASP.NET Core Module sets ASPNETCORE_IIS_PHYSICAL_PATH) IIS terminates TLS and, hosted in-process,
        // hands the app the client's scheme and address itself: IIS is the proxy, and its site bindings say https or not.
        var underIis = configuration["IIS_PHYSICAL_PATH"] is { Length: > 0 };
        if (plainHttp.Count > 0 && !proxyNamed && !underIis)
            failures.Add($"The app listens on plain HTTP ({string.Join(", ", plainHttp)}) in Production and ForwardedHeaders:KnownProxies " +
                         "names no proxy. Behind a TLS proxy (nginx, IIS), set ForwardedHeaders:KnownProxies (or KnownNetworks) to its " +
                         "address; without one, listen on https only (Kestrel:Endpoints with a certificate). See docs/deploy.md.");
        return failures;
    }

    /// <summary>
    /// The addresses Kestrel will listen on, as configured: <c>Kestrel:Endpoints:*:Url</c> when any (they take precedence),
    /// else <c>urls</c> (ASPNETCORE_URLS, --urls) and <c>http_ports</c>/<c>https_ports</c>, else Kestrel's default.
    /// </summary>
    public static IReadOnlyList<string> ListeningUrls(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).OfType<string>().Where(u => u.Length > 0).ToList();
        if (endpoints.Count > 0) return endpoints;
        if (configuration["urls"] is { Length: > 0 } urls)
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = Ports(configuration["http_ports"]).Select(p => $"http://*:{p}")
            .Concat(Ports(configuration["https_ports"]).Select(p => $"https://*:{p}")).ToList();
        return ports.Count > 0 ? ports : [KestrelDefaultUrl];
    }

    private static string[] Ports(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>The folder of the SQLite file, or null for SQL Server and in-memory databases.</summary>
    private static string? SqliteFolder(DatabaseOptions database)
    {
        if (database.Provider != DatabaseProvider.Sqlite) return null;
        var builder = new SqliteConnectionStringBuilder(database.ConnectionString);
        if (builder.DataSource is not { Length: > 0 } file || file == ":memory:" || builder.Mode == SqliteOpenMode.Memory) return null;
        return Path.GetDirectoryName(Path.GetFullPath(file));
    }

    /// <summary>
    /// The file system type when <paramref name="folder"/> (or, before it is created, its nearest existing parent) is on a
    /// network file system, as the operating system reports it (nfs, cifs, smb3, fuse.sshfs, …; on Windows a UNC path or a
    /// mapped network drive); null for a local disk.
    /// </summary>
    public static string? NetworkFileSystem(string folder)
    {
        if (folder.StartsWith(@"\\", StringComparison.Ordinal) || folder.StartsWith("//", StringComparison.Ordinal)) return "UNC path";
        var existing = new DirectoryInfo(folder);
        while (existing is { Exists: false }) existing = existing.Parent;
        if (existing is null) return null;
        var drive = new DriveInfo(OperatingSystem.IsWindows() ? Path.GetPathRoot(existing.FullName)! : existing.FullName);
        return drive.DriveType == DriveType.Network ? drive.DriveFormat : null;
    }
}
