using System.Globalization;

namespace CommandCenter.Domain;

/// <summary>What a figure is: it decides the figure's format and how a change against an earlier period is written.</summary>
public enum FigureKind
{
    /// A number of cases (件数): a change is a growth rate.
    Count,
    /// A rate (率, 0–1): a change is a difference in percentage points.
    Rate,
    /// Hours (时长): a change is a growth rate.
    Hours,
    /// 综合指标值 (0–100): a change is a growth rate.
    Score,
}

/// <summary>
/// The one number format of each kind of figure, on every page, board, print and file (docs/domain.md, "Numbers and
/// ranks"). Each pattern is both a .NET custom format and an Excel number format, so a workbook cell shows what the pages
/// show. Invariant culture: both UI languages write 1,234.5 alike, and a figure must not change with the viewer.
/// </summary>
public static class FigureFormat
{
    /// <summary>A figure with no value: a rate whose denominator is 0, a comparison that cannot be made. Never 0 % or 100 %.</summary>
    public const string None = "—";

    /// <summary>件数: whole, with group separators, <c>1,234</c>.</summary>
    public const string CountPattern = "#,##0";

    /// <summary>率: a percentage with two decimals, <c>33.33%</c> (the value is the fraction 0–1).</summary>
    public const string RatePattern = "0.00%";

    /// <summary>综合指标值: two decimals, <c>61.67</c>, the precision it is computed and ranked at.</summary>
    public const string ScorePattern = "0.00";

    /// <summary>时长 (hours): two decimals, <c>38.00</c>.</summary>
    public const string HoursPattern = "0.00";

    /// <summary>增长率 (环比 / 同比 of a count, hours or a score): signed percentage, two decimals, <c>+200.00%</c>.</summary>
    public const string GrowthPattern = "+0.00%;-0.00%;0.00%";

    /// <summary>百分点差 (环比 / 同比 of a rate), in points: signed, two decimals, <c>+5.00</c> (the unit is a resource text).</summary>
    public const string PointsPattern = "+0.00;-0.00;0.00";

    /// <summary>密度 (open cases per km², the map's shading): two decimals, <c>3.25</c>.</summary>
    public const string DensityPattern = "0.00";

    /// <summary>增减 (a difference in cases): signed, with group separators, <c>+3</c>, <c>-2</c>, <c>0</c>.</summary>
    public const string DifferencePattern = "+#,##0;-#,##0;0";

    /// <summary>The decimals a chart rounds a percentage (0–100) or a score to: those of the table beside it.</summary>
    public const int ChartDecimals = 2;

    public static string Count(long value) => value.ToString(CountPattern, CultureInfo.InvariantCulture);

    public static string Rate(double? rate) => Format(rate, RatePattern);

    public static string Score(double? score) => Format(score, ScorePattern);

    public static string Hours(double? hours) => Format(hours, HoursPattern);

    public static string Density(double? perKm2) => Format(perKm2, DensityPattern);

    public static string Growth(double? growth) => Format(growth, GrowthPattern);

    /// <summary>A difference of two rates (fractions) in percentage points: 0.05 → <c>+5.00</c>.</summary>
    public static string Points(double? difference) => Format(difference * 100, PointsPattern);

    /// <summary>A difference of two rates (fractions) as the number of percentage points a file stores: 0.05 → 5.</summary>
    public static double? InPoints(double? difference) => difference * 100;

    /// <summary>
    /// <see cref="PointsPattern"/> with its unit written in every section, for a file that has no resource beside the
    /// number (Excel): <c>+0.00" 个百分点";-0.00" 个百分点";0.00" 个百分点"</c>. The value is in points (<see cref="InPoints"/>).
    /// </summary>
    public static string PointsPatternWithUnit(string unit) =>
        string.Join(";", PointsPattern.Split(';').Select(section => $"{section}\" {unit}\""));

    public static string Difference(long difference) => difference.ToString(DifferencePattern, CultureInfo.InvariantCulture);

    /// <summary>A figure of a kind; a count given as a double is rounded to whole cases.</summary>
    public static string Of(FigureKind kind, double? value) => kind switch
    {
        FigureKind.Count => value is { } v ? Count((long)Math.Round(v)) : None,
        FigureKind.Rate => Rate(value),
        FigureKind.Hours => Hours(value),
        _ => Score(value),
    };

    /// <summary>A rate as the percentage (0–100) a chart plots, rounded as the table shows it; null stays null (a gap, not 0).</summary>
    public static double? ChartPercent(double? rate) => rate is { } r ? Math.Round(r * 100, ChartDecimals) : null;

    /// <summary>A score as a chart plots it, rounded as the table shows it; null stays null.</summary>
    public static double? ChartScore(double? score) => score is { } s ? Math.Round(s, ChartDecimals) : null;

    private static string Format(double? value, string pattern) =>
        value is { } v ? v.ToString(pattern, CultureInfo.InvariantCulture) : None;
}
