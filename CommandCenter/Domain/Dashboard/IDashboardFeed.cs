namespace CommandCenter.Domain.Dashboard;

/// <summary>
/// The node's live snapshot and the subscriptions to it: pages and the SignalR hub read <see cref="Current"/> and are called
/// with every newer snapshot until they dispose their subscription. Database load does not depend on the subscriber count.
/// </summary>
public interface IDashboardFeed
{
    /// <summary>The latest snapshot; null until the first build finished.</summary>
    DashboardSnapshot? Current { get; }

    /// <summary>
    /// Calls <paramref name="onSnapshot"/> with each newly published snapshot until the subscription is disposed. The callback
    /// runs in the subscriber's culture; a failing callback does not affect other subscribers.
    /// </summary>
    IDisposable Subscribe(Func<DashboardSnapshot, Task> onSnapshot);

    /// <summary>Live subscriptions (a component that forgets to dispose shows here).</summary>
    int SubscriberCount { get; }
}
