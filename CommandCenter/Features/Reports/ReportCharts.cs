using CommandCenter.Domain;

namespace CommandCenter.Features.Reports;

/// <summary>
/// The preview's charts, drawn by the shared ApexCharts wrapper: its defaults are the dark wall's, so every chart here sets
/// the light colours of an office page. Values are rounded as the table beside the chart shows them
/// (<see cref="FigureFormat.ChartPercent"/>, <see cref="FigureFormat.ChartScore"/>), so a bar never disagrees with its row.
/// Font sizes are CSS pixels, drawn as given: the wrapper's wall sizing (24 px floor, scaling with the screen) is off here.
/// </summary>
public static class ReportCharts
{
    private const string Text = "#37474f";

    // Data labels only on whole counts: ApexCharts would write a rate or a score with its own digits (85 beside 85.00, 48.1%
    // beside 48.14%), and the options cannot carry a formatter function; the table beside the chart has the exact figure.
    private static object Light(object chart, object plotOptions, bool countLabels) => new
    {
        chart,
        theme = new { mode = "light" },
        colors = new[] { "#0B5CAD", "#F2A93B", "#2E9E6A", "#8E6CC8", "#D9534F", "#17A2B8", "#795548" },
        grid = new { borderColor = "#e0e0e0", strokeDashArray = 4 },
        legend = new { fontSize = 16, labels = new { colors = Text }, position = "bottom" },
        dataLabels = new { enabled = countLabels, style = new { fontSize = 15, fontWeight = 500 } },
        xaxis = new { labels = new { style = new { fontSize = 15, colors = Text } } },
        yaxis = new { labels = new { style = new { fontSize = 15, colors = Text } } },
        plotOptions,
    };

    private static object Chart(string type) => new { type, foreColor = Text };

    private static readonly object HorizontalBars = new { bar = new { horizontal = true, barHeight = "70%", borderRadius = 3 } };
    private static readonly object VerticalBars = new { bar = new { horizontal = false, columnWidth = "55%", borderRadius = 3 } };

    /// <summary>Horizontal bars of counts, labelled (a category's reported cases).</summary>
    public static readonly object CountBars = Light(Chart("bar"), HorizontalBars, countLabels: true);

    /// <summary>Horizontal bars of scores (a ranking's composite), unlabelled.</summary>
    public static readonly object ScoreBars = Light(Chart("bar"), HorizontalBars, countLabels: false);

    /// <summary>Vertical bars of counts side by side, labelled (patrols made vs required).</summary>
    public static readonly object CountColumns = Light(Chart("bar"), VerticalBars, countLabels: true);

    /// <summary>Vertical bars of percentages side by side, unlabelled (721 actual vs target share).</summary>
    public static readonly object PercentColumns = Light(Chart("bar"), VerticalBars, countLabels: false);

    /// <summary>A donut of counts (sources, callbacks by rating); ApexCharts' own percentages are left off.</summary>
    public static readonly object Donut = Light(Chart("donut"), new { pie = new { donut = new { size = "55%" } } }, countLabels: false);

    /// <summary>One series of values as the wrapper takes it.</summary>
    public static object Series(string name, IEnumerable<double?> values) => new[] { new { name, data = values.ToArray() } };

    /// <summary>A ranking's composite scores, best first; a row without a score is left out of the chart (it has no bar).</summary>
    public static (IReadOnlyList<string> Names, object Series) Composite(IEnumerable<MonthlyStanding> rows, string name)
    {
        var scored = rows.Where(r => r.Score is not null).ToList();
        return (scored.Select(r => r.Name).ToList(), Series(name, scored.Select(r => FigureFormat.ChartScore(r.Score))));
    }
}
