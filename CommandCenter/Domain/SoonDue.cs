namespace CommandCenter.Domain;

/// <summary>
/// 即将超期 (soon due): a case that will become 超期未处置 within <see cref="Window"/> unless it is resolved — dispatched before
/// T, neither resolved nor closed before T, and its deadline at or after T but before T + <see cref="Window"/>. Calendar time
/// for now (working time is another issue's). At the deadline the case leaves this set and enters
/// <see cref="Overdue.IsOverdueAt"/> one instant later; the two never hold together.
/// </summary>
public static class SoonDue
{
    /// <summary>How close to its deadline a case is 即将超期: one hour.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public static bool IsSoonDueAt(DateTime? dispatchedAt, DateTime? deadlineAt, DateTime? resolvedAt, DateTime? closedAt, DateTime asOf) =>
        dispatchedAt < asOf && deadlineAt >= asOf && deadlineAt < asOf + Window && !(resolvedAt < asOf) && !(closedAt < asOf);

    /// <summary><see cref="IsSoonDueAt"/> in SQL, with T as <c>@AsOf</c> and T + <see cref="Window"/> as <c>@SoonDueBy</c>.</summary>
    public const string IsSoonDueAtCondition = """
        (dispatched_at < @AsOf AND deadline_at >= @AsOf AND deadline_at < @SoonDueBy
         AND (resolved_at IS NULL OR resolved_at >= @AsOf) AND (closed_at IS NULL OR closed_at >= @AsOf))
        """;
}
