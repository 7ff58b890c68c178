namespace CommandCenter.Domain.Dashboard;

/// <summary>
/// Everything the wall boards and the dashboard API show, as one immutable value. The change-feed tailer folds new
/// <c>case_events</c> (and patrols) into it and publishes a new one with a higher <see cref="Version"/>; on start, at
/// local midnight and on a schedule it is rebuilt from SQL aggregates, and the fold must equal that rebuild.
/// Times are UTC; days, weeks and months are cut in the business time zone.
/// </summary>
public sealed record DashboardSnapshot
{
    /// <summary>Grows by one with every published snapshot of this node.</summary>
    public required long Version { get; init; }

    /// <summary>The newest change the figures include: the time of the last folded event (or of the rebuild).</summary>
    public required DateTime DataAsOf { get; init; }

    /// <summary>
    /// When this node last read the change feed successfully: the figures are current as of then. It advances at least
    /// every <c>LiveFeed:HeartbeatSeconds</c> even when nothing changes, so a quiet night does not look like a dead feed.
    /// </summary>
    public DateTime CheckedAt { get; init; }

    /// <summary>The later of <see cref="DataAsOf"/> and <see cref="CheckedAt"/>: how fresh the figures are known to be.</summary>
    public DateTime FreshAsOf => CheckedAt > DataAsOf ? CheckedAt : DataAsOf;

    /// <summary>The id of the last <c>case_events</c> row folded in: the tailer's cursor.</summary>
    public required long LastEventId { get; init; }

    /// <summary>True when the feed could not be read lately; the figures are those of <see cref="DataAsOf"/>.</summary>
    public bool Stale { get; init; }

    /// <summary>Why the snapshot is stale (for operators; never shown with connection details on a wall).</summary>
    public string? StaleReason { get; init; }

    /// <summary>The local business day the "today" figures belong to.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>今日: counts by workflow stage, with 环比 against yesterday at the same hour.</summary>
    public required TodayFigures Today { get; init; }

    /// <summary>Reported cases per local hour, today (up to now) and yesterday (all 24 hours).</summary>
    public required IReadOnlyList<HourlyPoint> Hourly { get; init; }

    /// <summary>Today's reported cases by source (案件来源), every source present, largest first.</summary>
    public required IReadOnlyList<NamedCount> BySource { get; init; }

    /// <summary>Today's top categories by reported cases (at most 10), largest first.</summary>
    public required IReadOnlyList<NamedCount> TopCategories { get; init; }

    /// <summary>Month-to-date ranking of streets by 综合指标值.</summary>
    public required IReadOnlyList<LiveStanding> StreetRanking { get; init; }

    /// <summary>Month-to-date ranking of departments by 综合指标值.</summary>
    public required IReadOnlyList<LiveStanding> DepartmentRanking { get; init; }

    /// <summary>满意率: this month, the last 12 months and the consecutive-100 % streak.</summary>
    public required SatisfactionFigures Satisfaction { get; init; }

    /// <summary>领导包路: each leader's road this week and since the campaign start.</summary>
    public required IReadOnlyList<LeaderRoadFigures> Leaders { get; init; }

    /// <summary>721工作法: month-to-date resolutions by method.</summary>
    public required MethodMix Methods { get; init; }

    /// <summary>三级处置: 待处置 cases (status registered or dispatched: registered, not yet resolved) by escalation level.</summary>
    public required EscalationFigures Escalation { get; init; }

    /// <summary>The latest 20 workflow events, newest first, reporter data masked.</summary>
    public required IReadOnlyList<LatestEvent> LatestEvents { get; init; }
}

/// <summary>A count today with the same count yesterday up to the same local time (环比), when that is defined.</summary>
public sealed record Compared(long Value, long? YesterdaySameTime)
{
    /// <summary>Change against yesterday at the same time; null without a comparison.</summary>
    public long? Change => YesterdaySameTime is { } y ? Value - y : null;
}

/// <summary>Today's figures by workflow stage (local business day).</summary>
public sealed record TodayFigures(
    /// 上报: reported today
    Compared Reported,
    /// 立案: registered today
    Compared Registered,
    /// 派遣: dispatched today
    Compared Dispatched,
    /// 处置: resolutions recorded today (every 处置 step, one undone by a 返工 included, so the count never goes down)
    Compared Resolved,
    /// 结案: closed today
    Compared Closed,
    /// 处置中 (live): status dispatched, i.e. dispatched and not yet resolved (a 返工 puts a case back here)
    long InProgress,
    /// 超期未处置 (live): <see cref="Domain.Overdue.IsOverdueAt"/> now
    long Overdue,
    /// 紧急未结 (live): urgent, not closed or rejected
    long UrgentOpen,
    /// 即将超期 (live): <see cref="Domain.SoonDue.IsSoonDueAt"/> now, less than one working hour left
    long SoonDue);

/// <summary>One local hour (0–23) of the hourly trend; <see cref="Today"/> is null for hours still to come.</summary>
public sealed record HourlyPoint(int Hour, long? Today, long Yesterday);

/// <summary>A count under a code (source, category) with its display name (Chinese as stored; sources are codes).</summary>
public sealed record NamedCount(string Code, string Name, long Count);

/// <summary>
/// A street or department in the live month-to-date ranking (wall 排名), ranked by <see cref="Ranking.Rank"/>: null rank
/// ("—") without a composite. Rates are null when their denominator is 0 ("—").
/// </summary>
public sealed record LiveStanding(
    int? Rank,
    string Code,
    string Name,
    /// 综合指标值 (0–100)
    double? Composite,
    Grade? Grade,
    /// 按期结案率
    double? OnTimeClosureRate,
    /// 结案率
    double? ClosureRate,
    /// 返工率
    double? ReworkRate,
    /// 满意率
    double? SatisfactionRate,
    /// The counts the rates come from (立案, 应结案, 结案 …).
    IndicatorCounts Counts);

/// <summary>One month of 12345 callbacks.</summary>
public sealed record MonthSatisfaction(string Month, long Callbacks, long Satisfied)
{
    /// 满意率, null without callbacks
    public double? Rate => Indicators.Rate(Satisfied, Callbacks);
}

public sealed record SatisfactionFigures(
    /// This month so far.
    MonthSatisfaction ThisMonth,
    /// The last 12 months, oldest first, this month last.
    IReadOnlyList<MonthSatisfaction> Last12Months,
    /// Consecutive months at 100 % (Indicators.SatisfactionStreak).
    int Streak);

/// <summary>A leader's road: patrols this week against the requirement, problems this week and since the campaign start.</summary>
public sealed record LeaderRoadFigures(
    string LeaderCode,
    string LeaderName,
    string Title,
    string RoadCode,
    string RoadName,
    string StreetName,
    long PatrolsThisWeek,
    int RequiredPerWeek,
    RoadProblemCounts ThisWeek,
    RoadProblemCounts SinceCampaignStart,
    RoadStatus Status);

/// <summary>
/// 721工作法: resolutions by method. The shares are <see cref="Domain.Shares.Of"/> of the three counts (rounded to the
/// shown 0.01 %, adding up to 100 %), null when there is none.
/// </summary>
public sealed record MethodMix(long Service, long Management, long Enforcement)
{
    public long Total => Service + Management + Enforcement;
    public double? ServiceShare => ShownShares[0];
    public double? ManagementShare => ShownShares[1];
    public double? EnforcementShare => ShownShares[2];

    private IReadOnlyList<double?> ShownShares => Domain.Shares.Of([Service, Management, Enforcement]);

    /// <summary>The target mix: 70 % service, 20 % management, 10 % enforcement.</summary>
    public static readonly (double Service, double Management, double Enforcement) Target = (0.7, 0.2, 0.1);
}

/// <summary>三级处置: 待处置 cases (status registered or dispatched) at each level.</summary>
public sealed record EscalationFigures(long Grid, long Community, long Street);

/// <summary>A workflow event for the ticker. The description is plain text (rendered escaped); the phone is masked.</summary>
public sealed record LatestEvent(
    long EventId,
    DateTime At,
    string CaseNo,
    /// The step: report, register, dispatch, …
    string Type,
    string CategoryName,
    string StreetName,
    string Description,
    string? MaskedPhone,
    bool IsUrgent);
