using CommandCenter.Domain;

namespace CommandCenter.Extensions;

/// <summary>The section <c>Business</c>: the time zone and working hours of <see cref="BusinessCalendar"/>.</summary>
public sealed class BusinessSettings : ICheckedSettings
{
    /// <summary>IANA id, e.g. Asia/Shanghai (the default, also when empty). Days, ISO weeks and months are cut here.</summary>
    public string TimeZone { get; set; } = BusinessCalendar.DefaultTimeZone;

    /// <summary>工作时间 in the business time zone, e.g. 08:30-12:00,13:30-17:30 (the default, also when empty).</summary>
    public string WorkingHours { get; set; } = Domain.WorkingHours.DefaultText;

    /// <summary>An unknown zone or unreadable working hours stop the start (later they would stop it naming no key).</summary>
    public void Check(SettingsCheck check)
    {
        check.That(string.IsNullOrWhiteSpace(TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _), nameof(TimeZone),
            "must be a time zone id such as Asia/Shanghai", TimeZone);
        var error = "";
        check.That(string.IsNullOrWhiteSpace(WorkingHours) || Domain.WorkingHours.TryParse(WorkingHours, out _, out error), nameof(WorkingHours),
            $"must be working stretches such as 08:30-12:00,13:30-17:30, in order ({error})", WorkingHours);
    }
}

/// <summary>
/// The section <c>Indicators:Weights</c>: the weights of the 综合指标值 (<see cref="CompositeWeights"/>, which holds the
/// defaults 50/20/10/20).
/// </summary>
public sealed class IndicatorWeightsSettings : ICheckedSettings
{
    private static readonly CompositeWeights Defaults = new();

    public double OnTimeClosure { get; set; } = Defaults.OnTimeClosure;
    public double Closure { get; set; } = Defaults.Closure;
    public double NoRework { get; set; } = Defaults.NoRework;
    public double Satisfaction { get; set; } = Defaults.Satisfaction;

    public CompositeWeights ToWeights() => new(OnTimeClosure, Closure, NoRework, Satisfaction);

    /// <summary>
    /// A negative weight is an error (it used to be left out silently); 0 leaves a rate out on purpose; all 0 would make
    /// every composite score empty.
    /// </summary>
    public void Check(SettingsCheck check)
    {
        check.AtLeast(nameof(OnTimeClosure), OnTimeClosure, 0);
        check.AtLeast(nameof(Closure), Closure, 0);
        check.AtLeast(nameof(NoRework), NoRework, 0);
        check.AtLeast(nameof(Satisfaction), Satisfaction, 0);
        check.Holds(OnTimeClosure + Closure + NoRework + Satisfaction > 0 || check.Failures.Count > 0,
            "Indicators:Weights must not all be 0 (no composite score could be computed).");
    }
}
