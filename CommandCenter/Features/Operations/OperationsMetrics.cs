using System.Diagnostics.Metrics;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Operations;

/// <summary>
/// 运行指标: the app's own instruments on one <see cref="System.Diagnostics.Metrics.Meter"/> named <c>CommandCenter</c>,
/// exported for Prometheus on <c>/metrics</c> (<see cref="OperationsExtensions"/>). Each is recorded where the thing happens,
/// in one line; their Prometheus names (the OpenTelemetry exporter adds the unit and <c>_total</c>) and what to alert on are
/// in docs/deploy.md, "Metrics". Static, like the process they describe: one app per process.
/// </summary>
public static class OperationsMetrics
{
    public const string MeterName = "CommandCenter";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Change-feed rows (case events) the node's tailer folded into its working set.</summary>
    public static readonly Counter<long> EventsFolded = Meter.CreateCounter<long>(
        "commandcenter.events.folded", "{event}", "Case events folded into this node's live snapshot");

    /// <summary>
    /// From the moment the tailer built a snapshot (its <c>CheckedAt</c>, right after reading the feed) to its delivery to a
    /// subscriber on this node (<see cref="SnapshotMetrics"/>): the node's own share of the way from a write to the screens.
    /// </summary>
    public static readonly Histogram<double> PublishLatency = Meter.CreateHistogram<double>(
        "commandcenter.snapshot.publish.latency", "s", "From a snapshot built by the tailer to its delivery on this node",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    /// <summary>Blazor circuits open on this node (every open page and wall screen holds one).</summary>
    public static readonly UpDownCounter<long> LiveCircuits = Meter.CreateUpDownCounter<long>(
        "commandcenter.circuits.live", "{circuit}", "Blazor circuits open on this node");

    /// <summary>Connections to the snapshot hub <c>/hubs/dashboard</c> on this node.</summary>
    public static readonly UpDownCounter<long> HubClients = Meter.CreateUpDownCounter<long>(
        "commandcenter.hub.clients", "{connection}", "Connections to /hubs/dashboard on this node");

    /// <summary>
    /// Database errors, by <c>where</c>: <c>feed</c> (a read of the change feed failed; the walls turn stale) or
    /// <c>request</c> (a request answered 503 because the database was unavailable or busy).
    /// </summary>
    public static readonly Counter<long> DatabaseErrors = Meter.CreateCounter<long>(
        "commandcenter.db.errors", "{error}", "Database errors: change-feed reads that failed, requests answered 503");

    /// <summary>
    /// How long one read of the change feed took (the tailer's small queries every <c>LiveFeed:PollIntervalMs</c>): the
    /// database's latency as this node sees it, measured all day whatever the load.
    /// </summary>
    public static readonly Histogram<double> FeedReadDuration = Meter.CreateHistogram<double>(
        "commandcenter.db.feed_read.duration", "s", "One read of the change feed by this node's tailer",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });

    /// <summary>Cases taken in through <c>POST /api/v1/cases</c> (created, not the repeats of a retry): the import throughput.</summary>
    public static readonly Counter<long> CasesTakenIn = Meter.CreateCounter<long>(
        "commandcenter.intake.cases", "{case}", "Cases created through POST /api/v1/cases");

    /// <summary>
    /// Where <c>commandcenter.snapshot.age</c> and <c>commandcenter.snapshot.subscribers</c> read: the feed of the app running in
    /// this process (the newest registered, in a test process that hosts several apps one after another or side by side).
    /// </summary>
    private static readonly List<(IDashboardFeed Feed, TimeProvider Clock)> WatchedFeeds = [];

    /// <summary>
    /// Seconds since the current snapshot was last known fresh (<c>FreshAsOf</c>: built, or confirmed unchanged by a
    /// heartbeat), the figure the walls' stale banner compares with <c>Wall:StaleAfterSeconds</c>. Nothing before the
    /// first snapshot.
    /// </summary>
    private static readonly ObservableGauge<double> SnapshotAge = Meter.CreateObservableGauge(
        "commandcenter.snapshot.age", ObserveSnapshotAge, "s", "Seconds since this node's live snapshot was last known fresh");

    /// <summary>
    /// Live subscriptions to the node's snapshot feed: one per open wall board, page or map that shows live figures, one for the
    /// hub's broadcast and one for these metrics. With no screen open it returns to its idle value; a figure that only grows
    /// is a component that forgot to dispose its subscription.
    /// </summary>
    private static readonly ObservableGauge<int> SnapshotSubscribers = Meter.CreateObservableGauge(
        "commandcenter.snapshot.subscribers", ObserveSubscribers, "{subscription}", "Live subscriptions to this node's snapshot feed");

    /// <summary>
    /// Cases the node's working set holds: every case a live figure can read (any step since the start of yesterday or of the
    /// month, every open case, the leaders' roads' since the campaign start). The node's memory grows with it by design, about
    /// in step; memory growing while this stays flat is a leak.
    /// </summary>
    private static readonly ObservableGauge<int> CasesHeld = Meter.CreateObservableGauge(
        "commandcenter.snapshot.cases_held", ObserveCasesHeld, "{case}", "Cases this node's live working set holds");

    private static readonly List<Func<int>> CasesHeldSources = [];

    private static IEnumerable<Measurement<int>> ObserveCasesHeld()
    {
        Func<int>? source;
        lock (CasesHeldSources) source = CasesHeldSources.Count == 0 ? null : CasesHeldSources[^1];
        return source is null ? [] : [new Measurement<int>(source())];
    }

    /// <summary>Makes <c>commandcenter.snapshot.cases_held</c> read <paramref name="casesHeld"/> until the registration is disposed.</summary>
    public static IDisposable WatchCasesHeld(Func<int> casesHeld)
    {
        lock (CasesHeldSources) CasesHeldSources.Add(casesHeld);
        return new Registration(() =>
        {
            lock (CasesHeldSources) CasesHeldSources.Remove(casesHeld);
        });
    }

    private static (IDashboardFeed Feed, TimeProvider Clock)? Watched()
    {
        lock (WatchedFeeds) return WatchedFeeds.Count == 0 ? null : WatchedFeeds[^1];
    }

    private static IEnumerable<Measurement<double>> ObserveSnapshotAge() =>
        Watched() is { } watched && watched.Feed.Current is { } snapshot
            ? [new Measurement<double>(Math.Max(0, (watched.Clock.GetUtcNow().UtcDateTime - snapshot.FreshAsOf).TotalSeconds))]
            : [];

    private static IEnumerable<Measurement<int>> ObserveSubscribers() =>
        Watched() is { } watched ? [new Measurement<int>(watched.Feed.SubscriberCount)] : [];

    /// <summary>Makes the snapshot gauges read <paramref name="feed"/> until the returned registration is disposed.</summary>
    public static IDisposable WatchFeed(IDashboardFeed feed, TimeProvider clock)
    {
        var entry = (feed, clock);
        lock (WatchedFeeds) WatchedFeeds.Add(entry);
        return new Registration(() =>
        {
            lock (WatchedFeeds) WatchedFeeds.Remove(entry);
        });
    }

    /// <summary>
    /// Every series exists from the start, at 0 until something happens: a dashboard shows "no circuits" and "no errors"
    /// rather than no data, and Prometheus' rate() sees the first increase.
    /// </summary>
    public static void StartSeries()
    {
        LiveCircuits.Add(0);
        HubClients.Add(0);
        EventsFolded.Add(0);
        CasesTakenIn.Add(0);
        DatabaseErrors.Add(0, new KeyValuePair<string, object?>("where", "feed"));
        DatabaseErrors.Add(0, new KeyValuePair<string, object?>("where", "request"));
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
