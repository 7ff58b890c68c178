using System.Globalization;
using System.Resources;
using CommandCenter.Domain;

namespace CommandCenter.Features.RoadResponsibility;

/// <summary>
/// The one set of labels of a road's status (领导包路 colour and reason), per language: the <c>RoadStatus.*</c> block of
/// <c>Resources/SharedResource(.zh-CN).resx</c>. The wall boards, /schedule (table and workbook) and the monthly report
/// (in Chinese whatever the UI language) all read them here, so a status is worded the same everywhere.
/// </summary>
public static class RoadStatusLabels
{
    // The resource IStringLocalizer<SharedResource> reads; read directly so that a file can ask for a language of its own.
    private static readonly ResourceManager Resources = new("CommandCenter.Resources.SharedResource", typeof(SharedResource).Assembly);

    /// <summary>The colour's name (红灯 / Red).</summary>
    public static string Colour(RoadStatusColour colour, CultureInfo? culture = null) => Text($"RoadStatus.Colour.{colour}", culture);

    /// <summary>What the colour means, for a legend (有超期问题，或应巡查次数已无法完成 …).</summary>
    public static string Meaning(RoadStatusColour colour, CultureInfo? culture = null) => Text($"RoadStatus.Meaning.{colour}", culture);

    /// <summary>Why the road has its colour (有超期问题 / Overdue problems …).</summary>
    public static string Reason(RoadStatusReason reason, CultureInfo? culture = null) => Text($"RoadStatus.Reason.{reason}", culture);

    /// <summary>The text in <paramref name="culture"/>, by default the UI culture (as a localizer reads it).</summary>
    public static string Text(string key, CultureInfo? culture = null) =>
        Resources.GetString(key, culture ?? CultureInfo.CurrentUICulture)
        ?? throw new InvalidOperationException($"The resource {key} is missing.");
}
