using System.Globalization;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace CommandCenter.Features.Wall;

/// <summary>
/// The wall (大屏): <c>/wall</c> rotates through the device's playlist (every board every 20 s for a signed-in person),
/// <c>/wall/{board}</c> pins one. Live: subscribes to the node's <see cref="IDashboardFeed"/> and renders each new snapshot;
/// a once-a-second tick moves the clock, the rotation and the alert timer, and decides whether the data is stale.
/// An urgent registration or a street over the overdue threshold takes over the screen for <see cref="WallOptions.AlertSeconds"/>.
/// </summary>
public sealed partial class WallPage
{
    public const string ModulePath = "./Features/Wall/WallPage.razor.js";
    private const int MaxPendingAlerts = 4;

    private readonly CancellationTokenSource _disposed = new();
    private readonly Queue<WallAlert> _pendingAlerts = new();
    private ElementReference _screen;
    private IDisposable? _subscription;
    private IJSObjectReference? _module;
    private WallAlertWatch _alertWatch = default!;
    private int _index;
    private int _secondsOnBoard;
    private int _secondsOnPage;
    private long _newestEventId;
    private DateTime? _tickerBackToFirstAt;
    private int _secondsSinceRotationRead;
    private DateTime _alertUntil;
    private bool _routeApplied;
    private string? _appliedBoard;

    [Inject] private IDashboardFeed Feed { get; set; } = default!;
    [Inject] private IOptions<WallOptions> Options { get; set; } = default!;
    [Inject] private WallDeviceSettings DeviceSettings { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IStringLocalizer<WallResource> S { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private ILogger<WallPage> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The pinned board's name (<c>/wall/roads</c>); none to rotate.</summary>
    [Parameter] public string? Board { get; set; }

    internal DashboardSnapshot? Snapshot { get; private set; }
    internal WallRotation Rotation { get; private set; } = new(WallPlaylist.All, 20);
    internal bool Pinned { get; private set; }
    internal WallAlert? CurrentAlert { get; private set; }
    internal DateTime NowUtc { get; private set; }

    /// <summary>Page turns of the current board's lists since it came up (<see cref="WallPaging"/>).</summary>
    internal int PageTurns { get; private set; }

    /// <summary>The route names a board that does not exist (<c>/wall/xyz</c>): the wall's own "no such board" screen.</summary>
    internal bool UnknownBoard { get; private set; }

    internal WallBoard CurrentBoard => Rotation.Boards[_index % Rotation.Boards.Count];

    private string BoardTitle => UnknownBoard ? S["Board.unknown"] : CurrentAlert is null ? S[$"Board.{CurrentBoard.Key()}"] : S["Board.alert"];

    private long? DeviceId { get; set; }

    internal WallConnection Connection => Snapshot is null ? WallConnection.Waiting : StaleText is null ? WallConnection.Live : WallConnection.Stale;

    /// <summary>The stale banner's text, or null while the data is fresh.</summary>
    internal string? StaleText
    {
        get
        {
            if (Snapshot is not { } s) return null;
            var dataAsOf = Calendar.ToLocal(s.FreshAsOf).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            if (s.Stale) return S["Stale.Feed", dataAsOf].Value;
            var age = NowUtc - s.FreshAsOf;
            return age.TotalSeconds > Options.Value.StaleAfterSeconds ? S["Stale.Old", Options.Value.StaleAfterSeconds, dataAsOf].Value : null;
        }
    }

    protected override void OnInitialized()
    {
        NowUtc = Clock.GetUtcNow().UtcDateTime;
        _alertWatch = new WallAlertWatch(Options.Value.OverdueAlertThreshold);
        Snapshot = Feed.Current;
        if (Snapshot is not null) _alertWatch.Observe(Snapshot);
        if (!RendererInfo.IsInteractive) return;
        _subscription = Feed.Subscribe(OnSnapshotAsync);
        _ = TickLoopAsync();
    }

    // The route decides the rotation; the same page instance can be sent from /wall/overview to /wall/roads.
    protected override async Task OnParametersSetAsync()
    {
        if (_routeApplied && _appliedBoard == Board) return;
        _routeApplied = true;
        _appliedBoard = Board;
        _index = 0;
        _secondsOnBoard = 0;
        TurnToFirstPage();
        UnknownBoard = false;
        if (Board is not null)
        {
            if (!WallPlaylist.TryParseBoard(Board, out var pinned))
            {
                // Not the app's office "not found" page (menu, sign-out) but a wall screen saying so. It is answered as
                // a page (200): a 404 from a component makes Blazor leave the body to the app's status pages, i.e. the
                // office page again.
                UnknownBoard = true;
                Pinned = true;
                return;
            }
            Rotation = new WallRotation([pinned], Options.Value.DefaultRotateSeconds);
            Pinned = true;
            return;
        }
        Pinned = false;
        Rotation = DeviceSettings.Default;
        DeviceId ??= await DeviceIdAsync();
        Rotation = await ReadRotationAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await _module.InvokeVoidAsync("start", _screen);
        }
        catch (JSDisconnectedException)
        {
            // Reconnecting; the page is rebuilt when the circuit comes back.
        }
    }

    private Task OnSnapshotAsync(DashboardSnapshot snapshot) => InvokeAsync(() =>
    {
        NowUtc = Clock.GetUtcNow().UtcDateTime;
        var newest = snapshot.LatestEvents.Count == 0 ? 0 : snapshot.LatestEvents.Max(e => e.EventId);
        if (newest != _newestEventId && CurrentBoard == WallBoard.Overview && TickerMayGoBackToFirstPage(snapshot))
        {
            TurnToFirstPage();
            _tickerBackToFirstAt = NowUtc;
        }
        _newestEventId = newest;
        Snapshot = snapshot;
        foreach (var alert in _alertWatch.Observe(snapshot))
        {
            // A burst must not hold the screen for half an hour: the newest few are shown, older ones dropped.
            if (_pendingAlerts.Count >= MaxPendingAlerts) _pendingAlerts.Dequeue();
            _pendingAlerts.Enqueue(alert);
        }
        if (CurrentAlert is null) ShowNextAlert();
        StateHasChanged();
    });

    private async Task TickLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                try
                {
                    await InvokeAsync(TickAsync);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A wall must never stop ticking: log and carry on with the next second.
                    Logger.LogError(ex, "A tick of the wall failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    /// <summary>
    /// One second: the alert timer, the rotation, the page turns, the stale check and (now and then) the device's playlist.
    /// The page renders again only when one of them changed what the screen shows (or the business day did); the clock's
    /// seconds run in the browser (WallPage.razor.js), so a quiet second costs the server no render for any wall.
    /// </summary>
    internal async Task TickAsync()
    {
        var before = Shown();
        NowUtc = Clock.GetUtcNow().UtcDateTime;
        if (CurrentAlert is not null)
        {
            if (NowUtc >= _alertUntil) ShowNextAlert();
        }
        else if (!Pinned && Rotation.Boards.Count > 1 && ++_secondsOnBoard >= Rotation.Seconds)
        {
            _index = (_index + 1) % Rotation.Boards.Count;
            _secondsOnBoard = 0;
            TurnToFirstPage();
        }
        else if (++_secondsOnPage >= WallPaging.PageSeconds)
        {
            _secondsOnPage = 0;
            if (Snapshot is { } shown && WallPaging.BoardPages(CurrentBoard, shown) > 1) PageTurns++;
        }
        if (!Pinned && DeviceId is not null && ++_secondsSinceRotationRead >= Options.Value.PlaylistRefreshSeconds)
        {
            _secondsSinceRotationRead = 0;
            var rotation = await ReadRotationAsync();
            if (!rotation.Boards.SequenceEqual(Rotation.Boards) || rotation.Seconds != Rotation.Seconds)
            {
                var current = CurrentBoard;
                Rotation = rotation;
                _index = Math.Max(0, rotation.Boards.ToList().IndexOf(current));
                if (CurrentBoard != current) TurnToFirstPage();
            }
        }
        if (Shown() != before) StateHasChanged();
    }

    /// <summary>What a tick can change on the screen: the board, its page, the alert, the stale banner, the rotation, the day.</summary>
    private (int Index, int PageTurns, WallAlert? Alert, string? Stale, WallRotation Rotation, DateOnly Day) Shown() =>
        (_index, PageTurns, CurrentAlert, StaleText, Rotation, Calendar.LocalDate(NowUtc));

    /// <summary>
    /// A new event is news: the overview's ticker goes back to its first page, where the newest events are — but at most
    /// once per cycle through its pages (page count × <see cref="WallPaging.PageSeconds"/>). At a few events a minute,
    /// going back on every event would never let the later pages show; within one cycle the ticker comes back to page 1
    /// by itself, and page 1 is always the newest events.
    /// </summary>
    private bool TickerMayGoBackToFirstPage(DashboardSnapshot snapshot) =>
        _tickerBackToFirstAt is not { } last
        || NowUtc - last >= TimeSpan.FromSeconds(WallPaging.BoardPages(WallBoard.Overview, snapshot) * WallPaging.PageSeconds);

    private void TurnToFirstPage()
    {
        PageTurns = 0;
        _secondsOnPage = 0;
    }

    private void ShowNextAlert()
    {
        CurrentAlert = _pendingAlerts.TryDequeue(out var next) ? next : null;
        _alertUntil = NowUtc.AddSeconds(Math.Max(1, Options.Value.AlertSeconds));
    }

    private async Task<long?> DeviceIdAsync()
    {
        if (AuthenticationState is null) return null;
        var user = (await AuthenticationState).User;
        return long.TryParse(user.FindFirst(SecurityClaims.DeviceId)?.Value, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    private async Task<WallRotation> ReadRotationAsync()
    {
        if (DeviceId is not { } id) return DeviceSettings.Default;
        try
        {
            return await DeviceSettings.ForDeviceAsync(id, _disposed.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database is away: keep the rotation the screen has (every board at first) rather than going blank.
            Logger.LogWarning(ex, "The wall's playlist could not be read");
            return Rotation;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        // Cancelled, not disposed: the tick loop may still read its token once more on its way out.
        _disposed.Cancel();
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync("stop", _screen);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone.
        }
    }
}

/// <summary>The header's connection light; "disconnected" is the browser's to show (the server cannot tell it).</summary>
public enum WallConnection
{
    Waiting,
    Live,
    Stale,
}
