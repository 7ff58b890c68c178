using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Features.Live;

public class ChangeFeedWatcherTests
{
    private static ChangeFeedWatcher Create(TestDatabase db) => new(db.Connections,
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LiveFeed:PollIntervalMs"] = "50" }).Build(),
        NullLogger<ChangeFeedWatcher>.Instance);

    [Fact]
    public async Task Watcher_EventWritten_NotifiesSubscriber()
    {
        using var db = TestDatabase.CreateWithReference();
        var watcher = Create(db);
        var notified = new SemaphoreSlim(0);
        using var subscription = watcher.Subscribe(() =>
        {
            notified.Release();
            return Task.CompletedTask;
        });
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            await notified.WaitAsync(TimeSpan.FromSeconds(5)); // the first read sets the high-water mark
            var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), TimeProvider.System, BusinessCalendar.For("Asia/Shanghai"));
            await cases.CreateAsync(new NewCase(null, CaseSource.Grid, TestDatabase.Ref.Category, TestDatabase.Ref.Grid, null, "暴露垃圾",
                null, null, null, null, false, DateTime.UtcNow), "test");

            Assert.True(await notified.WaitAsync(TimeSpan.FromSeconds(5)), "no notification after a case was written");
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Watcher_Notifies_InTheSubscribersCulture()
    {
        using var db = TestDatabase.CreateMigrated();
        var watcher = Create(db);
        var seen = new TaskCompletionSource<string>();
        var original = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
        using var subscription = watcher.Subscribe(() =>
        {
            seen.TrySetResult(System.Globalization.CultureInfo.CurrentUICulture.Name);
            return Task.CompletedTask;
        });
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            // A page re-rendered from the watcher's thread must keep its language.
            Assert.Equal("zh-CN", await seen.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
            System.Globalization.CultureInfo.CurrentUICulture = original;
        }
    }

    [Fact]
    public void Subscribe_ThenDispose_LeavesNoSubscriber()
    {
        using var db = TestDatabase.CreateMigrated();
        var watcher = Create(db);

        var subscriptions = Enumerable.Range(0, 10).Select(_ => watcher.Subscribe(() => Task.CompletedTask)).ToList();
        Assert.Equal(10, watcher.SubscriberCount);
        subscriptions.ForEach(s => s.Dispose());

        Assert.Equal(0, watcher.SubscriberCount);
    }
}
