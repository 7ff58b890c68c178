namespace CommandCenter.Data;

/// <summary>
/// SQLite only: once a minute the running app builds the indexes an import set aside and can no longer build — it was killed,
/// or its own rebuild failed — so a wall that runs for months does not read without them until its next restart
/// (<see cref="DeferredIndexes.RestoreAbandoned"/>). Costs one small query a minute when there is nothing to do.
/// </summary>
public sealed class DeferredIndexWatcher(DbConnectionFactory connections, TimeProvider clock, ILogger<DeferredIndexWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (connections.Provider != DatabaseProvider.Sqlite) return;
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                CheckOnce();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Could not build the indexes an import set aside; trying again in {Interval}", Interval);
            }
        }
    }

    /// <summary>One check: what was built. On the app's connection string, which never creates a missing file.</summary>
    public IReadOnlyList<(string Name, TimeSpan Took)> CheckOnce() => DeferredIndexes.RestoreAbandoned(connections, logger);
}
