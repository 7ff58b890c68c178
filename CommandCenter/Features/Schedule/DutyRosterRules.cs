using CommandCenter.Domain;

namespace CommandCenter.Features.Schedule;

/// <summary>One day of the 24-hour duty roster (领导带班值班): the leader on duty, or none yet.</summary>
public sealed record DutyDay(DateOnly Day, long? LeaderId);

/// <summary>What the rules need of a leader.</summary>
public sealed record RosterLeader(long Id, string Name, int RequiredPerWeek);

public enum RosterIssueKind
{
    /// A day that is not in the week being edited (error).
    DayOutsideWeek,
    /// The same day twice: one leader per day (error).
    DayListedTwice,
    /// A leader that does not exist (error).
    UnknownLeader,
    /// A day with nobody on duty (warning).
    NoLeaderOnDay,
    /// The same leader on duty two days running (warning).
    ConsecutiveDuty,
    /// A leader whose planned patrol days are fewer than their required patrols per week (warning).
    PlanBelowRequirement,
}

public sealed record RosterIssue(RosterIssueKind Kind, DateOnly? Day = null, long? LeaderId = null)
{
    public bool IsError => Kind is RosterIssueKind.DayOutsideWeek or RosterIssueKind.DayListedTwice or RosterIssueKind.UnknownLeader;
}

/// <summary>
/// The rules of next week's duty roster and patrol plan, in plain C#: errors refuse a save, warnings are shown beside the
/// table for the meeting to decide. One leader per day is the hard rule (<c>duty_roster.duty_date</c> is unique).
/// </summary>
public static class DutyRosterRules
{
    /// <param name="onDutyDayBefore">The leader on duty the Sunday before the week, so Sunday–Monday counts as two days running.</param>
    public static IReadOnlyList<RosterIssue> Check(Period week, IReadOnlyList<DutyDay> roster, IReadOnlyCollection<RosterLeader> leaders,
        IReadOnlyDictionary<long, int> plannedDays, long? onDutyDayBefore = null)
    {
        var issues = new List<RosterIssue>();
        var known = leaders.Select(l => l.Id).ToHashSet();
        var byDay = new Dictionary<DateOnly, long?>();
        foreach (var duty in roster)
        {
            if (duty.Day < week.Start || duty.Day >= week.End) issues.Add(new(RosterIssueKind.DayOutsideWeek, duty.Day, duty.LeaderId));
            else if (!byDay.TryAdd(duty.Day, duty.LeaderId)) issues.Add(new(RosterIssueKind.DayListedTwice, duty.Day, duty.LeaderId));
            if (duty.LeaderId is { } id && !known.Contains(id)) issues.Add(new(RosterIssueKind.UnknownLeader, duty.Day, id));
        }
        for (var day = week.Start; day < week.End; day = day.AddDays(1))
        {
            var leader = byDay.GetValueOrDefault(day);
            if (leader is null) issues.Add(new(RosterIssueKind.NoLeaderOnDay, day));
            else if ((day > week.Start ? byDay.GetValueOrDefault(day.AddDays(-1)) : onDutyDayBefore) == leader)
                issues.Add(new(RosterIssueKind.ConsecutiveDuty, day, leader));
        }
        foreach (var leader in leaders.OrderBy(l => l.Id))
            if (PatrolDays.Count(plannedDays.GetValueOrDefault(leader.Id)) < leader.RequiredPerWeek)
                issues.Add(new(RosterIssueKind.PlanBelowRequirement, null, leader.Id));
        return issues;
    }
}
