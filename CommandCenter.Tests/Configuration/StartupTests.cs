using CommandCenter.Data;
using CommandCenter.Extensions;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Live;
using CommandCenter.Security;
using CommandCenter.Tests.Apis;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Configuration;

/// <summary>
/// The app as Program.cs composes and starts it (WebApplicationFactory runs Program's top-level code): a bad setting stops
/// it with the key in the message before the database is touched; the schema and the demo city are ready before any hosted
/// service starts; a failed migration stops it with a critical log entry. Composition details (defaults that depend on the
/// provider, the session lifetime, the key ring) are read from a host built directly.
/// </summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("LiveFeed:PollIntervalMs", "10", "LiveFeed:PollIntervalMs must be between 50 and 60000 (got 10).")]
    [InlineData("LiveFeed:HeartbeatSeconds", "0", "LiveFeed:HeartbeatSeconds must be between 1 and 3600 (got 0).")]
    [InlineData("LiveFeed:RebuildMinutes", "-5", "LiveFeed:RebuildMinutes must be between 0 and 1440 (got -5).")]
    [InlineData("Database:Provider", "Postgres", "'Database:Provider'")]
    [InlineData("Database:Provider", "7", "Database:Provider must be Sqlite or SqlServer (got 7).")]
    [InlineData("Database:SqliteSynchronous", "Off", "'Database:SqliteSynchronous'")]
    [InlineData("Business:TimeZone", "Asia/Shangai", "Business:TimeZone must be a time zone id such as Asia/Shanghai (got 'Asia/Shangai').")]
    [InlineData("Business:WorkingHours", "08:30-12:00,12:00-17:30", "Business:WorkingHours must be working stretches such as 08:30-12:00,13:30-17:30, in order (has '12:00-17:30', which does not start after the stretch before it ends) (got '08:30-12:00,12:00-17:30').")]
    [InlineData("Indicators:Weights:NoRework", "-10", "Indicators:Weights:NoRework must be 0 or more (got -10).")]
    [InlineData("Security:SessionLifetime", "8 hours", "'Security:SessionLifetime'")]
    [InlineData("Security:ChangePollInterval", "00:00:00.010", "Security:ChangePollInterval must be 00:00:00.0500000 or more (got 00:00:00.0100000).")]
    [InlineData("Security:LoginPostsPerMinute", "0", "Security:LoginPostsPerMinute must be 1 or more (got 0).")]
    [InlineData("Security:AllowedOrigins:0", "cc.city.gov.cn", "Security:AllowedOrigins:0 must be an origin")]
    [InlineData("Wall:DefaultRotateSeconds", "2", "Wall:DefaultRotateSeconds must be between 5 and 3600 (got 2).")]
    [InlineData("Wall:AlertSeconds", "0", "Wall:AlertSeconds must be 1 or more (got 0).")]
    [InlineData("Demo:HistoryDays", "-1", "Demo:HistoryDays must be between 0 and 3650 (got -1).")]
    [InlineData("Simulator:Speed", "0.5", "Simulator:Speed must be between 1 and 100 (got 0.5).")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy01", "ForwardedHeaders:KnownProxies: 'proxy01' is not an IP address.")]
    [InlineData("Redis:Configuration", "redis01:6379,pasword=x", "Redis:Configuration is not a Redis configuration string")]
    public void BadSetting_StopsTheStart_NamingTheKey_BeforeTheDatabaseIsTouched(string key, string value, string message)
    {
        using var db = TestDatabase.CreateEmpty();
        using var app = new App(db, (key, value));

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(db.Path), "the database file was created: the migrations ran before the settings were checked");
    }

    [Fact]
    public void AllWeightsZero_StopsTheStart()
    {
        using var db = TestDatabase.CreateEmpty();
        using var app = new App(db, ("Indicators:Weights:OnTimeClosure", "0"), ("Indicators:Weights:Closure", "0"),
            ("Indicators:Weights:NoRework", "0"), ("Indicators:Weights:Satisfaction", "0"));

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Indicators:Weights must not all be 0", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadSetting_IsLoggedAsCritical()
    {
        using var db = TestDatabase.CreateEmpty();
        using var app = new App(db, ("Wall:StaleAfterSeconds", "0"));

        Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains("Wall:StaleAfterSeconds must be 1 or more (got 0)."));
    }

    [Fact]
    public void Defaults_Start_AndEveryHostedServiceStartsOnTheMigratedSchema()
    {
        using var db = TestDatabase.CreateEmpty();
        using var app = new App(db);

        using var client = app.CreateClient();

        // Registered first of all hosted services: with the migrations in a hosted service it would start on no schema.
        Assert.Equal("cases", app.Probe.TableFound);
        Assert.True(db.Count("SchemaVersions") > 0);
    }

    [Fact]
    public void DemoCity_IsSeededBeforeAnyHostedServiceStarts()
    {
        using var db = TestDatabase.CreateEmpty();
        using var app = new App(db, ("Demo:Enabled", "true"), ("Demo:HistoryDays", "2"), ("Demo:CasesPerDay", "5"), ("Demo:SatisfactionMonths", "1"));

        _ = app.Services;

        Assert.True(app.Probe.Regions > 0, "the first hosted service started before the demo city was seeded");
    }

    [Fact]
    public void FailedMigration_StopsTheStart_WithACriticalLogEntry_AndNoHostedServiceStarts()
    {
        using var db = TestDatabase.CreateEmpty();
        File.WriteAllText(db.Path, "this is not an SQLite database, and it is long enough to have a header of sixteen bytes");
        using var app = new App(db);

        Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Critical && e.Message.StartsWith("CommandCenter did not start:", StringComparison.Ordinal));
        Assert.Null(app.Probe.TableFound);
    }

    [Fact]
    public void SampleSettings_AreValid()
    {
        using var app = Build(b => b.Configuration.AddJsonFile(SamplePath()));

        app.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(DatabaseProvider.Sqlite, app.Services.GetRequiredService<DatabaseOptions>().Provider);
    }

    [Theory]
    [InlineData(null, null, true, true)]
    [InlineData("Sqlite", "false", false, false)]
    [InlineData("SqlServer", null, false, false)]
    [InlineData("SqlServer", "true", true, false)]
    public void DemoAndSimulator_DefaultByProvider(string? provider, string? demo, bool demoEnabled, bool simulatorEnabled)
    {
        using var app = Build(b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Demo:Enabled"] = demo,
            ["ConnectionStrings:CommandCenter"] = provider == "SqlServer" ? "Server=db01;Database=CommandCenter" : null,
        }));

        Assert.Equal(demoEnabled, app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled);
        Assert.Equal(simulatorEnabled, app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled);
    }

    [Fact]
    public void SqlServer_WithoutConnectionString_StopsTheStart()
    {
        using var app = Build(b => b.Configuration["Database:Provider"] = "SqlServer");

        var error = Assert.ThrowsAny<Exception>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Database:Provider is SqlServer but ConnectionStrings:CommandCenter is not set.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 8 * 60)]
    [InlineData("02:30:00", 150)]
    public void SessionLifetime_IsTheBoundSecuritySetting(string? configured, int minutes)
    {
        using var app = Build(b =>
        {
            if (configured is not null) b.Configuration["Security:SessionLifetime"] = configured;
        });

        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);

        Assert.Equal(TimeSpan.FromMinutes(minutes), cookie.ExpireTimeSpan);
        Assert.Equal(TimeSpan.FromMinutes(minutes), app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionLifetime);
    }

    [Fact]
    public void LiveFeed_SettingsReachTheTailer()
    {
        using var app = Build(b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiveFeed:PollIntervalMs"] = "250", ["LiveFeed:RebuildMinutes"] = "0", ["LiveFeed:HeartbeatSeconds"] = "30",
        }));

        var options = app.Services.GetRequiredService<LiveFeedOptions>();

        Assert.Equal(TimeSpan.FromMilliseconds(250), options.PollInterval);
        Assert.Equal(TimeSpan.Zero, options.RebuildInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Heartbeat);
    }

    [Fact]
    public void KeyRing_DefaultsToAppData_UnderTheApplicationName()
    {
        using var app = Build(_ => { });

        var repository = Assert.IsType<FileSystemXmlRepository>(app.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);

        Assert.Equal(Path.Combine(app.Environment.ContentRootPath, "App_Data", "keys"), repository.Directory.FullName);
        Assert.Equal("CommandCenter", app.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    [Fact]
    public void KeyRing_IsWhereDataProtectionKeysPathSays()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cc-keys-{Guid.NewGuid():N}");
        using var app = Build(b => b.Configuration["DataProtection:KeysPath"] = folder);

        var repository = Assert.IsType<FileSystemXmlRepository>(app.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);

        Assert.Equal(folder, repository.Directory.FullName);
    }

    /// <summary>The app's composition on a host that is built, not started.</summary>
    private static WebApplication Build(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        configure(builder);
        builder.AddApplicationServices();
        return builder.Build();
    }

    private static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.sample.json"))) return Path.Combine(dir.FullName, "appsettings.sample.json");
        throw new InvalidOperationException("appsettings.sample.json not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Program on <paramref name="db"/>'s file, demo and simulator off unless set, a <see cref="SchemaProbe"/> as the first hosted service.</summary>
    private sealed class App(TestDatabase db, params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
    {
        public LogSink Logs { get; } = new();

        public SchemaProbe Probe { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:CommandCenter", db.Options.ConnectionString);
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("Simulator:Enabled", "false");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogSink>(null, LogLevel.Trace));
            builder.ConfigureServices(services => services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp =>
            {
                Probe.Connections = sp.GetRequiredService<DbConnectionFactory>();
                return Probe;
            })));
        }
    }

    /// <summary>What the database holds when the first hosted service starts.</summary>
    private sealed class SchemaProbe : IHostedService
    {
        public DbConnectionFactory? Connections { get; set; }
        public string? TableFound { get; private set; }
        public long Regions { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await using var connection = await Connections!.OpenAsync(cancellationToken);
                TableFound = await connection.ExecuteScalarAsync<string?>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cases'") ?? "";
                if (TableFound == "cases") Regions = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM regions");
            }
            catch (Exception ex)
            {
                TableFound = "error: " + ex.Message;
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
