using System.Globalization;

namespace CommandCenter.Domain;

/// <summary>One stretch of a working day in local time, [Start, End): 08:30–12:00.</summary>
public readonly record struct WorkingPeriod(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>
/// 工作时间: the stretches of a working day the bureau works, in the business time zone (setting <c>Business:WorkingHours</c>,
/// default <see cref="DefaultText"/>, 7.5 h a day). The same on every working day; which days work is the
/// <see cref="HolidayCalendar"/>'s.
/// </summary>
public sealed class WorkingHours
{
    public const string DefaultText = "08:30-12:00,13:30-17:30";

    public static readonly WorkingHours Default = Parse(DefaultText);

    private WorkingHours(IReadOnlyList<WorkingPeriod> periods)
    {
        Periods = periods;
        PerDay = TimeSpan.FromTicks(periods.Sum(p => p.Length.Ticks));
    }

    /// <summary>The stretches of the day in order, none overlapping or touching.</summary>
    public IReadOnlyList<WorkingPeriod> Periods { get; }

    /// <summary>A full working day: the length of one 工作日.</summary>
    public TimeSpan PerDay { get; }

    /// <summary>The setting's text, e.g. <c>08:30-12:00,13:30-17:30</c>.</summary>
    public override string ToString() => string.Join(",", Periods.Select(p =>
        $"{p.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{p.End.ToString("HH:mm", CultureInfo.InvariantCulture)}"));

    /// <summary>Reads <c>HH:mm-HH:mm</c> stretches separated by commas, in order, each ending after it starts, within one day.</summary>
    public static bool TryParse(string? text, out WorkingHours hours, out string error)
    {
        hours = null!;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; it needs at least one stretch such as 08:30-12:00";
            return false;
        }
        var periods = new List<WorkingPeriod>();
        foreach (var part in text.Split(','))
        {
            var bounds = part.Trim().Split('-');
            if (bounds.Length != 2 || !TryTime(bounds[0], out var start) || !TryTime(bounds[1], out var end))
            {
                error = $"has '{part.Trim()}', not a stretch HH:mm-HH:mm such as 08:30-12:00";
                return false;
            }
            if (end <= start)
            {
                error = $"has '{part.Trim()}', which does not end after it starts (a stretch cannot cross midnight)";
                return false;
            }
            if (periods.Count > 0 && start <= periods[^1].End)
            {
                error = $"has '{part.Trim()}', which does not start after the stretch before it ends";
                return false;
            }
            periods.Add(new WorkingPeriod(start, end));
        }
        hours = new WorkingHours(periods);
        return true;
    }

    /// <summary><see cref="TryParse"/>, throwing a <see cref="FormatException"/> that quotes the text.</summary>
    public static WorkingHours Parse(string? text) => TryParse(text, out var hours, out var error)
        ? hours
        : throw new FormatException($"Working hours '{text}' {error}.");

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
