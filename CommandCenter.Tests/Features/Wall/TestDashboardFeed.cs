using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Tests.Features.Wall;

/// <summary>A feed the test publishes to by hand: the wall's view of the live pipeline, without the pipeline.</summary>
public sealed class TestDashboardFeed(DashboardSnapshot? current = null) : IDashboardFeed
{
    private readonly List<Func<DashboardSnapshot, Task>> _subscribers = [];

    public DashboardSnapshot? Current { get; private set; } = current;

    public int SubscriberCount
    {
        get { lock (_subscribers) return _subscribers.Count; }
    }

    public IDisposable Subscribe(Func<DashboardSnapshot, Task> onSnapshot)
    {
        lock (_subscribers) _subscribers.Add(onSnapshot);
        return new Subscription(() => { lock (_subscribers) _subscribers.Remove(onSnapshot); });
    }

    public async Task PublishAsync(DashboardSnapshot snapshot)
    {
        Current = snapshot;
        Func<DashboardSnapshot, Task>[] subscribers;
        lock (_subscribers) subscribers = [.. _subscribers];
        foreach (var s in subscribers) await s(snapshot);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>A clock whose timers never fire: the test moves time and calls the page's tick itself.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

    private sealed class NeverTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
