using System.Globalization;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Features.Live;

public sealed class DashboardNotifierTests
{
    internal static DashboardSnapshot Empty(long lastEventId = 0) => DashboardProjection.Build(
        new DashboardState(new DashboardReference([], [], [], [], [], []), BusinessCalendar.For("Asia/Shanghai"), lastEventId, 0, [], [],
            new Dictionary<string, CallbackCounts>(), [], DateTime.UtcNow),
        DateTime.UtcNow, new CompositeWeights());

    private static DashboardNotifier Create() => new(NullLogger<DashboardNotifier>.Instance);

    [Fact]
    public async Task Publish_TwoSubscribers_EachGetsTheSnapshotWithTheNextVersion()
    {
        var notifier = Create();
        var a = new TaskCompletionSource<DashboardSnapshot>();
        var b = new TaskCompletionSource<DashboardSnapshot>();
        using var subA = notifier.Subscribe(s => { a.TrySetResult(s); return Task.CompletedTask; });
        using var subB = notifier.Subscribe(s => { b.TrySetResult(s); return Task.CompletedTask; });

        notifier.Publish(Empty());
        var published = notifier.Publish(Empty(7));

        Assert.Equal(2, published.Version);
        Assert.Same(published, notifier.Current);
        Assert.Contains((await b.Task.WaitAsync(TimeSpan.FromSeconds(10))).Version, new long[] { 1, 2 });
        await a.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Publish_FailingSubscriber_OthersStillCalled()
    {
        var notifier = Create();
        var reached = new TaskCompletionSource();
        using var failing = notifier.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var healthy = notifier.Subscribe(_ => { reached.TrySetResult(); return Task.CompletedTask; });

        notifier.Publish(Empty());

        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Publish_SlowSubscriber_GetsOnlyTheNewestOfABurst()
    {
        var notifier = Create();
        var gate = new SemaphoreSlim(0);
        var seen = new List<long>();
        var done = new TaskCompletionSource();
        var busy = new TaskCompletionSource();
        using var slow = notifier.Subscribe(async s =>
        {
            lock (seen) seen.Add(s.LastEventId);
            if (s.LastEventId == 1)
            {
                busy.TrySetResult();
                await gate.WaitAsync();
            }
            if (s.LastEventId == 100) done.TrySetResult();
        });

        notifier.Publish(Empty(1));
        await busy.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 2; i <= 100; i++) notifier.Publish(Empty(i));
        gate.Release();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1L, 100L], seen);
    }

    [Fact]
    public async Task Subscribe_CallbackRunsInTheSubscribersCulture()
    {
        var notifier = Create();
        var culture = new TaskCompletionSource<string>();
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        using var subscription = notifier.Subscribe(_ => { culture.TrySetResult(CultureInfo.CurrentUICulture.Name); return Task.CompletedTask; });
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");

        notifier.Publish(Empty());

        Assert.Equal("en", await culture.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task SubscribeCoalesced_BurstOfSnapshots_RendersFewTimesAndEndsOnTheNewest()
    {
        var notifier = Create();
        var seen = new List<long>();
        var done = new TaskCompletionSource();
        using var subscription = notifier.SubscribeCoalesced(s =>
        {
            lock (seen) seen.Add(s.LastEventId);
            if (s.LastEventId == 50) done.TrySetResult();
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(200));

        for (var i = 1; i <= 50; i++)
        {
            notifier.Publish(Empty(i));
            await Task.Delay(5);
        }
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(seen.Count < 10, $"{seen.Count} renders for 50 snapshots");
        Assert.Equal(50, seen[^1]);
    }

    [Fact]
    public void Dispose_Subscription_CountBackToZero()
    {
        var notifier = Create();
        var subscriptions = Enumerable.Range(0, 5).Select(_ => notifier.Subscribe(_ => Task.CompletedTask)).ToList();
        Assert.Equal(5, notifier.SubscriberCount);

        subscriptions.ForEach(s => s.Dispose());

        Assert.Equal(0, notifier.SubscriberCount);
    }
}
