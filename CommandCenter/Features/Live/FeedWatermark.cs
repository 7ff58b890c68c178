namespace CommandCenter.Features.Live;

/// <summary>Where the change feed goes on from: its position in <c>case_events</c> and in <c>patrols</c> (see <see cref="FeedWatermark"/>).</summary>
public sealed record FeedPosition(long Events, long Patrols);

/// <summary>
/// 变更水位 — the change feed's watermark: how far the feed may move after a read without passing a row that commits later.
/// On SQLite the position is the row id: one writer at a time, so ids commit in order and the last id read is safe. On SQL
/// Server an IDENTITY value is taken at insert and seen at commit, out of order; the position is the row's
/// <c>rowversion</c> (as a number), and each read is bounded by <c>MIN_ACTIVE_ROWVERSION()</c> read just before it: every
/// row below the bound has committed (or rolled back) before the read began, so nothing below it can appear later.
/// </summary>
public static class FeedWatermark
{
    /// <summary>
    /// The position after a read of the rows after <paramref name="after"/> (and below <paramref name="bound"/> when there is
    /// one), at most <paramref name="take"/> of them, in feed order. A full read moves to its last row (more rows wait); a
    /// read that was not full has seen every row below the bound, so the position moves to just below it, and never back.
    /// </summary>
    /// <param name="positions">The positions of the rows read, ascending.</param>
    /// <param name="bound">SQL Server: <c>MIN_ACTIVE_ROWVERSION()</c> read before the rows; null on SQLite.</param>
    public static long Next(long after, IReadOnlyList<long> positions, int take, long? bound)
    {
        var last = positions.Count == 0 ? after : Math.Max(after, positions[^1]);
        if (bound is not { } b || positions.Count >= take) return last;
        return Math.Max(last, Below(b));
    }

    /// <summary>The highest position every row at or below which has committed, given <c>MIN_ACTIVE_ROWVERSION()</c>.</summary>
    public static long Below(long activeRowVersion) => activeRowVersion - 1;
}
