using System.Globalization;

namespace CommandCenter.Features.Wall;

/// <summary>How the boards write figures: counts with group separators, rates with one decimal, "—" for an undefined rate.</summary>
public static class WallFormat
{
    public const string None = "—";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A rate (0–1) as a percentage with one decimal; "—" when its denominator was 0 (never 0 % or 100 %).</summary>
    public static string Rate(double? rate) =>
        rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : None;

    /// <summary>A score (0–100) with one decimal, or "—".</summary>
    public static string Score(double? score) =>
        score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : None;

    /// <summary>A rate rounded to one decimal for a chart (null stays null: a gap, not a zero).</summary>
    public static double? ChartPercent(double? rate) => rate is { } r ? Math.Round(r * 100, 1) : null;
}
