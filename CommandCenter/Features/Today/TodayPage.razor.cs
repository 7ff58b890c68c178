using CommandCenter.Domain;
using CommandCenter.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Features.Today;

/// <summary>
/// Today's case counts, re-read when the change feed moves (at most once a second).
/// The live pipeline will replace this re-read with the snapshot notifier.
/// </summary>
public sealed partial class TodayPage : IDisposable
{
    private static readonly TimeSpan RefreshGap = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _disposed = new();
    private int _refreshPending;
    private IDisposable? _subscription;

    [Inject] private TodayCountsQuery Query { get; set; } = default!;
    [Inject] private ChangeFeedWatcher Feed { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private ILogger<TodayPage> Logger { get; set; } = default!;

    private TodayCounts? Counts { get; set; }
    private Exception? LoadError { get; set; }
    private string AsOfText => Counts is null ? "" : Calendar.ToLocal(Counts.AsOfUtc).ToString("yyyy-MM-dd HH:mm:ss");

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _subscription = Feed.Subscribe(OnFeedMoved);
    }

    private async Task LoadAsync()
    {
        try
        {
            Counts = await Query.GetAsync(_disposed.Token);
            LoadError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Today's counts could not be read");
            LoadError = ex;
        }
    }

    // Called on the watcher's thread: bursts of writes become one re-read after a short gap.
    private Task OnFeedMoved()
    {
        if (Interlocked.Exchange(ref _refreshPending, 1) == 0) _ = RefreshSoonAsync();
        return Task.CompletedTask;
    }

    private async Task RefreshSoonAsync()
    {
        try
        {
            await Task.Delay(RefreshGap, _disposed.Token);
            Interlocked.Exchange(ref _refreshPending, 0);
            await InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
            // The page was closed while waiting.
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _disposed.Cancel();
    }
}
