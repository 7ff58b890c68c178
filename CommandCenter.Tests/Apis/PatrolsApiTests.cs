using System.Net;
using System.Net.Http.Json;
using CommandCenter.Security;

namespace CommandCenter.Tests.Apis;

public sealed class PatrolsApiTests(IntakeAppFactory app) : IClassFixture<IntakeAppFactory>
{
    public sealed record PatrolDto(string? PatrolId, string LeaderCode, string RoadCode, DateTime StartedAt, DateTime EndedAt, string Mode,
        double DurationMinutes);

    private static object Patrol(string patrolId) => new
    {
        patrolId,
        leaderCode = IntakeAppFactory.Leader,
        roadCode = "R01",
        startedAt = "2026-03-02T08:00:00+08:00",
        endedAt = "2026-03-02T09:30:00+08:00",
        mode = "bike",
    };

    [Fact]
    public async Task PostPatrol_Valid_Returns201AndWritesTheRowInUtc()
    {
        using var client = await app.IngestClientAsync();
        var before = app.Counts().Patrols;

        var response = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-201"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<PatrolDto>())!;
        Assert.Equal(("L01", "R01", "bike", 90.0), (view.LeaderCode, view.RoadCode, view.Mode, view.DurationMinutes));
        Assert.Equal(new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), view.StartedAt.ToUniversalTime());
        Assert.Equal(before + 1, app.Counts().Patrols);
        Assert.Equal(1, app.Db.Count("patrols", "external_id = 'patrol-201' AND leader_id = 1 AND road_id = 1 AND mode = 'bike'"));
    }

    [Fact]
    public async Task PostPatrol_SamePatrolId20TimesInParallel_RecordsOnePatrol()
    {
        using var client = await app.IngestClientAsync();
        var before = app.Counts().Patrols;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-race"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(before + 1, app.Counts().Patrols);
    }

    [Fact]
    public async Task PostPatrol_ReadOnlyKey_Is403AndWritesNothing()
    {
        using var client = await app.KeyClientAsync("patrol-reader", ApiScopes.Read);
        var before = app.Counts();

        var response = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-403"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, app.Counts());
    }
}
