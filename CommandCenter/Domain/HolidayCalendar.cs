namespace CommandCenter.Domain;

/// <summary>
/// One day the official calendar names: a statutory day off (节假日, <see cref="IsOffDay"/>) or a make-up working day on a
/// Saturday or Sunday (调休上班).
/// </summary>
public sealed record CalendarDay(DateOnly Date, string Name, bool IsOffDay);

/// <summary>
/// 节假日与调休: which local dates are working days. Monday to Friday work and Saturday and Sunday do not, except the days the
/// calendar names: a named day off does not work, a named working day does. Stored in <c>work_calendar</c>.
/// </summary>
public sealed class HolidayCalendar
{
    public static readonly HolidayCalendar None = new([]);

    private readonly Dictionary<DateOnly, CalendarDay> _days;

    /// <summary>The named days; each date at most once.</summary>
    public HolidayCalendar(IEnumerable<CalendarDay> days)
    {
        _days = [];
        foreach (var day in days)
            if (!_days.TryAdd(day.Date, day))
                throw new ArgumentException($"The calendar names {day.Date:yyyy-MM-dd} twice.", nameof(days));
        Days = _days.Values.OrderBy(d => d.Date).ToList();
    }

    /// <summary>The named days in date order.</summary>
    public IReadOnlyList<CalendarDay> Days { get; }

    /// <summary>工作日: a named day as named, any other Monday to Friday.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        _days.TryGetValue(date, out var named) ? !named.IsOffDay : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
