using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Tests.Apis;

/// <summary><c>GET /api/v1/reference</c>: each category's two time limits with their units.</summary>
public sealed class ReferenceApiTests
{
    [Fact]
    public async Task Reference_Category_ShowsEachLimitWithItsUnit()
    {
        using var factory = new IntakeAppFactory();
        using (var connection = factory.Db.Open())
            connection.Execute("""
                UPDATE categories SET time_limit_hours = 2, time_limit_unit = 'workingDays',
                    urgent_time_limit_hours = 1.5, urgent_time_limit_unit = 'hours' WHERE code = 'manhole'
                """);
        factory.Service<ReferenceCatalog>().Invalidate();
        using var client = await factory.KeyClientAsync("reader", ApiScopes.Read);

        var response = await client.GetAsync("/api/v1/reference");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var manhole = body.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "manhole");
        Assert.Equal("""{"amount":2,"unit":"workingDays"}""", manhole.GetProperty("timeLimit").GetRawText());
        Assert.Equal("""{"amount":1.5,"unit":"hours"}""", manhole.GetProperty("urgentTimeLimit").GetRawText());
        Assert.False(manhole.TryGetProperty("timeLimitHours", out _));
    }
}
