using CommandCenter.Domain;
using CommandCenter.Features.Intake;

namespace CommandCenter.Features.Cases;

/// <summary>
/// One step of a case's timeline (办理过程): what, when, by whom, the time since the step before, and how late it was in
/// working time.
/// </summary>
public sealed record TimelineStep(string Type, DateTime At, string Actor, EventData Fields, TimeSpan? SincePrevious, TimeSpan? AfterDeadline);

/// <summary>The timeline of a case from its <c>case_events</c>, oldest first.</summary>
public static class CaseTimeline
{
    /// <summary>
    /// Each step with the time since the previous one, and — for a 处置 or 核查 — how long after the deadline then in force it
    /// came, in working time (the deadline a 派遣 or 升级 set last; null when on time or not such a step). Late is after the
    /// deadline, as 按期结案 judges it; the working time after it can be nil (an urgent case's night-time deadline met the next
    /// morning before 08:30). Events arrive in their recorded order.
    /// </summary>
    public static IReadOnlyList<TimelineStep> Build(IEnumerable<CaseEventRow> events, WorkingTime working)
    {
        var steps = new List<TimelineStep>();
        DateTime? previous = null;
        DateTime? deadline = null;
        foreach (var e in events)
        {
            var fields = e.Fields;
            if (fields.DeadlineAt is { } d) deadline = d;
            var judged = e.Type == CaseStep.Resolve.Code() || e.Type == CaseStep.Verify.Code();
            TimeSpan? late = judged && deadline is { } dl && e.At > dl ? working.Between(dl, e.At) : null;
            steps.Add(new TimelineStep(e.Type, e.At, e.Actor, fields, previous is { } p ? e.At - p : null, late));
            previous = e.At;
        }
        return steps;
    }
}
