namespace CommandCenter.Features.Demo;

/// <summary>
/// The demo district's rhythm of reports (上报): busy mornings and afternoons, quiet nights, quieter weekends, a busier
/// summer. One definition for the seeded history and the live simulator, so the simulator continues the history's volume.
/// </summary>
public static class DistrictRhythm
{
    /// <summary>Hour-of-day weights of reports (local time): a morning and an afternoon peak, a quiet night.</summary>
    public static readonly IReadOnlyList<double> HourWeights =
        [1, 0.5, 0.3, 0.3, 0.5, 1, 3, 6, 9, 10, 9, 8, 6, 6, 8, 9, 9, 8, 7, 7, 6, 4, 3, 2];

    private static readonly double HourWeightTotal = HourWeights.Sum();

    /// <summary>How busy a local day is against an average day: weekends quieter, summer busier (±25 %).</summary>
    public static double DayFactor(DateOnly day)
    {
        var weekday = day.DayOfWeek switch { DayOfWeek.Saturday => 0.8, DayOfWeek.Sunday => 0.7, _ => 1.0 };
        var season = 1 + 0.25 * Math.Sin(2 * Math.PI * (day.DayOfYear - 120) / 365.0);
        return weekday * season;
    }

    /// <summary>The share of a day's reports that fall in the local hour <paramref name="hour"/> (0–23).</summary>
    public static double HourShare(int hour) => HourWeights[hour] / HourWeightTotal;

    /// <summary>Expected reports in one local hour of <paramref name="day"/>, for a district averaging <paramref name="casesPerDay"/>.</summary>
    public static double ExpectedReports(DateOnly day, int hour, double casesPerDay) => casesPerDay * DayFactor(day) * HourShare(hour);
}
