using System.Globalization;
using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Features.Live;

/// <summary>
/// Watches the change feed's high-water mark (<c>MAX(id)</c> of <c>case_events</c>) every <c>LiveFeed:PollIntervalMs</c>
/// and tells subscribers when it moves — one query per node however many pages are open, and it sees writes from
/// every writer (API, simulator, importer, other nodes). The live pipeline will fold the events themselves.
/// </summary>
public sealed class ChangeFeedWatcher(DbConnectionFactory connections, IConfiguration configuration, ILogger<ChangeFeedWatcher> logger)
    : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly List<Subscriber> _subscribers = [];
    private long _lastEventId = -1;

    public TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue("LiveFeed:PollIntervalMs", 500), 50, 60_000));

    /// <summary>The number of live subscriptions (a page that forgets to dispose its subscription shows here).</summary>
    public int SubscriberCount
    {
        get { lock (_gate) return _subscribers.Count; }
    }

    /// <summary>
    /// Calls <paramref name="onChange"/> after new events are committed, until the returned subscription is disposed.
    /// The callback runs in the subscriber's culture (a circuit's zh-CN or en), not the watcher's.
    /// </summary>
    public IDisposable Subscribe(Func<Task> onChange)
    {
        var subscriber = new Subscriber(onChange, CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        lock (_gate) _subscribers.Add(subscriber);
        return new Subscription(this, subscriber);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                await using var connection = await connections.OpenReadAsync(stoppingToken);
                var last = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(MaxEventIdSql, cancellationToken: stoppingToken)) ?? 0;
                if (last != Interlocked.Exchange(ref _lastEventId, last)) await NotifyAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Change feed not readable; trying again in {Interval}", PollInterval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task NotifyAsync()
    {
        Subscriber[] subscribers;
        lock (_gate) subscribers = [.. _subscribers];
        foreach (var subscriber in subscribers)
        {
            try
            {
                CultureInfo.CurrentCulture = subscriber.Culture;
                CultureInfo.CurrentUICulture = subscriber.UiCulture;
                await subscriber.OnChange();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A change-feed subscriber failed");
            }
        }
    }

    internal const string MaxEventIdSql = "SELECT MAX(id) FROM case_events";

    private sealed record Subscriber(Func<Task> OnChange, CultureInfo Culture, CultureInfo UiCulture);

    private sealed class Subscription(ChangeFeedWatcher owner, Subscriber subscriber) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate) owner._subscribers.Remove(subscriber);
        }
    }
}
