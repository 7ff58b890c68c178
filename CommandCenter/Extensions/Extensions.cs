using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Live;
using CommandCenter.Features.Operations;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.Schedule;
using CommandCenter.Features.Map;
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
        builder.AddMap();
        builder.AddOperations();
    }

    // Database: provider and connection strings (two sections, so filled here rather than bound); migrations run before the
    // host starts (HostStartup, called from Program).
    private static void AddDatabase(this IHostApplicationBuilder builder)
    {
        DapperSetup.Configure();
        builder.Services.AddCheckedOptions<DatabaseOptions>("Database")
            .Configure<IConfiguration, IHostEnvironment>((options, configuration, environment) =>
            {
                options.Provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
                options.SqliteSynchronous = configuration.GetValue("Database:SqliteSynchronous", SqliteSynchronous.Full);
                options.ReadConnectionString = configuration.GetConnectionString("CommandCenterRead");
                options.ConnectionString = configuration.GetConnectionString("CommandCenter") is { Length: > 0 } cs ? cs
                    : options.Provider == DatabaseProvider.Sqlite ? DatabaseOptions.DefaultSqliteConnectionString(environment.ContentRootPath)
                    : "";
            });
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value);
        builder.Services.AddSingleton<DbConnectionFactory>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService<DeferredIndexWatcher>();
    }

    // Domain: business calendar, indicator weights, reference data and the case write path.
    private static void AddDomain(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSettings<BusinessSettings>("Business");
        builder.Services.AddSingleton(sp =>
        {
            var business = sp.GetRequiredService<IOptions<BusinessSettings>>().Value;
            return BusinessCalendar.For(business.TimeZone, business.WorkingHours);
        });
        builder.Services.AddSettings<IndicatorWeightsSettings>("Indicators:Weights");
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<IndicatorWeightsSettings>>().Value.ToWeights());
        builder.Services.AddSingleton<ReferenceCatalog>();
        builder.Services.AddSingleton<CaseService>();
        builder.Services.AddSingleton<BulkImport>();
    }

    // Demo city and live simulator: on by default for the embedded SQLite database only. The city is seeded before the host
    // starts (HostStartup); the simulator is a hosted service.
    private static void AddDemoCity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<DemoOptions>("Demo")
            .PostConfigure<IOptions<DatabaseOptions>>((demo, database) => demo.Enabled ??= database.Value.Provider == DatabaseProvider.Sqlite);
        builder.Services.AddSettings<SimulatorOptions>("Simulator")
            .PostConfigure<IOptions<DatabaseOptions>, IOptions<DemoOptions>>((simulator, database, demo) =>
                simulator.Enabled ??= database.Value.Provider == DatabaseProvider.Sqlite && demo.Value.Enabled == true);
        builder.Services.AddSingleton<DemoCitySeeder>();
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
