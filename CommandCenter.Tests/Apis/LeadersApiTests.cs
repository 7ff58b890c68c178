using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Security;

namespace CommandCenter.Tests.Apis;

public sealed class LeadersApiTests : IClassFixture<IntakeAppFactory>
{
    private readonly IntakeAppFactory _app;

    /// <summary>L01 owns R01 (<see cref="IntakeAppFactory"/>).</summary>
    public LeadersApiTests(IntakeAppFactory app) => _app = app;

    private static object Patrol(string id, string startedAt, string endedAt) =>
        new { patrolId = id, leaderCode = IntakeAppFactory.Leader, roadCode = "R01", startedAt, endedAt, mode = "walk" };

    [Fact]
    public async Task Roads_PatrolAt2350SundayLocal_CountsInThatWeekAndTheStatusFollowsTheRule()
    {
        using var ingest = await _app.IngestClientAsync();
        // Monday 2 March and Sunday 8 March 23:50 (Shanghai) are ISO week 2026-W10; Monday 9 March 00:20 is W11 (starting as
        // the Sunday patrol ends: patrols of one leader may not overlap).
        foreach (var (id, from, to) in new[]
                 {
                     ("w10-mon", "2026-03-02T09:00:00+08:00", "2026-03-02T10:00:00+08:00"),
                     ("w10-sun", "2026-03-08T23:50:00+08:00", "2026-03-09T00:20:00+08:00"),
                     ("w11-mon", "2026-03-09T00:20:00+08:00", "2026-03-09T01:00:00+08:00"),
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
