using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Live;

namespace CommandCenter.Features.Operations;

/// <summary>
/// The live snapshot's side of <see cref="OperationsMetrics"/>: its age and its subscriptions, read when Prometheus scrapes, and its publish
/// latency, recorded by a subscriber of its own (delivered like every wall's and the hub's). Also starts every series at 0.
/// </summary>
public sealed class SnapshotMetrics(IDashboardFeed feed, TimeProvider clock, IServiceProvider services) : IHostedService
{
    private IDisposable? _subscription;
    private IDisposable? _age;
    private IDisposable? _casesHeld;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        OperationsMetrics.StartSeries();
        _age = OperationsMetrics.WatchFeed(feed, clock);
        if (services.GetService<DashboardTailer>() is { } tailer) _casesHeld = OperationsMetrics.WatchCasesHeld(() => tailer.CasesHeld);
        _subscription = feed.Subscribe(snapshot =>
        {
            OperationsMetrics.PublishLatency.Record(Math.Max(0, (clock.GetUtcNow().UtcDateTime - snapshot.CheckedAt).TotalSeconds));
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _age?.Dispose();
        _casesHeld?.Dispose();
        return Task.CompletedTask;
    }
}
