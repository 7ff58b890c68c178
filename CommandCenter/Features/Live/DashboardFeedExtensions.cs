using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Live;

/// <summary>The coalescing subscription components use: one render per snapshot at most, and at most a few a second.</summary>
public static class DashboardFeedExtensions
{
    /// <summary>At most four renders a second: a wall readable from 10 m gains nothing from more, the circuit saves the diffs.</summary>
    public static readonly TimeSpan DefaultRenderGap = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Calls <paramref name="onSnapshot"/> with the newest snapshot, at most once per <paramref name="minGap"/> (default
    /// <see cref="DefaultRenderGap"/>); snapshots published in between are skipped. Dispose the result in the component's Dispose.
    /// </summary>
    public static IDisposable SubscribeCoalesced(this IDashboardFeed feed, Func<DashboardSnapshot, Task> onSnapshot, TimeSpan? minGap = null)
    {
        var gap = minGap ?? DefaultRenderGap;
        if (feed is DashboardNotifier notifier) return notifier.Subscribe(onSnapshot, gap);
        var last = long.MinValue;
        return feed.Subscribe(async snapshot =>
        {
            if (last != long.MinValue && gap - System.Diagnostics.Stopwatch.GetElapsedTime(last) is { } wait && wait > TimeSpan.Zero)
                await Task.Delay(wait);
            last = System.Diagnostics.Stopwatch.GetTimestamp();
            await onSnapshot(snapshot);
        });
    }
}
