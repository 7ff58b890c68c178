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

    private ElementReference _element;
    private IJSObjectReference? _module;
    private Task _created = Task.CompletedTask;
    private string? _sentSeries;
    private string? _sentCategories;

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<ApexChart> Logger { get; set; } = default!;

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

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _created = CreateAsync();
            await _created;
            return;
        }
        await _created;
        if (_module is null) return;
        try
        {
            var categories = Serialize(Categories);
            if (categories != _sentCategories)
            {
                await _module.InvokeVoidAsync("updateCategories", _element, Categories);
                _sentCategories = categories;
            }
            var series = Serialize(Series);
            if (series != _sentSeries)
            {
                await _module.InvokeVoidAsync("updateSeries", _element, Series);
                _sentSeries = series;
            }
        }
        catch (JSDisconnectedException)
        {
            // The screen is reconnecting; the next render sends what is still different.
        }
    }

    private async Task CreateAsync()
    {
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            _sentSeries = Serialize(Series);
            _sentCategories = Serialize(Categories);
            await _module.InvokeVoidAsync("create", _element, Options, Series, Categories, WallScale);
        }
        catch (JSDisconnectedException)
        {
            _module = null;
        }
        catch (JSException ex)
        {
            // A chart that cannot draw must not take the board down with it.
            Logger.LogWarning(ex, "A chart could not be created");
            _module = null;
        }
    }

    private static string Serialize(object? value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    public async ValueTask DisposeAsync()
    {
        // A chart removed while it is still being created is destroyed after it is made, not before (it would be left
        // drawn on the removed element, never destroyed). CreateAsync handles its own failures.
        await _created;
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync("destroy", _element);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the browser's page with it.
        }
    }
}
