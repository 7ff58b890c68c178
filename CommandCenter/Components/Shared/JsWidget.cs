using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Shared;

/// <summary>
/// A browser widget drawn by a JS module and created once (<see cref="ApexChart"/>, <see cref="LeafletMap"/>): the module is
/// imported and the widget created after the first render; every later render sends only what changed; it is destroyed
/// when the component goes. Never re-created, so a live screen keeps its state (a chart animates from the old figures, a
/// map keeps its zoom). A call the browser refuses is logged and the screen stays up: a wall must not lose its circuit to
/// one bad drawing. The module exports <c>create</c>, <c>destroy(element)</c> and whatever the updates call.
/// </summary>
public abstract class JsWidget : ComponentBase, IAsyncDisposable
{
    /// <summary>The element the module draws in (<c>@ref</c> in the markup).</summary>
    protected ElementReference Element;

    private IJSObjectReference? _module;
    private Task _created = Task.CompletedTask;

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILoggerFactory LoggerFactory { get; set; } = default!;

    /// <summary>The module's path, relative to the app's base.</summary>
    protected abstract string ModuleUrl { get; }

    /// <summary>What the widget is, in the log ("chart", "map").</summary>
    protected abstract string Kind { get; }

    protected ILogger Logger => _logger ??= LoggerFactory.CreateLogger(GetType());
    private ILogger? _logger;

    /// <summary>Creates the widget from the current parameters and notes what the browser now has.</summary>
    protected abstract Task CreateAsync(IJSObjectReference module);

    /// <summary>Sends what changed since the browser last heard; what is not sent stays different for the next render.</summary>
    protected abstract Task UpdateAsync(IJSObjectReference module);

    /// <summary>Releases what the widget holds besides the module (.NET references the module calls back).</summary>
    protected virtual void Release() { }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _created = ImportAndCreateAsync();
            await _created;
            return;
        }
        await _created;
        if (_module is null) return;
        try
        {
            await UpdateAsync(_module);
        }
        catch (JSDisconnectedException)
        {
            // The screen is reconnecting; the next render sends what is still different.
        }
        catch (JSException ex)
        {
            Logger.LogWarning(ex, "A {Kind} could not apply an update", Kind);
        }
    }

    private async Task ImportAndCreateAsync()
    {
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModuleUrl);
            await CreateAsync(_module);
        }
        catch (JSDisconnectedException)
        {
            _module = null;
        }
        catch (JSException ex)
        {
            // A widget that cannot draw must not take the page down with it.
            Logger.LogWarning(ex, "A {Kind} could not be created", Kind);
            _module = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A widget removed while it is still being created is destroyed after it is made, not before (it would be left
        // drawn on the removed element, never destroyed). ImportAndCreateAsync handles its own failures.
        await _created;
        Release();
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync("destroy", Element);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the browser's page with it.
        }
        GC.SuppressFinalize(this);
    }
}
