namespace CommandCenter.Domain;

/// <summary>The times and outcome of one case that the indicators read. Times are UTC.</summary>
/// <param name="ExtendedAt">延期: when the first extension was granted.</param>
/// <param name="HeldAt">缓办: when the latest hold began; <paramref name="ResumedAt"/> when it ended.</param>
/// <param name="ReturnedAt">回退: when a department first handed the case back.</param>
/// <param name="VoidedAt">作废</param>
public sealed record CaseFacts(
    DateTime ReportedAt,
    DateTime? RegisteredAt,
    DateTime? DispatchedAt,
    DateTime? DeadlineAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    int ReworkCount,
    SatisfactionRating? Rating,
    DateTime? RatedAt,
    DateTime? ExtendedAt = null,
    DateTime? HeldAt = null,
    DateTime? ResumedAt = null,
    DateTime? ReturnedAt = null,
    DateTime? VoidedAt = null)
{
    /// <summary>What keeps the case out of the deadline figures at T (缓办, 作废).</summary>
    public DeadlineHold Hold => new(HeldAt, ResumedAt, VoidedAt);
}

/// <summary>
/// The counts behind every indicator of a period and scope, evaluated as of T (see docs/domain.md).
/// "By T" means strictly before T, where T is the period's exclusive end or now while the period runs.
/// Rates are null when their denominator is 0, shown as "—".
/// </summary>
/// <param name="Registered">立案数: registered in the period by T, not void by T.</param>
/// <param name="Extended">延期数: 应结案 cases with an extension granted before T.</param>
/// <param name="Held">缓办数: 立案 cases whose (latest) hold began before T.</param>
/// <param name="Returned">回退数: 立案 cases a department handed back before T.</param>
/// <param name="Voided">作废数: cases registered in the period by T and voided by T (not in 立案).</param>
public sealed record IndicatorCounts(
    long Reported,
    long Registered,
    long Due,
    long Closed,
    long ClosedOnTime,
    long ClosedReworked,
    long Callbacks,
    long Satisfied,
    long ResolvedCount,
    double ResolutionHours,
    long Extended = 0,
    long Held = 0,
    long Returned = 0,
    long Voided = 0)
{
    public static readonly IndicatorCounts Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// 结案率 = closed / due
    public double? ClosureRate => Indicators.Rate(Closed, Due);
    /// 按期结案率 = closed on time (<see cref="Overdue.IsClosedOnTime"/>) / due
    public double? OnTimeClosureRate => Indicators.Rate(ClosedOnTime, Due);
    /// 返工率 = closed cases reworked at least once / closed
    public double? ReworkRate => Indicators.Rate(ClosedReworked, Closed);
    /// 满意率 = satisfied (<see cref="Satisfaction.IsSatisfied"/>) / callbacks
    public double? SatisfactionRate => Indicators.Rate(Satisfied, Callbacks);
    /// 平均处置时长 (hours, dispatched → resolved) of the cases resolved in the period.
    public double? AverageResolutionHours => ResolvedCount == 0 ? null : ResolutionHours / ResolvedCount;
    /// 延期率 = 延期数 / 应结案
    public double? ExtensionRate => Indicators.Rate(Extended, Due);
    /// 作废率 = 作废数 / (立案 + 作废): the share of the period's registrations voided.
    public double? VoidRate => Indicators.Rate(Voided, Registered + Voided);

    public IndicatorCounts Add(IndicatorCounts o) => new(
        Reported + o.Reported, Registered + o.Registered, Due + o.Due, Closed + o.Closed,
        ClosedOnTime + o.ClosedOnTime, ClosedReworked + o.ClosedReworked, Callbacks + o.Callbacks,
        Satisfied + o.Satisfied, ResolvedCount + o.ResolvedCount, ResolutionHours + o.ResolutionHours,
        Extended + o.Extended, Held + o.Held, Returned + o.Returned, Voided + o.Voided);
}

/// <summary>The indicator formulas of docs/domain.md, in one place.</summary>
public static class Indicators
{
    public static double? Rate(long numerator, long denominator) =>
        denominator == 0 ? null : (double)numerator / denominator;

    /// <summary>Folds cases into the counts of the period <paramref name="period"/> as of <paramref name="asOf"/>.</summary>
    public static IndicatorCounts Fold(IEnumerable<CaseFacts> cases, UtcRange period, DateTime asOf)
    {
        long reported = 0, registered = 0, due = 0, closed = 0, onTime = 0, reworked = 0, callbacks = 0, satisfied = 0, resolved = 0;
        long extended = 0, held = 0, returned = 0, voided = 0;
        double hours = 0;
        foreach (var c in cases)
        {
            if (period.Contains(c.ReportedAt) && c.ReportedAt < asOf) reported++;
            // 作废 takes a case out of 立案 and every count after it.
            if (period.Contains(c.RegisteredAt) && c.RegisteredAt < asOf && c.Hold.IsVoidBy(asOf)) voided++;
            else if (period.Contains(c.RegisteredAt) && c.RegisteredAt < asOf)
            {
                registered++;
                if (c.HeldAt < asOf) held++;
                if (c.ReturnedAt < asOf) returned++;
                if (Overdue.IsDueBy(c.ClosedAt, c.DeadlineAt, c.Hold, asOf))
                {
                    due++;
                    if (c.ExtendedAt < asOf) extended++;
                    if (c.ClosedAt < asOf)
                    {
                        closed++;
                        if (Overdue.IsClosedOnTime(c.ClosedAt, c.DeadlineAt)) onTime++;
                        if (c.ReworkCount > 0) reworked++;
                    }
                }
            }
            if (period.Contains(c.RatedAt) && c.RatedAt < asOf)
            {
                callbacks++;
                if (Satisfaction.IsSatisfied(c.Rating)) satisfied++;
            }
            if (period.Contains(c.ResolvedAt) && c.ResolvedAt < asOf && c.DispatchedAt is { } dispatched)
            {
                resolved++;
                hours += (c.ResolvedAt!.Value - dispatched).TotalHours;
            }
        }
        return new(reported, registered, due, closed, onTime, reworked, callbacks, satisfied, resolved, hours, extended, held, returned, voided);
    }

    /// <summary>
    /// The 100 % streak: consecutive months, newest first, whose 满意率 is 100 % with at least one callback.
    /// <paramref name="monthsNewestFirst"/> holds (callbacks, satisfied) per month; a running month that has no
    /// callback yet is skipped rather than breaking the streak.
    /// </summary>
    public static int SatisfactionStreak(IReadOnlyList<(long Callbacks, long Satisfied)> monthsNewestFirst, bool firstMonthIsRunning)
    {
        var streak = 0;
        for (var i = 0; i < monthsNewestFirst.Count; i++)
        {
            var (callbacks, satisfied) = monthsNewestFirst[i];
            if (i == 0 && firstMonthIsRunning && callbacks == 0) continue;
            if (callbacks == 0 || satisfied != callbacks) break;
            streak++;
        }
        return streak;
    }
}

/// <summary>Weights of the 综合指标值 (configuration <c>Indicators:Weights</c>); default 50/20/10/20.</summary>
public sealed record CompositeWeights(double OnTimeClosure = 50, double Closure = 20, double NoRework = 10, double Satisfaction = 20);

public enum Grade { A, B, C, D, E }

/// <summary>综合指标值 (0–100) and its grade.</summary>
public static class CompositeScore
{
    /// <summary>
    /// The weighted mean of 按期结案率, 结案率, 1 − 返工率 and 满意率, times 100. A rate shown as "—" is left out and the
    /// remaining weights are rescaled; with no rate at all the score is null.
    /// </summary>
    public static double? Compute(IndicatorCounts counts, CompositeWeights weights)
    {
        double sum = 0, weight = 0;
        void Add(double? rate, double w)
        {
            if (rate is not { } r || w <= 0) return;
            sum += r * w;
            weight += w;
        }
        Add(counts.OnTimeClosureRate, weights.OnTimeClosure);
        Add(counts.ClosureRate, weights.Closure);
        Add(1 - counts.ReworkRate, weights.NoRework);
        Add(counts.SatisfactionRate, weights.Satisfaction);
        return weight == 0 ? null : Math.Round(sum / weight * 100, 2);
    }

    /// <summary>A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below.</summary>
    public static Grade? GradeOf(double? score) => score switch
    {
        null => null,
        >= 90 => Grade.A,
        >= 75 => Grade.B,
        >= 60 => Grade.C,
        >= 40 => Grade.D,
        _ => Grade.E,
    };
}
