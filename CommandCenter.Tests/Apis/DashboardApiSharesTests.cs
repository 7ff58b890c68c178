using System.Text.Json;
using CommandCenter.Apis;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Tests.Apis;

/// <summary>The 721 shares as <c>/api/v1/dashboard</c> and the hub send them: the wall's rounded digits, adding up to 1.</summary>
public sealed class DashboardApiSharesTests
{
    [Fact]
    public void MethodMix_AsTheApiSendsIt_HasTheWallsRoundedSharesAddingUpToOne()
    {
        var json = JsonSerializer.SerializeToElement(new MethodMix(6, 5, 2), DashboardApi.Json);

        // 6 : 5 : 2 of 13: each share rounded on its own would be 0.4615 + 0.3846 + 0.1538 = 0.9999.
        Assert.Equal(0.4615, json.GetProperty("serviceShare").GetDouble());
        Assert.Equal(0.3846, json.GetProperty("managementShare").GetDouble());
        Assert.Equal(0.1539, json.GetProperty("enforcementShare").GetDouble());
        Assert.Equal(13, json.GetProperty("total").GetInt64());
    }

    [Fact]
    public void MethodMix_NoResolution_SendsNullShares()
    {
        var json = JsonSerializer.SerializeToElement(new MethodMix(0, 0, 0), DashboardApi.Json);

        Assert.Equal(JsonValueKind.Null, json.GetProperty("serviceShare").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("enforcementShare").ValueKind);
    }
}
