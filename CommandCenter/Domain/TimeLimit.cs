using System.Diagnostics.CodeAnalysis;

namespace CommandCenter.Domain;

/// <summary>
/// The unit a category's 处置时限 is counted in. Stored and sent as <see cref="TimeLimitUnits.Code"/>
/// (<c>workingHours</c>, <c>workingDays</c>, <c>hours</c>).
/// </summary>
public enum TimeLimitUnit
{
    /// 工作时: hours of <see cref="WorkingHours"/> on working days of the <see cref="HolidayCalendar"/>.
    WorkingHours,
    /// 工作日: one working day is one full day of working hours (<see cref="WorkingHours.PerDay"/>), counted like them.
    WorkingDays,
    /// 自然时: calendar hours, for urgent cases that cannot wait for office hours.
    Hours,
}

public static class TimeLimitUnits
{
    public static readonly IReadOnlyList<TimeLimitUnit> All = [TimeLimitUnit.WorkingHours, TimeLimitUnit.WorkingDays, TimeLimitUnit.Hours];

    /// <summary>The unit as the database, the API and files spell it.</summary>
    public static string Code(this TimeLimitUnit unit) => unit switch
    {
        TimeLimitUnit.WorkingHours => "workingHours",
        TimeLimitUnit.WorkingDays => "workingDays",
        TimeLimitUnit.Hours => "hours",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time limit unit."),
    };

    /// <summary>Reads a unit's code (exact spelling, as <see cref="Code"/> writes it).</summary>
    public static bool TryParse([NotNullWhen(true)] string? code, out TimeLimitUnit unit)
    {
        foreach (var candidate in All)
            if (candidate.Code() == code)
            {
                unit = candidate;
                return true;
            }
        unit = default;
        return false;
    }
}

/// <summary>处置时限: an amount of time in its unit, e.g. 4 工作时 or 2 自然时.</summary>
public readonly record struct TimeLimit(double Amount, TimeLimitUnit Unit)
{
    public static TimeLimit Hours(double amount) => new(amount, TimeLimitUnit.Hours);
    public static TimeLimit WorkingHours(double amount) => new(amount, TimeLimitUnit.WorkingHours);
    public static TimeLimit WorkingDays(double amount) => new(amount, TimeLimitUnit.WorkingDays);
}
