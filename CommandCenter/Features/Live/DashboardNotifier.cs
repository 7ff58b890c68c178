using System.Globalization;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Live;

/// <summary>
/// The node's snapshot and its subscribers. <see cref="Publish"/> numbers the snapshot and hands it to every subscriber;
/// each subscriber has its own delivery loop, so a slow one (a circuit on a bad network) never delays the others and
/// sees only the newest snapshot once it is ready again (at most one callback per snapshot, never two at once).
/// </summary>
public sealed class DashboardNotifier(ILogger<DashboardNotifier> logger) : IDashboardFeed
{
    private readonly Lock _gate = new();
    private readonly List<Subscriber> _subscribers = [];
    private DashboardSnapshot? _current;
    private long _version;

    public DashboardSnapshot? Current => Volatile.Read(ref _current);

    public int SubscriberCount
    {
        get { lock (_gate) return _subscribers.Count; }
    }

    public IDisposable Subscribe(Func<DashboardSnapshot, Task> onSnapshot) => Subscribe(onSnapshot, TimeSpan.Zero);

    /// <summary>
    /// As <see cref="Subscribe(Func{DashboardSnapshot, Task})"/>, calling back at most once per <paramref name="minGap"/>
    /// with the newest snapshot (snapshots published in between are skipped, never queued).
    /// </summary>
    public IDisposable Subscribe(Func<DashboardSnapshot, Task> onSnapshot, TimeSpan minGap)
    {
        var subscriber = new Subscriber(this, onSnapshot, minGap, CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        lock (_gate) _subscribers.Add(subscriber);
        return subscriber;
    }

    /// <summary>Makes <paramref name="snapshot"/> the current one, with the next version, and delivers it.</summary>
    public DashboardSnapshot Publish(DashboardSnapshot snapshot)
    {
        Subscriber[] subscribers;
        DashboardSnapshot published;
        lock (_gate)
        {
            published = snapshot with { Version = ++_version };
            Volatile.Write(ref _current, published);
            subscribers = [.. _subscribers];
        }
        foreach (var subscriber in subscribers) subscriber.Offer(published);
        return published;
    }

    private sealed class Subscriber(DashboardNotifier owner, Func<DashboardSnapshot, Task> callback, TimeSpan minGap,
        CultureInfo culture, CultureInfo uiCulture) : IDisposable
    {
        private long _lastDelivery = long.MinValue;
        private DashboardSnapshot? _pending;
        private int _running;
        private volatile bool _disposed;

        public void Offer(DashboardSnapshot snapshot)
        {
            Interlocked.Exchange(ref _pending, snapshot);
            if (Interlocked.CompareExchange(ref _running, 1, 0) == 0) _ = Task.Run(DeliverAsync);
        }

        private async Task DeliverAsync()
        {
            while (true)
            {
                while (!_disposed && Volatile.Read(ref _pending) is not null)
                {
                    if (minGap > TimeSpan.Zero && _lastDelivery != long.MinValue)
                    {
                        var wait = minGap - System.Diagnostics.Stopwatch.GetElapsedTime(_lastDelivery);
                        if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    }
                    if (_disposed || Interlocked.Exchange(ref _pending, null) is not { } snapshot) break;
                    _lastDelivery = System.Diagnostics.Stopwatch.GetTimestamp();
                    try
                    {
                        CultureInfo.CurrentCulture = culture;
                        CultureInfo.CurrentUICulture = uiCulture;
                        await callback(snapshot);
                    }
                    catch (Exception ex)
                    {
                        owner.LoggerFailed(ex);
                    }
                }
                Volatile.Write(ref _running, 0);
                // A snapshot offered between the last check and the reset would otherwise wait for the next publish.
                if (_disposed || Volatile.Read(ref _pending) is null || Interlocked.CompareExchange(ref _running, 1, 0) != 0) return;
            }
        }

        public void Dispose()
        {
            _disposed = true;
            lock (owner._gate) owner._subscribers.Remove(this);
        }
    }

    private void LoggerFailed(Exception ex) => logger.LogWarning(ex, "A dashboard subscriber failed");
}
