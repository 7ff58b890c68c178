using CommandCenter.Domain;

namespace CommandCenter.Features.Reports;

/// <summary>One line of the 汇总: an indicator this month, last month and the same month last year.</summary>
public sealed record SummaryLine(string Key, string Label, FigureKind Kind, double? Current, double? Previous, double? LastYear)
{
    /// 环比
    public double? MonthOnMonth => Compare(Current, Previous);
    /// 同比
    public double? YearOnYear => Compare(Current, LastYear);

    private double? Compare(double? now, double? then) => Kind == FigureKind.Rate
        ? now - then
        : now is { } n && then is { } t && t != 0 ? (n - t) / t : null;
}

/// <summary>
/// What the 汇总's three columns cover: whole months once the month is over; while it runs (<see cref="IsRunning"/>) the month
/// to T and the same elapsed part of last month and of the same month last year (同期, <see cref="SamePeriodToDate"/>).
/// Each span is <c>2026-11</c> or <c>2026-11-01 00:00 至 2026-11-03 10:00</c> (<see cref="ReportSpan.Text"/>: "to" on the English pages).
/// </summary>
public sealed record ReportSpans(bool IsRunning, ReportSpan Current, ReportSpan Previous, ReportSpan LastYear);

/// <summary>
/// A street or department in the month's ranking (街道排名 / 部门排名), ranked by <see cref="Ranking.Rank"/>: rank 1 is best;
/// a row without any rate has no score and no rank ("—").
/// </summary>
public sealed record MonthlyStanding(int? Rank, string Code, string Name, IndicatorCounts Counts, double? Score, Grade? Grade);

/// <summary>The cases resolved in the month by a 721 method, against its target share.</summary>
public sealed record MethodShare(ResolutionMethod Method, long Cases, double? Share, double Target);

/// <summary>The callbacks (回访) of the month by rating.</summary>
public sealed record SatisfactionSummary(long VerySatisfied, long Satisfied, long Dissatisfied)
{
    public long Callbacks => VerySatisfied + Satisfied + Dissatisfied;

    /// <summary>占比 of each rating (very satisfied, satisfied, dissatisfied) in the callbacks, adding up to exactly 100.00 % (<see cref="Shares.Of"/>).</summary>
    public IReadOnlyList<double?> RatingShares() => Shares.Of([VerySatisfied, Satisfied, Dissatisfied]);
}

/// <summary>One leader's road over the month (领导包路).</summary>
public sealed record RoadLine(string LeaderName, string LeaderTitle, string RoadName, string StreetName, int RequiredPatrols,
    long Patrols, long Walk, long Bike, long Drive, RoadProblemCounts Problems, RoadStatus Status);

/// <summary>
/// The monthly report (月报) of a scope, evaluated as of T (the month's end, or now while it runs). Every figure of the
/// Excel file, the preview and the printable page comes from here, so they cannot disagree. <see cref="Lifecycle"/> lists the
/// month's 延期、缓办、回退、作废 steps.
/// </summary>
public sealed record MonthlyReport(
    MonthlyReportRequest Request,
    DateTime AsOfUtc,
    ReportSpans Spans,
    IndicatorCounts Current,
    IReadOnlyList<SummaryLine> Summary,
    IReadOnlyList<MonthlyStanding> Streets,
    IReadOnlyList<MonthlyStanding> Departments,
    IReadOnlyList<(string Code, string Name, IndicatorCounts Counts)> Categories,
    IReadOnlyList<(CaseSource Source, IndicatorCounts Counts)> Sources,
    IReadOnlyList<MethodShare> Methods,
    SatisfactionSummary Satisfaction,
    IReadOnlyList<RoadLine> Roads,
    IReadOnlyList<LifecycleLine> Lifecycle)
{
    public Period Month => Request.Month;

    /// <summary>占比 of each category's reports in the month's, in the order of <see cref="Categories"/>, adding up to exactly 100.00 % (<see cref="Shares.Of"/>).</summary>
    public IReadOnlyList<double?> CategoryShares() => Shares.Of(Categories.Select(c => c.Counts.Reported).ToList());

    /// <summary>占比 of each source's reports in the month's, in the order of <see cref="Sources"/>, adding up to exactly 100.00 % (<see cref="Shares.Of"/>).</summary>
    public IReadOnlyList<double?> SourceShares() => Shares.Of(Sources.Select(s => s.Counts.Reported).ToList());
}
