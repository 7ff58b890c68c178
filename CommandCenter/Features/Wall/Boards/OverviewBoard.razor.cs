using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Wall.Boards;

/// <summary>综合态势: today's counts by stage with 环比, the hourly trend, sources, top categories and the latest events.</summary>
public sealed partial class OverviewBoard
{
    private static readonly object HourlyOptions = new
    {
        chart = new { type = "area" },
        stroke = new { curve = "smooth", width = new[] { 4, 2 }, dashArray = new[] { 0, 6 } },
        fill = new { type = "gradient", gradient = new { opacityFrom = 0.45, opacityTo = 0.05 } },
        colors = new[] { "#38bdf8", "#94a3b8" },
        dataLabels = new { enabled = false },
        legend = new { position = "top", horizontalAlign = "right" },
        xaxis = new { tickAmount = 12 },
        yaxis = new { min = 0, forceNiceScale = true },
    };

    private static readonly object SourceOptions = new
    {
        chart = new { type = "donut" },
        legend = new { position = "right", fontSize = 20 },
        dataLabels = new { enabled = true, style = new { fontSize = 18 } },
        plotOptions = new { pie = new { donut = new { size = "58%" } } },
        stroke = new { width = 0 },
    };

    private static readonly object CategoryOptions = new
    {
        chart = new { type = "bar" },
        plotOptions = new { bar = new { horizontal = true, barHeight = "64%", borderRadius = 4, distributed = true } },
        legend = new { show = false },
        dataLabels = new { enabled = true, style = new { fontSize = 18 } },
        xaxis = new { labels = new { show = false } },
        yaxis = new { labels = new { style = new { fontSize = 20 }, maxWidth = 260 } },
        grid = new { show = false },
    };

    private TodayFigures Today => Snapshot.Today;

    private IReadOnlyList<string> HourLabels => Snapshot.Hourly.Select(h => S["Hour.Label", h.Hour].Value).ToList();

    private object HourlySeries => new object[]
    {
        new { name = S["Series.Today"].Value, data = Snapshot.Hourly.Select(h => h.Today).ToArray() },
        new { name = S["Series.Yesterday"].Value, data = Snapshot.Hourly.Select(h => (long?)h.Yesterday).ToArray() },
    };

    private IReadOnlyList<string> SourceLabels => Snapshot.BySource.Select(s => Label("Source", s.Code)).ToList();

    private object SourceSeries => Snapshot.BySource.Select(s => s.Count).ToArray();

    private IReadOnlyList<string> CategoryLabels => Snapshot.TopCategories.Select(c => c.Name).ToList();

    private object CategorySeries => new object[]
    {
        new { name = S["Series.Reported"].Value, data = Snapshot.TopCategories.Select(c => c.Count).ToArray() },
    };
}
