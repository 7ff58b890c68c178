using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Security;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Apis;

public sealed class PatrolsApiTests(IntakeAppFactory app) : IClassFixture<IntakeAppFactory>
{
    public sealed record PatrolDto(string? PatrolId, string LeaderCode, string RoadCode, DateTime StartedAt, DateTime EndedAt, string Mode,
        double DurationMinutes);

    /// <summary>A patrol of L01 on R01, 08:00–09:30 local on <paramref name="day"/> unless told otherwise; each test uses its own day,
    /// as the patrols of one leader may not overlap.</summary>
    private static Dictionary<string, object?> Patrol(string patrolId, string day = "2026-03-02", string from = "08:00", string to = "09:30",
        string road = "R01") => new()
    {
        ["patrolId"] = patrolId,
        ["leaderCode"] = IntakeAppFactory.Leader,
        ["roadCode"] = road,
        ["startedAt"] = $"{day}T{from}:00+08:00",
        ["endedAt"] = $"{day}T{to}:00+08:00",
        ["mode"] = "bike",
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

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-race", "2026-03-03"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(before + 1, app.Counts().Patrols);
    }

    [Fact]
    public async Task PostPatrol_ReadOnlyKey_Is403AndWritesNothing()
    {
        using var client = await app.KeyClientAsync("patrol-reader", ApiScopes.Read);
        var before = app.Counts();

        var response = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-403", "2026-03-04"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, app.Counts());
    }

    [Fact]
    public async Task PostPatrol_SamePatrolIdSameBody_Is200WithTheRecordedPatrol()
    {
        using var client = await app.IngestClientAsync();
        var first = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-retry", "2026-03-05"));
        var before = app.Counts();

        var again = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-retry", "2026-03-05"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var (recorded, answered) = ((await first.Content.ReadFromJsonAsync<PatrolDto>())!, (await again.Content.ReadFromJsonAsync<PatrolDto>())!);
        Assert.Equal((recorded.PatrolId, recorded.StartedAt, recorded.EndedAt), (answered.PatrolId, answered.StartedAt, answered.EndedAt));
        Assert.Equal(before, app.Counts());
    }

    [Fact]
    public async Task PostPatrol_SamePatrolIdOtherBody_Is409ListingTheFieldsThatDifferAndWritesNothing()
    {
        using var client = await app.IngestClientAsync();
        (await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-changed", "2026-03-06"))).EnsureSuccessStatusCode();
        var before = app.Counts();
        var changed = Patrol("patrol-changed", "2026-03-06", to: "10:00");
        changed["mode"] = "walk";

        var response = await client.PostAsJsonAsync("/api/v1/patrols", changed);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["endedAt", "mode"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(before, app.Counts());
        Assert.Equal(1, app.Db.Count("patrols", "external_id = 'patrol-changed' AND mode = 'bike'"));
    }

    [Fact]
    public async Task PostPatrol_OverlappingAnotherPatrolOfTheLeader_Is409NamingItAndWritesNothing()
    {
        using var client = await app.IngestClientAsync();
        (await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-first", "2026-03-07", "08:00", "09:00"))).EnsureSuccessStatusCode();
        var before = app.Counts();

        var response = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-second", "2026-03-07", "08:59", "10:00"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("patrol-first", problem.GetProperty("detail").GetString());
        Assert.Equal("patrol-first", problem.GetProperty("otherPatrolId").GetString());
        Assert.Equal(before, app.Counts());
    }

    [Fact]
    public async Task PostPatrol_StartingWhenTheLastOneEnded_IsRecorded()
    {
        using var client = await app.IngestClientAsync();
        (await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-morning", "2026-03-08", "08:00", "09:00"))).EnsureSuccessStatusCode();
        var before = app.Counts().Patrols;

        var response = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-next", "2026-03-08", "09:00", "09:01"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1.0, (await response.Content.ReadFromJsonAsync<PatrolDto>())!.DurationMinutes);
        Assert.Equal(before + 1, app.Counts().Patrols);
    }

    [Fact]
    public async Task PostPatrol_RoadOwnedOnlyInJune_IsRecordedInJuneAnd400NamingTheRoadInJuly()
    {
        // The app is shared by the class's tests: the June campaign is added once.
        if (app.Db.Count("road_assignments", "road_id = 10") == 0)
            app.Db.Insert(new TestCity().Assignment(IntakeAppFactory.Leader, IntakeAppFactory.OtherStreetRoad, "2026-06-01", "2026-06-30"));
        using var client = await app.IngestClientAsync();

        var june = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-june", "2026-06-30", "23:00", "23:50", IntakeAppFactory.OtherStreetRoad));
        var before = app.Counts();
        var july = await client.PostAsJsonAsync("/api/v1/patrols", Patrol("patrol-july", "2026-07-01", "08:00", "09:00", IntakeAppFactory.OtherStreetRoad));

        Assert.Equal(HttpStatusCode.Created, june.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, july.StatusCode);
        var message = (await july.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("roadCode")[0].GetString();
        Assert.Contains("2026-07-01", message);
        Assert.Contains("R01", message);
        Assert.Equal(before, app.Counts());
    }
}
