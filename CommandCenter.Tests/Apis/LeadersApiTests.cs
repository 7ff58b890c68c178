using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Tests.Apis;

public sealed class LeadersApiTests : IClassFixture<IntakeAppFactory>
{
    private readonly IntakeAppFactory _app;

    public LeadersApiTests(IntakeAppFactory app)
    {
        _app = app;
        using var connection = app.Db.Open();
        connection.Execute("""
            INSERT INTO road_assignments (leader_id, road_id, campaign_from, campaign_to)
            SELECT 1, 1, '2026-03-01', '2026-12-31' WHERE NOT EXISTS (SELECT 1 FROM road_assignments)
            """);
    }

    private static object Patrol(string id, string startedAt, string endedAt) =>
        new { patrolId = id, leaderCode = IntakeAppFactory.Leader, roadCode = "R01", startedAt, endedAt, mode = "walk" };

    [Fact]
    public async Task Roads_PatrolAt2350SundayLocal_CountsInThatWeekAndTheStatusFollowsTheRule()
    {
        using var ingest = await _app.IngestClientAsync();
        // Monday 2 March and Sunday 8 March 23:50 (Shanghai) are ISO week 2026-W10; Monday 9 March 00:10 is W11.
        foreach (var (id, from, to) in new[]
                 {
                     ("w10-mon", "2026-03-02T09:00:00+08:00", "2026-03-02T10:00:00+08:00"),
                     ("w10-sun", "2026-03-08T23:50:00+08:00", "2026-03-09T00:20:00+08:00"),
                     ("w11-mon", "2026-03-09T00:10:00+08:00", "2026-03-09T01:00:00+08:00"),
                 })
            (await ingest.PostAsJsonAsync("/api/v1/patrols", Patrol(id, from, to))).EnsureSuccessStatusCode();
        using var reader = await _app.KeyClientAsync($"reader-{Guid.NewGuid():N}", ApiScopes.Read);

        var w10 = await reader.GetFromJsonAsync<JsonElement>("/api/v1/leaders/roads?week=2026-W10");
        var w11 = await reader.GetFromJsonAsync<JsonElement>("/api/v1/leaders/roads?week=2026-W11");

        Assert.Equal("2026-W10", w10.GetProperty("week").GetString());
        Assert.Equal("2026-03-02", w10.GetProperty("from").GetString());
        Assert.Equal("2026-03-08", w10.GetProperty("to").GetString());
        var leader = Assert.Single(w10.GetProperty("leaders").EnumerateArray());
        Assert.Equal(("L01", "R01"), (leader.GetProperty("leaderCode").GetString(), leader.GetProperty("roadCode").GetString()));
        Assert.Equal(2, leader.GetProperty("patrols").GetProperty("done").GetInt64());
        Assert.Equal(3, leader.GetProperty("patrols").GetProperty("required").GetInt32());
        // A main leader (3 a week) with 2 patrols in a finished week: the week's requirement can no longer be met.
        Assert.Equal(("Red", "PatrolsMissed"), (leader.GetProperty("status").GetString(), leader.GetProperty("reason").GetString()));
        Assert.Equal(1, Assert.Single(w11.GetProperty("leaders").EnumerateArray()).GetProperty("patrols").GetProperty("done").GetInt64());
    }

    [Theory]
    [InlineData("2026-47")]
    [InlineData("2026-W54")]
    [InlineData("W47")]
    [InlineData("2026-W00")]
    public async Task Roads_BadWeek_Is400NamingTheWeek(string week)
    {
        using var reader = await _app.KeyClientAsync($"reader-{Guid.NewGuid():N}", ApiScopes.Read);

        var response = await reader.GetAsync($"/api/v1/leaders/roads?week={Uri.EscapeDataString(week)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"week\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roads_NoKey_Is401()
    {
        using var anonymous = _app.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/leaders/roads?week=2026-W10");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
