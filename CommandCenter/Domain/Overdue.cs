namespace CommandCenter.Domain;

/// <summary>
/// 超期 (overdue): the family of figures about a case and its deadline, each with its own name and its SQL beside it
/// (docs/domain.md, "The meanings of 超期"). Times are UTC; "before T" is strict, and a missing time is never before T,
/// in C# (lifted comparisons are false with a null) as in SQL (a comparison with NULL is not true).
/// The SQL conditions read the columns of <c>cases</c> unqualified, so a query using one reads <c>cases</c> without an alias
/// or under no other table holding those column names.
/// </summary>
public static class Overdue
{
    /// <summary>
    /// 超期未处置 (overdue, not resolved) as of T: dispatched before T, deadline before T, and neither resolved nor closed
    /// before T, nor on hold at T or void by T (<see cref="DeadlineHold.StopsAt"/>). With T = now it is the live count of the
    /// wall and the Today page; with T a period's end it is a road's overdue problem (领导包路). A 返工 clears the resolution,
    /// so a reworked case past its deadline is overdue again.
    /// </summary>
    public static bool IsOverdueAt(DateTime? dispatchedAt, DateTime? deadlineAt, DateTime? resolvedAt, DateTime? closedAt, DeadlineHold hold,
        DateTime asOf) =>
        dispatchedAt < asOf && deadlineAt < asOf && !(resolvedAt < asOf) && !(closedAt < asOf) && !hold.StopsAt(asOf);

    /// <summary><see cref="IsOverdueAt"/> in SQL, with T as <c>@AsOf</c>.</summary>
    public const string IsOverdueAtCondition = $"""
        (dispatched_at < @AsOf AND deadline_at < @AsOf
         AND (resolved_at IS NULL OR resolved_at >= @AsOf) AND (closed_at IS NULL OR closed_at >= @AsOf)
         AND {DeadlineHold.RunsAtCondition})
        """;

    /// <summary>
    /// 按期结案 (closed on time): closed no later than the deadline; a case closed exactly at its deadline is on time.
    /// Its complement among the closed cases is 超期结案 (closed late): 结案数 − 按期结案数, which has no figure of its own.
    /// </summary>
    public static bool IsClosedOnTime(DateTime? closedAt, DateTime? deadlineAt) => closedAt <= deadlineAt;

    /// <summary><see cref="IsClosedOnTime"/> in SQL.</summary>
    public const string IsClosedOnTimeCondition = "closed_at <= deadline_at";

    /// <summary>
    /// 应结案 (due) as of T, for a case registered in the period: closed before T, or its deadline before T; and neither on
    /// hold at T nor void by T (<see cref="DeadlineHold.StopsAt"/>). A deadline exactly at T is not yet due; a case closed
    /// before its deadline is due (and closed) from its closing on.
    /// </summary>
    public static bool IsDueBy(DateTime? closedAt, DateTime? deadlineAt, DeadlineHold hold, DateTime asOf) =>
        (closedAt < asOf || deadlineAt < asOf) && !hold.StopsAt(asOf);

    /// <summary><see cref="IsDueBy"/> in SQL, with T as <c>@AsOf</c>.</summary>
    public const string IsDueByCondition = $"((closed_at < @AsOf OR deadline_at < @AsOf) AND {DeadlineHold.RunsAtCondition})";

    /// <summary>
    /// 应结未结 (due, not closed) of a period as of T: 应结案数 − 结案数, the cases registered in the period by T whose
    /// deadline passed before T and that were not closed by T. Unlike 超期未处置 it counts a resolved case still waiting for
    /// 核查. In SQL it is the difference of the two counts of <c>IndicatorsQuery</c>.
    /// </summary>
    public static long DueNotClosed(IndicatorCounts counts) => counts.Due - counts.Closed;

    /// <summary>
    /// 处置超期 (resolved late), one case of the monthly report's 明细 as of T: dispatched by T and its deadline is before its
    /// resolution if resolved by T, else before its closing if closed by T, else before T. Unlike 超期未处置 it stays true
    /// once the late case is resolved; unlike 超期结案 it judges the department's resolution, not the centre's 核查.
    /// The arguments are the times as they were by T (null when the stage had not happened by then).
    /// </summary>
    public static bool IsResolvedLate(DateTime? dispatchedByT, DateTime? deadlineAt, DateTime? resolvedByT, DateTime? closedByT, DateTime asOf) =>
        dispatchedByT is not null && deadlineAt < (resolvedByT ?? closedByT ?? asOf);
}

/// <summary>
/// 缓办 and 作废 as the deadline figures read them: a case on hold at T (its latest hold began before T and had not ended
/// before T) or void by T is neither due (应结案) nor overdue (超期未处置) at T. The row keeps the latest hold only, so a T
/// inside an earlier hold of a case held twice reads the case as running; its deadline has moved by both holds already.
/// </summary>
public readonly record struct DeadlineHold(DateTime? HeldAt, DateTime? ResumedAt, DateTime? VoidedAt)
{
    /// <summary>No hold and no void: the clock runs.</summary>
    public static readonly DeadlineHold None = new(null, null, null);

    /// <summary>缓办 at T: the latest hold began before T and did not end before T.</summary>
    public bool IsOnHoldAt(DateTime asOf) => HeldAt < asOf && !(ResumedAt < asOf);

    /// <summary>作废 by T.</summary>
    public bool IsVoidBy(DateTime asOf) => VoidedAt < asOf;

    /// <summary>On hold at T or void by T: the case is in no deadline figure at T.</summary>
    public bool StopsAt(DateTime asOf) => IsOnHoldAt(asOf) || IsVoidBy(asOf);

    /// <summary>The complement of <see cref="StopsAt"/> in SQL (written positively: a NULL must not turn it unknown), T as <c>@AsOf</c>.</summary>
    public const string RunsAtCondition =
        "(voided_at IS NULL OR voided_at >= @AsOf) AND (held_at IS NULL OR held_at >= @AsOf OR resumed_at < @AsOf)";

    /// <summary>Not void by T, in SQL: what keeps a case registered in the period in 立案 and the counts after it.</summary>
    public const string NotVoidByCondition = "(voided_at IS NULL OR voided_at >= @AsOf)";
}
