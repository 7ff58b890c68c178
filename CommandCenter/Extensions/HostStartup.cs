using CommandCenter.Data;
using CommandCenter.Features.Demo;
using Microsoft.Extensions.Options;

namespace CommandCenter.Extensions;

/// <summary>
/// The explicit step between <c>builder.Build()</c> and <c>app.Run()</c> (Program.cs): every setting is checked (in
/// Production also their combinations, <see cref="ProductionSafety"/>), the schema
/// is migrated, and an empty database gets the demo city when <c>Demo:Enabled</c>. It runs before any hosted service starts,
/// so none ever sees an old schema or a half-seeded city, whatever order they are registered in. A failure is logged as
/// critical with its reason (a bad setting names its key) and leaves Program: the app does not start.
/// The command line (Cli/CommandLine.cs) migrates on its own and never seeds.
/// </summary>
public static class HostStartup
{
    public static async Task PrepareAsync(this IHost app, CancellationToken cancellationToken = default)
    {
        var services = app.Services;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostStartup).FullName!);
        try
        {
            // Every options class registered with ValidateOnStart, now rather than when the host starts: before the database is touched.
            services.GetRequiredService<IStartupValidator>().Validate();
            if (services.GetRequiredService<IHostEnvironment>().IsProduction()) RefuseUnsafeProductionConfiguration(services);
            services.GetRequiredService<DatabaseMigrator>().Migrate();
            if (services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled == true)
                await SeedDemoCityIfEmptyAsync(services, logger, cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "CommandCenter did not start: {Reason}", ex.Message);
            throw;
        }
    }

    /// <summary>The rules of <see cref="ProductionSafety"/>: every one broken is named, and the app does not start.</summary>
    private static void RefuseUnsafeProductionConfiguration(IServiceProvider services)
    {
        var failures = ProductionSafety.Failures(services.GetRequiredService<IConfiguration>(),
            services.GetRequiredService<DatabaseOptions>(), ProductionSafety.NetworkFileSystem);
        if (failures.Count > 0)
            throw new InvalidOperationException("Unsafe production configuration. " + string.Join(" ", failures));
    }

    private static async Task SeedDemoCityIfEmptyAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var seeder = services.GetRequiredService<DemoCitySeeder>();
        if (!await seeder.IsEmptyAsync(cancellationToken)) return;
        logger.LogInformation("Empty database: seeding the demo city (this takes a few seconds, once)");
        await seeder.SeedAsync(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, cancellationToken);
    }
}
