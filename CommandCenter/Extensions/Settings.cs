using System.Globalization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Extensions;

/// <summary>A settings class bound to one configuration section that can say what is wrong with its values.</summary>
public interface ICheckedSettings
{
    /// <summary>Records every value outside its allowed range in <paramref name="check"/>.</summary>
    void Check(SettingsCheck check);
}

/// <summary>
/// The failures of one section, each naming its full key and the value found, e.g.
/// "LiveFeed:PollIntervalMs must be between 50 and 60000 (got 10)." An operator's typo stops the app with this message
/// instead of being clamped or ignored.
/// </summary>
public sealed class SettingsCheck(string section)
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>The full key of a setting of this section.</summary>
    public string Key(string name) => $"{section}:{name}";

    /// <summary>A failure "Section:Name {rule} (got …)." unless <paramref name="ok"/>.</summary>
    public void That(bool ok, string name, string rule, object? got)
    {
        if (!ok) _failures.Add($"{Key(name)} {rule} (got {Show(got)}).");
    }

    /// <summary>A failure worded in full, for a rule over several keys.</summary>
    public void Holds(bool ok, string message)
    {
        if (!ok) _failures.Add(message);
    }

    /// <summary><paramref name="min"/> ≤ value ≤ <paramref name="max"/> (NaN fails).</summary>
    public void Between(string name, double value, double min, double max) =>
        That(value >= min && value <= max, name, $"must be between {Show(min)} and {Show(max)}", value);

    public void Between(string name, TimeSpan value, TimeSpan min, TimeSpan max) =>
        That(value >= min && value <= max, name, $"must be between {Show(min)} and {Show(max)}", value);

    public void AtLeast(string name, double value, double min) =>
        That(value >= min && double.IsFinite(value), name, $"must be {Show(min)} or more", value);

    public void AtLeast(string name, TimeSpan value, TimeSpan min) =>
        That(value >= min, name, $"must be {Show(min)} or more", value);

    /// <summary>One of the enum's names (the binder also accepts numbers, which may name nothing).</summary>
    public void Defined<TEnum>(string name, TEnum value) where TEnum : struct, Enum =>
        That(Enum.IsDefined(value), name, $"must be {string.Join(" or ", Enum.GetNames<TEnum>())}", value);

    private static string Show(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>Registration of the settings sections: bound with the options pattern, checked when first read and when the host starts.</summary>
public static class SettingsRegistration
{
    /// <summary>
    /// Binds <paramref name="section"/> to <typeparamref name="T"/> (read once, when first asked for) and checks it with
    /// <see cref="ICheckedSettings.Check"/>; <c>ValidateOnStart</c> makes a section nobody has read yet fail the start too.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class, ICheckedSettings =>
        services.AddCheckedOptions<T>(section).BindConfiguration(section);

    /// <summary>As <see cref="AddSettings{T}"/> for options the caller fills itself (from more than one section).</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section) where T : class, ICheckedSettings
    {
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(section));
        return services.AddOptions<T>().ValidateOnStart();
    }

    /// <summary>
    /// Binds and checks <paramref name="section"/> now, for a setting that decides what is registered (so it cannot wait
    /// for the host). A bad value stops the composition with the same message as <see cref="AddSettings{T}"/>.
    /// </summary>
    public static T ReadSettingsNow<T>(this IConfiguration configuration, string section) where T : class, ICheckedSettings, new()
    {
        var settings = configuration.GetSection(section).Get<T>() ?? new T();
        var result = new SettingsValidator<T>(section).Validate(Options.DefaultName, settings);
        return result.Failed ? throw new OptionsValidationException(section, typeof(T), result.Failures) : settings;
    }

    /// <summary>Options validation over <see cref="ICheckedSettings.Check"/>, one failure per bad key.</summary>
    private sealed class SettingsValidator<T>(string section) : IValidateOptions<T> where T : class, ICheckedSettings
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var check = new SettingsCheck(section);
            options.Check(check);
            return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
        }
    }
}
