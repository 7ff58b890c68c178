using Bunit;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Wall;
using CommandCenter.Tests.Features.Wall;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Features.Demo;

/// <summary>The wall's header says when the demo simulator runs faster than the district (Simulator:Speed above 1).</summary>
public class DemoSpeedOnWallTests : WallTestContext
{
    private IRenderedComponent<WallHeader> RenderHeader(SimulatorOptions simulator)
    {
        Services.AddSingleton(Options.Create(simulator));
        return Render<WallHeader>(p => p
            .Add(h => h.BoardTitle, "综合态势")
            .Add(h => h.NowUtc, new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc))
            .Add(h => h.Boards, [WallBoard.Overview]));
    }

    [Fact]
    public void FasterSimulator_IsNamedInTheHeader()
    {
        var header = RenderHeader(new SimulatorOptions { Enabled = true, Speed = 10 });

        Assert.Equal("演示 10 倍速", header.Find("[data-testid=demo-speed]").TextContent);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 10)]
    [InlineData(null, 10)]
    public void DistrictPace_OrNoSimulator_ShowsNothing(bool? enabled, double speed)
    {
        var header = RenderHeader(new SimulatorOptions { Enabled = enabled, Speed = speed });

        Assert.Empty(header.FindAll("[data-testid=demo-speed]"));
    }
}
