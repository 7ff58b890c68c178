namespace CommandCenter.Domain.Dashboard;

/// <summary>
/// When a live deadline figure next changes with no event at all: a deadline passing (超期未处置 from one instant after it,
/// and the rankings' 应结案) or a case entering 即将超期 one working hour before its deadline (<see cref="SoonDue.StartsAfter"/>).
/// A deadline can pass at 08:30 on a Monday with nothing recorded; the tailer re-projects at this instant.
/// </summary>
public static class DeadlineBoundary
{
    /// <summary>
    /// The first instant after <paramref name="nowUtc"/> at which a case's deadline standing can change, or null when no
    /// deadline is still to come. Any case with a deadline counts (a closed one changes nothing there; re-projecting then
    /// only finds the same figures).
    /// </summary>
    public static DateTime? Next(IEnumerable<LiveCase> cases, DateTime nowUtc, WorkingTime working)
    {
        var window = SoonDue.WindowAt(working, nowUtc);
        DateTime? nextDeadline = null;
        DateTime? nextToEnter = null;
        foreach (var c in cases)
        {
            if (c.DeadlineAt is not { } deadline || deadline < nowUtc) continue;
            nextDeadline = Earlier(nextDeadline, deadline);
            // Not 即将超期 yet: at least one working hour left.
            if (deadline >= window.Until) nextToEnter = Earlier(nextToEnter, deadline);
        }
        // "Before T" is strict on both sides: a case is overdue one instant after its deadline, soon due one instant after
        // the last instant with a full working hour left.
        var passes = nextDeadline?.AddTicks(1);
        return nextToEnter is { } d ? Earlier(passes, SoonDue.StartsAfter(working, d).AddTicks(1)) : passes;
    }

    private static DateTime Earlier(DateTime? a, DateTime b) => a is { } x && x < b ? x : b;
}
