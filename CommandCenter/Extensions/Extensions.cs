using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.Schedule;
using CommandCenter.Features.Wall;
using CommandCenter.Security;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CommandCenter.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDatabase();
        builder.AddDomain();
        builder.AddDemoCity();
        builder.AddUserInterface();
        builder.AddSecurity();
        builder.AddIntake();
        builder.AddLivePipeline();
        builder.AddReports();
        builder.AddWall();
    }

    // Database: provider, connection strings, migrations on start.
    private static void AddDatabase(this IHostApplicationBuilder builder)
    {
        DapperSetup.Configure();
        var configuration = builder.Configuration;
        var options = new DatabaseOptions
        {
            Provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite),
            ConnectionString = configuration.GetConnectionString("CommandCenter") is { Length: > 0 } cs
                ? cs
                : DatabaseOptions.DefaultSqliteConnectionString(builder.Environment.ContentRootPath),
            ReadConnectionString = configuration.GetConnectionString("CommandCenterRead"),
            SqliteSynchronous = configuration.GetValue("Database:SqliteSynchronous", SqliteSynchronous.Full),
        };
        if (options.Provider == DatabaseProvider.SqlServer && configuration.GetConnectionString("CommandCenter") is not { Length: > 0 })
            throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:CommandCenter is not set.");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DbConnectionFactory>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        if (options.Provider == DatabaseProvider.Sqlite) builder.Services.AddHostedService<DeferredIndexWatcher>();
    }

    // Domain: business calendar, indicator weights, reference data and the case write path.
    private static void AddDomain(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(BusinessCalendar.For(builder.Configuration["Business:TimeZone"]));
        builder.Services.AddSingleton(builder.Configuration.GetSection("Indicators:Weights").Get<CompositeWeights>() ?? new CompositeWeights());
        builder.Services.AddSingleton<ReferenceCatalog>();
        builder.Services.AddSingleton<CaseService>();
        builder.Services.AddSingleton<BulkImport>();
    }

    // Demo city and live simulator: on by default for the embedded SQLite database only.
    private static void AddDemoCity(this IHostApplicationBuilder builder)
    {
        var isSqlite = builder.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite) == DatabaseProvider.Sqlite;
        builder.Services.Configure<DemoOptions>(builder.Configuration.GetSection("Demo"));
        builder.Services.PostConfigure<DemoOptions>(o => o.Enabled ??= isSqlite);
        builder.Services.Configure<SimulatorOptions>(builder.Configuration.GetSection("Simulator"));
        builder.Services.PostConfigure<SimulatorOptions>(o => o.Enabled ??= isSqlite && builder.Configuration.GetValue("Demo:Enabled", true));
        builder.Services.AddSingleton<DemoCitySeeder>();
        // Registered first so the schema and the demo city exist before anything else starts.
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddHostedService<LiveSimulator>();
    }

    // UI: MudBlazor, localization (zh-CN default, English), the wall's read models.
    private static void AddUserInterface(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents().AddCircuitLimit();
        builder.Services.AddMudServices();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddReferenceAdmin();
        builder.Services.AddSchedule();
    }
}
