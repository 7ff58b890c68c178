namespace CommandCenter.Domain.Geo;

/// <summary>
/// 近24小时热点 (hot spots of the last 24 hours): per grid, the cases reported in the 24 hours before now — every reported
/// case, whatever its status since (closed, rejected and void ones included: the layer shows where problems come up, not
/// what is still open). A case is in the window when <c>reported_at</c> is after now − 24 h (<see cref="IsInWindow"/>); its
/// grid is its <c>region_id</c>. A grid is drawn from <see cref="Threshold"/> cases on, in the classes of <see cref="Breaks"/>.
/// </summary>
public static class HotSpots
{
    /// <summary>How far back the layer looks: 24 hours.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>The fewest cases that make a grid a hot spot (热点网格); a grid with fewer is not coloured.</summary>
    public const long Threshold = 3;

    /// <summary>The lower bounds of the heat classes, low to high: 3–4, 5–9, 10–19, 20 and more.</summary>
    public static readonly IReadOnlyList<long> Breaks = [Threshold, 5, 10, 20];

    /// <summary>The start of the window at <paramref name="now"/> (exclusive): a case reported exactly 24 h ago is out.</summary>
    public static DateTime Since(DateTime now) => now - Window;

    /// <summary>Reported in the 24 hours before <paramref name="now"/>: after now − 24 h and not after now.</summary>
    public static bool IsInWindow(DateTime reportedAt, DateTime now) => reportedAt > Since(now) && reportedAt <= now;

    /// <summary>The heat class of a grid's count (0 for the lowest, up to <see cref="Breaks"/>.Count − 1), or null below <see cref="Threshold"/>.</summary>
    public static int? ClassOf(long cases)
    {
        var index = -1;
        for (var i = 0; i < Breaks.Count; i++)
            if (cases >= Breaks[i]) index = i;
        return index < 0 ? null : index;
    }
}
