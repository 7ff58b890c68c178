using System.Globalization;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Wall.Boards;

/// <summary>综合态势: today's counts by stage with 环比, the hourly trend, sources, top categories and the latest events.</summary>
public sealed partial class OverviewBoard
{
    /// <summary>
    /// Events per page of the ticker: whole rows of ≥ 24 px text in its box (three since the legend under the eight tiles
    /// takes a second line).
    /// </summary>
    public const int TickerPageSize = 3;

    /// <summary>The colours of today's hours and of yesterday's; the running hour is today's colour, pale.</summary>
    public const string TodayColour = "#38bdf8";
    public const string YesterdayColour = "#64748b";
    public const string PartialHourColour = "rgba(56, 189, 248, 0.35)";

    // Whole counts per hour are columns, not a smoothed curve (a curve invents values between the hours).
    private static readonly object HourlyOptions = new
    {
        chart = new { type = "bar" },
        plotOptions = new { bar = new { columnWidth = "72%", borderRadius = 3 } },
        colors = new[] { TodayColour, YesterdayColour },
        dataLabels = new { enabled = false },
        legend = new { position = "top", horizontalAlign = "right" },
        xaxis = new { labels = new { rotate = 0, hideOverlappingLabels = true } },
        yaxis = new { min = 0, forceNiceScale = true, decimalsInFloat = 0, tickAmount = 4 },
    };

    /// <summary>The top categories the chart has room for: bars with ≥ 24 px labels that do not touch.</summary>
    public const int TopCategoriesShown = 6;

    // Slices under a tenth carry no label on the ring (it would sit on its neighbour's); the legend names every source.
    private static readonly object SourceOptions = new
    {
        chart = new { type = "donut" },
        legend = new { position = "right" },
        dataLabels = new { enabled = true },
        plotOptions = new { pie = new { donut = new { size = "58%" }, dataLabels = new { minAngleToShowLabel = 36 } } },
        stroke = new { width = 0 },
    };

    private static readonly object CategoryOptions = new
    {
        chart = new { type = "bar" },
        plotOptions = new { bar = new { horizontal = true, barHeight = "64%", borderRadius = 4, distributed = true } },
        legend = new { show = false },
        dataLabels = new { enabled = true },
        xaxis = new { labels = new { show = false } },
        yaxis = new { labels = new { maxWidth = 240 } },
        grid = new { show = false },
    };

    private TodayFigures Today => Snapshot.Today;

    /// <summary>The hour still running: the last hour of today with a count (later hours have none yet).</summary>
    internal int? CurrentHour => Snapshot.Hourly.LastOrDefault(h => h.Today is not null)?.Hour;

    /// <summary>The latest events by when they happened, newest first (they arrive in the order they were recorded).</summary>
    internal IReadOnlyList<LatestEvent> LatestByTime =>
        [.. Snapshot.LatestEvents.OrderByDescending(e => e.At).ThenByDescending(e => e.EventId)];

    // The hour as a number: 24 labels of "0时"…"23时" do not fit side by side in 24 px type; the title says they are hours.
    private IReadOnlyList<string> HourLabels => Snapshot.Hourly.Select(h => h.Hour.ToString(CultureInfo.InvariantCulture)).ToList();

    private object HourlySeries => new object[]
    {
        new
        {
            name = S["Series.Today"].Value,
            data = Snapshot.Hourly.Select(h => new HourBar(h.Hour.ToString(CultureInfo.InvariantCulture), h.Today,
                h.Hour == CurrentHour ? PartialHourColour : null)).ToArray(),
        },
        new
        {
            name = S["Series.Yesterday"].Value,
            data = Snapshot.Hourly.Select(h => new HourBar(h.Hour.ToString(CultureInfo.InvariantCulture), h.Yesterday, null)).ToArray(),
        },
    };

    private IReadOnlyList<string> SourceLabels => Snapshot.BySource.Select(s => Label("Source", s.Code)).ToList();

    private object SourceSeries => Snapshot.BySource.Select(s => s.Count).ToArray();

    private IEnumerable<NamedCount> CategoriesShown => Snapshot.TopCategories.Take(TopCategoriesShown);

    private IReadOnlyList<string> CategoryLabels => CategoriesShown.Select(c => c.Name).ToList();

    private object CategorySeries => new object[]
    {
        new { name = S["Series.Reported"].Value, data = CategoriesShown.Select(c => c.Count).ToArray() },
    };

    /// <summary>One column of today's hours as ApexCharts takes it; the running hour has its own (pale) fill.</summary>
    private sealed record HourBar(string X, long? Y, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? FillColor);
}
