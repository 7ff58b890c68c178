using CommandCenter.Data;
using CommandCenter.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace CommandCenter.Tests.Deployment;

/// <summary>
/// <see cref="ProductionSafety"/>: each rule refuses its unsafe combination with a message naming the key, and lets the
/// safe one through; Program does not start in Production when a rule is broken.
/// </summary>
public sealed class ProductionSafetyTests
{
    private const string ProxyListed = "ForwardedHeaders:KnownProxies:0";

    private static DatabaseOptions Sqlite(string file) => new() { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" };

    private static IReadOnlyList<string> Failures(DatabaseOptions database, Func<string, string?> fileSystem, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return ProductionSafety.Failures(configuration, database, fileSystem);
    }

    private static string? Local(string folder) => null;

    [Fact]
    public void SqliteOnANetworkFileSystem_IsRefused_NamingTheConnectionString()
    {
        var failure = Assert.Single(Failures(Sqlite("/mnt/share/cc/commandcenter.db"), folder => folder == "/mnt/share/cc" ? "nfs4" : null,
            (ProxyListed, "10.0.0.2")));

        Assert.StartsWith("ConnectionStrings:CommandCenter puts the SQLite database in /mnt/share/cc, on a network file system (nfs4)", failure);
    }

    [Fact]
    public void SqliteOnALocalDisk_OrSqlServer_OrInMemory_IsAllowed()
    {
        var asked = new List<string>();
        string? Network(string folder)
        {
            asked.Add(folder);
            return "cifs";
        }

        Assert.Empty(Failures(Sqlite("/var/lib/commandcenter/commandcenter.db"), Local, (ProxyListed, "10.0.0.2")));
        Assert.Empty(Failures(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=db01" }, Network, (ProxyListed, "10.0.0.2")));
        Assert.Empty(Failures(Sqlite(":memory:"), Network, (ProxyListed, "10.0.0.2")));
        Assert.Empty(asked);
    }

    [Fact]
    public void SeveralNodesWithoutASharedKeyFolder_IsRefused_NamingDataProtectionKeysPath()
    {
        var failure = Assert.Single(Failures(Sqlite("/var/lib/cc/cc.db"), Local, ("Redis:Configuration", "redis01:6379"), (ProxyListed, "10.0.0.2")));

        Assert.StartsWith("Redis:Configuration is set (several nodes) but DataProtection:KeysPath is not", failure);
        Assert.Empty(Failures(Sqlite("/var/lib/cc/cc.db"), Local, ("Redis:Configuration", "redis01:6379"),
            ("DataProtection:KeysPath", "/srv/cc-keys"), (ProxyListed, "10.0.0.2")));
        Assert.Empty(Failures(Sqlite("/var/lib/cc/cc.db"), Local, (ProxyListed, "10.0.0.2")));
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5000", "http://0.0.0.0:5000")]
    [InlineData("urls", "https://0.0.0.0:5001;http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http_ports", "8080", "http://*:8080")]
    [InlineData("Kestrel:Endpoints:Web:Url", "http://+:80", "http://+:80")]
    [InlineData("Nothing", "", ProductionSafety.KestrelDefaultUrl)]
    public void PlainHttpWithoutAProxy_IsRefused_NamingForwardedHeadersKnownProxies(string key, string value, string shown)
    {
        var failure = Assert.Single(Failures(Sqlite("/var/lib/cc/cc.db"), Local, (key, value)));

        Assert.StartsWith($"The app listens on plain HTTP ({shown}) in Production and ForwardedHeaders:KnownProxies names no proxy.", failure);
    }

    [Theory]
    [InlineData(ProxyListed, "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.20.0.0/24")]
    public void PlainHttpBehindANamedProxy_IsAllowed(string key, string value) =>
        Assert.Empty(Failures(Sqlite("/var/lib/cc/cc.db"), Local, ("urls", "http://127.0.0.1:5000"), (key, value)));

    [Fact]
    public void PlainHttpUnderIis_IsAllowed() =>
        Assert.Empty(Failures(Sqlite("/var/lib/cc/cc.db"), Local, ("IIS_PHYSICAL_PATH", @"C:\inetpub\commandcenter\")));

    [Fact]
    public void HttpsOnly_IsAllowed_AndKestrelEndpointsOverrideUrls()
    {
        Assert.Empty(Failures(Sqlite("/var/lib/cc/cc.db"), Local, ("urls", "https://0.0.0.0:443")));
        Assert.Empty(Failures(Sqlite("/var/lib/cc/cc.db"), Local, ("urls", "http://0.0.0.0:80"), ("Kestrel:Endpoints:Tls:Url", "https://0.0.0.0:443")));
    }

    [Fact]
    public void NetworkFileSystem_ReadsTheOperatingSystem_ForFoldersNotCreatedYet()
    {
        Assert.Null(ProductionSafety.NetworkFileSystem(Path.Combine(Path.GetTempPath(), $"cc-{Guid.NewGuid():N}", "data")));
        Assert.Equal("UNC path", ProductionSafety.NetworkFileSystem(@"\\fileserver\cc"));
    }

    [Fact]
    public void Production_WithABrokenRule_DoesNotStart_AndWithItFixed_Starts()
    {
        using var db = TestDatabase.CreateEmpty();
        using (var refused = new ProductionApp(db))
        {
            var error = Assert.ThrowsAny<Exception>(() => refused.Services);
            Assert.Contains("Unsafe production configuration. The app listens on plain HTTP (http://localhost:5000)", error.ToString(), StringComparison.Ordinal);
        }

        using var started = new ProductionApp(db, (ProxyListed, "127.0.0.1"));
        Assert.NotNull(started.Services);
    }

    private sealed class ProductionApp(TestDatabase db, params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:CommandCenter", db.Options.ConnectionString);
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("Simulator:Enabled", "false");
            builder.UseSetting("DataProtection:KeysPath", Path.Combine(Path.GetTempPath(), $"cc-keys-{Guid.NewGuid():N}"));
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}
