using CommandCenter.Data;
using Microsoft.Extensions.Options;

namespace CommandCenter.Features.Demo;

/// <summary>Runs the migrations, then seeds the demo city into an empty database when <c>Demo:Enabled</c>.</summary>
public sealed class DatabaseStartup(
    DatabaseMigrator migrator,
    DemoCitySeeder seeder,
    IOptions<DemoOptions> demo,
    TimeProvider clock,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        migrator.Migrate();
        if (demo.Value.Enabled == true && await seeder.IsEmptyAsync(cancellationToken))
        {
            logger.LogInformation("Empty database: seeding the demo city (this takes a few seconds, once)");
            await seeder.SeedAsync(clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
