using CommandCenter.Extensions;

namespace CommandCenter.Features.Wall;

/// <summary>Settings under <c>Wall</c>: how the boards rotate, when an alert takes over, when the data counts as stale.</summary>
public sealed class WallOptions : ICheckedSettings
{
    /// <summary>Seconds per board for signed-in people (a display device has its own, set on /admin/displays).</summary>
    public int DefaultRotateSeconds { get; set; } = 20;

    /// <summary>A street whose overdue, not closed cases of this month (应结案 − 结案) rise above this takes over the wall.</summary>
    public int OverdueAlertThreshold { get; set; } = 10;

    /// <summary>How long an alert board stays on screen.</summary>
    public int AlertSeconds { get; set; } = 15;

    /// <summary>Data older than this (by its "data as of" time) shows the stale banner.</summary>
    public int StaleAfterSeconds { get; set; } = 30;

    /// <summary>How long a device's playlist is cached before the wall reads it again (an admin's change shows within this).</summary>
    public int PlaylistRefreshSeconds { get; set; } = 60;

    /// <summary>The rotation within what a device may be given; every time at least a second (they used to be raised to 1 silently).</summary>
    public void Check(SettingsCheck check)
    {
        check.Between(nameof(DefaultRotateSeconds), DefaultRotateSeconds, WallPlaylist.MinRotateSeconds, WallPlaylist.MaxRotateSeconds);
        check.AtLeast(nameof(OverdueAlertThreshold), OverdueAlertThreshold, 0);
        check.AtLeast(nameof(AlertSeconds), AlertSeconds, 1);
        check.AtLeast(nameof(StaleAfterSeconds), StaleAfterSeconds, 1);
        check.AtLeast(nameof(PlaylistRefreshSeconds), PlaylistRefreshSeconds, 1);
    }
}
