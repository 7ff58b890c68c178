using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;

namespace CommandCenter.Features.Schedule;

/// <summary>A week's problem totals over all roads (发现 / 已整改 / 超期), as of the week's end.</summary>
public sealed record WeekProblemTotals(string WeekLabel, long Found, long Resolved, long Overdue)
{
    public static WeekProblemTotals Of(Period week, IEnumerable<RoadResponsibilityRow> rows)
    {
        var list = rows.ToList();
        return new(week.Label, list.Sum(r => r.ProblemsInPeriod.Found), list.Sum(r => r.ProblemsInPeriod.Resolved),
            list.Sum(r => r.ProblemsInPeriod.Overdue));
    }
}

/// <summary>
/// The weekly dispatch meeting's summary (周调度): last week against the week before, the roads with the most open and overdue
/// problems now, and the leaders who patrolled less than required last week.
/// </summary>
public sealed record MeetingSummary(
    WeekProblemTotals LastWeek,
    WeekProblemTotals WeekBefore,
    IReadOnlyList<RoadResponsibilityRow> RoadsWithMostProblems,
    IReadOnlyList<RoadResponsibilityRow> LeadersBelowRequirement)
{
    public const int TopRoads = 5;

    public static MeetingSummary Build(Period lastWeek, IReadOnlyList<RoadResponsibilityRow> lastWeekRows, Period weekBefore,
        IReadOnlyList<RoadResponsibilityRow> weekBeforeRows, IReadOnlyList<RoadResponsibilityRow> currentRows) =>
        new(WeekProblemTotals.Of(lastWeek, lastWeekRows), WeekProblemTotals.Of(weekBefore, weekBeforeRows),
            currentRows.Where(r => r.ProblemsSinceCampaign.Open > 0)
                .OrderByDescending(r => r.ProblemsSinceCampaign.Overdue).ThenByDescending(r => r.ProblemsSinceCampaign.Open)
                .ThenBy(r => r.LeaderCode, StringComparer.Ordinal).Take(TopRoads).ToList(),
            lastWeekRows.Where(r => r.Patrols.Total < r.RequiredInPeriod)
                .OrderByDescending(r => r.PatrolsMissing).ThenBy(r => r.LeaderCode, StringComparer.Ordinal).ToList());
}

/// <summary>Reads the three weeks the summary compares through <see cref="RoadResponsibilityQuery"/>.</summary>
public sealed class MeetingSummaryQuery(RoadResponsibilityQuery roads)
{
    /// <summary>The summary for a meeting held in <paramref name="week"/>: "last week" is the one before it.</summary>
    public async Task<MeetingSummary> GetAsync(Period week, CancellationToken cancellationToken = default)
    {
        var lastWeek = week.Previous();
        var weekBefore = lastWeek.Previous();
        var current = await roads.GetWeekAsync(week, cancellationToken);
        var last = await roads.GetWeekAsync(lastWeek, cancellationToken);
        var before = await roads.GetWeekAsync(weekBefore, cancellationToken);
        return MeetingSummary.Build(lastWeek, last, weekBefore, before, current);
    }
}
