using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Features.Today;

/// <summary>
/// Today's case counts, re-read when the case service commits a change (at most once a second).
/// The live pipeline will replace this refresh with the snapshot notifier.
/// </summary>
public sealed partial class TodayPage
{
    private static readonly TimeSpan RefreshGap = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _disposed = new();
    private int _refreshPending;

    [Inject] private TodayCountsQuery Query { get; set; } = default!;
    [Inject] private CaseService Cases { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private ILogger<TodayPage> Logger { get; set; } = default!;

    private TodayCounts? Counts { get; set; }
    private Exception? LoadError { get; set; }
    private string AsOfText => Counts is null ? "" : Calendar.ToLocal(Counts.AsOfUtc).ToString("yyyy-MM-dd HH:mm:ss");

    protected override async Task OnInitializedAsync()
    {
        Cases.CasesChanged += OnCasesChanged;
        await LoadAsync();
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

    // Called on the writer's thread: coalesce bursts of writes into one re-read after a short gap.
    private void OnCasesChanged()
    {
        if (Interlocked.Exchange(ref _refreshPending, 1) == 1) return;
        _ = Task.Delay(RefreshGap, _disposed.Token).ContinueWith(async _ =>
        {
            Interlocked.Exchange(ref _refreshPending, 0);
            await InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }, _disposed.Token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    public void Dispose()
    {
        Cases.CasesChanged -= OnCasesChanged;
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
