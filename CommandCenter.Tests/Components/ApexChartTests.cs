using Bunit;
using CommandCenter.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Components;

/// <summary>
/// The ApexCharts wrapper as .NET drives it: which sizing it asks the module for (the wall's, or the chart's own), and
/// that a chart removed while it is being created is destroyed once it exists.
/// </summary>
public sealed class ApexChartTests : BunitContext
{
    private readonly BunitJSModuleInterop _module;

    public ApexChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _module = JSInterop.SetupModule(ApexChart.ModulePath);
    }

    private IRenderedComponent<ApexChart> RenderChart(bool? wallScale = null) => Render<ApexChart>(p =>
    {
        p.Add(x => x.Options, new { chart = new { type = "bar" }, legend = new { fontSize = 15 } });
        p.Add(x => x.Series, new[] { new { name = "a", data = new[] { 1, 2 } } });
        p.Add(x => x.Categories, ["x", "y"]);
        if (wallScale is { } scale) p.Add(x => x.WallScale, scale);
    });

    // create(element, options, series, categories, wallScale)
    private bool WallScaleSent() => Assert.IsType<bool>(Assert.Single(_module.Invocations["create"]).Arguments[4]);

    [Fact]
    public void ApexChart_OfAnOfficePage_KeepsItsOwnSizes()
    {
        _module.SetupVoid("create", _ => true).SetVoidResult();

        RenderChart();

        Assert.False(WallScaleSent());
    }

    [Fact]
    public void ApexChart_WithWallScale_AsksForTheWallsSizing()
    {
        _module.SetupVoid("create", _ => true).SetVoidResult();

        RenderChart(wallScale: true);

        Assert.True(WallScaleSent());
    }

    [Fact]
    public async Task ApexChart_RemovedWhileBeingCreated_IsDestroyedOnceItIsMade()
    {
        var create = _module.SetupVoid("create", _ => true);
        _module.SetupVoid("destroy", _ => true).SetVoidResult();
        RenderChart();
        Assert.Single(_module.Invocations["create"]);

        var disposing = DisposeComponentsAsync();

        // Destroyed before the chart exists, it would be drawn afterwards on the removed element and never destroyed.
        Assert.Empty(_module.Invocations["destroy"]);
        create.SetVoidResult();
        await disposing;
        Assert.Single(_module.Invocations["destroy"]);
    }
}
