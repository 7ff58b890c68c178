using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Features.Today;

/// <summary>
/// Today's case counts from the node's live snapshot: shown at once from <see cref="IDashboardFeed.Current"/>, then
/// re-rendered with each newer snapshot (coalesced, at most a few times a second). No query of its own.
/// </summary>
public sealed partial class TodayPage : IDisposable
{
    private IDisposable? _subscription;

    [Inject] private IDashboardFeed Feed { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;

    private DashboardSnapshot? Snapshot { get; set; }
    private string AsOfText => Snapshot is null ? "" : Calendar.ToLocal(Snapshot.FreshAsOf).ToString("yyyy-MM-dd HH:mm:ss");

    protected override void OnInitialized()
    {
        Snapshot = Feed.Current;
        _subscription = Feed.SubscribeCoalesced(snapshot => InvokeAsync(() =>
        {
            Snapshot = snapshot;
            StateHasChanged();
        }));
    }

    public void Dispose() => _subscription?.Dispose();
}
