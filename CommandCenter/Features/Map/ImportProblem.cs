using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Map;

/// <summary>
/// Why a boundary or places file is refused (<see cref="GeoImportFile"/>, <see cref="PlaceImportFile"/>): a
/// <see cref="MapResource"/> key and its values (the feature, a line number, a limit…). An argument that is itself an
/// <see cref="ImportProblem"/> is a phrase rendered in the same language first: the feature named by number and name or code
/// (<see cref="Feature"/>), a ring, a region's level. The admin tabs render it in the page's language, the CLI in English;
/// the sentences are only in the resx files.
/// </summary>
public sealed record ImportProblem(string Key, params object[] Args)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    // The resources IStringLocalizer<MapResource> reads (ResourcesPath "Resources"); English is the neutral resx.
    private static readonly ResourceManager Texts = new("CommandCenter.Resources.Features.Map.MapResource", typeof(MapResource).Assembly);

    /// <summary>The feature as a message names it: its number from 1 and, when it has one, its name or code.</summary>
    public static ImportProblem Feature(int number, string? nameOrCode) =>
        nameOrCode is { Length: > 0 } ? new("Import.FeatureNamed", number, nameOrCode) : new("Import.Feature", number);

    /// <summary>The sentence in the UI language (<see cref="CultureInfo.CurrentUICulture"/>), for the admin tabs.</summary>
    public string Format(IStringLocalizer<MapResource> localizer) => Format(key => localizer[key], CultureInfo.CurrentCulture);

    /// <summary>The sentence in English whatever the thread's culture, for the CLI.</summary>
    public string InEnglish() => Format(key => Texts.GetString(key, English) ?? key, English);

    /// <summary>Two problems are the same when their keys and values are (the values compared one by one).</summary>
    public bool Equals(ImportProblem? other) => other is not null && Key == other.Key && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Key, Args.Length);

    private string Format(Func<string, string> text, IFormatProvider culture) =>
        string.Format(culture, text(Key), Args.Select(a => a is ImportProblem phrase ? phrase.Format(text, culture) : a).ToArray());
}
