namespace CommandCenter.Domain;

/// <summary>
/// 工作时间 arithmetic: the working stretches (<see cref="BusinessCalendar.WorkingHours"/> in the business time zone) on the
/// working days of a <see cref="HolidayCalendar"/>. Times are UTC. Plain C#: the calendar is passed in, nothing is read
/// from a clock or a database.
/// </summary>
public sealed class WorkingTime(BusinessCalendar calendar, HolidayCalendar holidays)
{
    public BusinessCalendar Calendar { get; } = calendar;
    public HolidayCalendar Holidays { get; } = holidays;

    /// <summary>
    /// The instant <paramref name="amount"/> of working time after <paramref name="startUtc"/>: the time counts only inside
    /// working stretches, from the start on (a start outside them waits for the next one). A limit that runs out exactly at a
    /// stretch's end is due then (12:00, not 13:30).
    /// </summary>
    public DateTime Add(DateTime startUtc, TimeSpan amount)
    {
        var start = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        if (amount <= TimeSpan.Zero) return start;
        var remaining = amount;
        foreach (var stretch in StretchesFrom(Calendar.LocalDate(start)))
        {
            if (stretch.ToUtc <= start) continue;
            var from = stretch.FromUtc > start ? stretch.FromUtc : start;
            var length = stretch.ToUtc - from;
            if (remaining <= length) return from + remaining;
            remaining -= length;
        }
        throw new ArgumentOutOfRangeException(nameof(amount), amount, $"The working time runs past {CalendarRange.LastDay:yyyy-MM-dd}.");
    }

    /// <summary>
    /// The latest instant from which <paramref name="amount"/> of working time runs to <paramref name="endUtc"/>: <see cref="Add"/>
    /// backwards (one working hour before 09:30 is 08:30; before 14:30 it is 13:30, not 12:00). When a case becomes 即将超期.
    /// </summary>
    public DateTime Subtract(DateTime endUtc, TimeSpan amount)
    {
        var end = DateTime.SpecifyKind(endUtc, DateTimeKind.Utc);
        if (amount <= TimeSpan.Zero) return end;
        var remaining = amount;
        foreach (var stretch in StretchesBackFrom(Calendar.LocalDate(end)))
        {
            if (stretch.FromUtc >= end) continue;
            var to = stretch.ToUtc < end ? stretch.ToUtc : end;
            var length = to - stretch.FromUtc;
            if (remaining <= length) return to - remaining;
            remaining -= length;
        }
        throw new ArgumentOutOfRangeException(nameof(amount), amount, $"The working time runs before {CalendarRange.FirstDay:yyyy-MM-dd}.");
    }

    /// <summary>
    /// The working time from <paramref name="fromUtc"/> to <paramref name="toUtc"/> (剩余工作时, how late a case closed);
    /// negative when <paramref name="toUtc"/> is earlier.
    /// </summary>
    public TimeSpan Between(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc < fromUtc) return -Between(toUtc, fromUtc);
        var total = TimeSpan.Zero;
        foreach (var stretch in StretchesFrom(Calendar.LocalDate(fromUtc)))
        {
            if (stretch.FromUtc >= toUtc) break;
            var from = stretch.FromUtc > fromUtc ? stretch.FromUtc : fromUtc;
            var to = stretch.ToUtc < toUtc ? stretch.ToUtc : toUtc;
            if (to > from) total += to - from;
        }
        return total;
    }

    /// <summary>
    /// 处置时限 of a dispatch at <paramref name="dispatchedUtc"/>: calendar hours for <see cref="TimeLimitUnit.Hours"/>, else
    /// the limit in working time (a 工作日 is <see cref="WorkingHours.PerDay"/> of it).
    /// </summary>
    public DateTime Deadline(DateTime dispatchedUtc, TimeLimit limit) => limit.Unit switch
    {
        TimeLimitUnit.Hours => dispatchedUtc.AddHours(limit.Amount),
        TimeLimitUnit.WorkingHours => Add(dispatchedUtc, TimeSpan.FromHours(limit.Amount)),
        TimeLimitUnit.WorkingDays => Add(dispatchedUtc, Calendar.WorkingHours.PerDay * limit.Amount),
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit.Unit, "Unknown time limit unit."),
    };

    /// <summary>The working stretches in UTC, day by day from a local date on, to the end of <see cref="CalendarRange"/>.</summary>
    private IEnumerable<UtcRange> StretchesFrom(DateOnly day)
    {
        for (var d = day; d <= CalendarRange.LastDay; d = d.AddDays(1))
        {
            if (!Holidays.IsWorkingDay(d)) continue;
            foreach (var period in Calendar.WorkingHours.Periods)
                yield return Stretch(d, period);
        }
    }

    /// <summary>The working stretches in UTC, latest first, day by day from a local date back to the start of <see cref="CalendarRange"/>.</summary>
    private IEnumerable<UtcRange> StretchesBackFrom(DateOnly day)
    {
        for (var d = day; d >= CalendarRange.FirstDay; d = d.AddDays(-1))
        {
            if (!Holidays.IsWorkingDay(d)) continue;
            for (var i = Calendar.WorkingHours.Periods.Count - 1; i >= 0; i--)
                yield return Stretch(d, Calendar.WorkingHours.Periods[i]);
        }
    }

    private UtcRange Stretch(DateOnly day, WorkingPeriod period) =>
        new(Calendar.ToUtc(day.ToDateTime(period.Start)), Calendar.ToUtc(day.ToDateTime(period.End)));
}
