using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Shared;

/// <summary>
/// The one ApexCharts wrapper. The chart is created once, after the first render, from <see cref="Options"/>; later renders
/// send only what changed: <c>updateSeries</c> for new data, <c>updateOptions</c> for new categories. It is never re-created,
/// so a live board animates from the old figures to the new ones. Dark theme, locale and the wall's sizing live in the JS module.
/// </summary>
public sealed partial class ApexChart
{
    public const string ModulePath = "./Components/Shared/ApexChart.razor.js";

    private string? _sentSeries;
    private string? _sentCategories;

    protected override string ModuleUrl => ModulePath;
    protected override string Kind => "chart";

    /// <summary>ApexCharts options without series and categories, read once when the chart is created.
    /// A numeric <c>fontSize</c> is in CSS pixels (on the wall: pixels of the 1920×1080 design, see <see cref="WallScale"/>).</summary>
    [Parameter, EditorRequired] public object Options { get; set; } = default!;

    /// <summary>A wall board's chart: text no smaller than the wall's 24 px, and every size (text, label widths, offsets)
    /// scaled from the 1920×1080 design to the screen. Off for an office page's chart, which keeps its sizes as given.</summary>
    [Parameter] public bool WallScale { get; set; }

    /// <summary>The series: an array of <c>{ name, data }</c>, or an array of numbers for a donut.</summary>
    [Parameter, EditorRequired] public object Series { get; set; } = default!;

    /// <summary>The x-axis categories (or the slice labels of a donut).</summary>
    [Parameter] public IReadOnlyList<string>? Categories { get; set; }

    [Parameter] public string? Class { get; set; }

    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    private string CssClass => string.IsNullOrEmpty(Class) ? "apex-chart" : $"apex-chart {Class}";

    protected override async Task CreateAsync(IJSObjectReference module)
    {
        _sentSeries = Serialize(Series);
        _sentCategories = Serialize(Categories);
        await module.InvokeVoidAsync("create", Element, Options, Series, Categories, WallScale);
    }

    protected override async Task UpdateAsync(IJSObjectReference module)
    {
        var categories = Serialize(Categories);
        if (categories != _sentCategories)
        {
            await module.InvokeVoidAsync("updateCategories", Element, Categories);
            _sentCategories = categories;
        }
        var series = Serialize(Series);
        if (series != _sentSeries)
        {
            await module.InvokeVoidAsync("updateSeries", Element, Series);
            _sentSeries = series;
        }
    }

    private static string Serialize(object? value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
