using CommandCenter.Domain;
using CommandCenter.Features.Today;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Features.Wall;

/// <summary>
/// A first, minimal wall board (大屏): the clock, today's counts and the five newest cases (phones always masked: a wall is
/// public). Ticks every second; re-reads the figures every <see cref="RefreshEvery"/> ticks. The real boards replace this.
/// </summary>
public sealed partial class WallPage
{
    private const int RefreshEvery = 10;
    private readonly CancellationTokenSource _disposed = new();

    [Inject] private TodayCountsQuery CountsQuery { get; set; } = default!;
    [Inject] private LatestCasesQuery LatestQuery { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ILogger<WallPage> Logger { get; set; } = default!;

    private TodayCounts? Counts { get; set; }
    private IReadOnlyList<LatestCaseRow> Latest { get; set; } = [];
    private bool LoadFailed { get; set; }
    private string ClockText => Calendar.ToLocal(Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd HH:mm:ss");

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (RendererInfo.IsInteractive) _ = TickAsync();
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Clock);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                if (++ticks % RefreshEvery == 0) await LoadAsync();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            Counts = await CountsQuery.GetAsync(_disposed.Token);
            Latest = await LatestQuery.GetAsync(5, _disposed.Token);
            LoadFailed = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "The wall's figures could not be read");
            LoadFailed = true;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
