using System.Net;
using System.Net.Http.Json;
using CommandCenter.Security;

namespace CommandCenter.Tests.Apis;

/// <summary>
/// "The same id" (docs/domain.md): ids are compared ordinally, names case-insensitively — through the API, end to end. SQL
/// Server is held to the same meaning by explicit collations (SqlServerSemanticsTests).
/// </summary>
public sealed class IdSemanticsTests(IntakeAppFactory app) : IClassFixture<IntakeAppFactory>
{
    [Fact]
    public async Task PostCase_ExternalIdsDifferingOnlyInCase_AreTwoCases()
    {
        using var client = await app.IngestClientAsync();
        var suffix = Guid.NewGuid().ToString("N");

        var upper = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody($"AbC1-{suffix}"));
        var lower = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody($"abc1-{suffix}"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (upper.StatusCode, lower.StatusCode));
        var (a, b) = ((await upper.Content.ReadFromJsonAsync<CaseDto>())!, (await lower.Content.ReadFromJsonAsync<CaseDto>())!);
        Assert.NotEqual(a.CaseNo, b.CaseNo);
        Assert.Equal(($"AbC1-{suffix}", $"abc1-{suffix}"), (a.ExternalId, b.ExternalId));
    }

    [Fact]
    public async Task PostEvent_EventIdsDifferingOnlyInCase_AreTwoSteps()
    {
        using var client = await app.IngestClientAsync();
        var caseNo = await IntakeAppFactory.CreateCaseAsync(client);

        var register = await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", new { eventId = $"EV-1-{caseNo}", type = "register" });
        var dispatch = await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events",
            new { eventId = $"ev-1-{caseNo}", type = "dispatch", departmentCode = "municipal" });

        // A duplicate would answer 200 with the first step and leave the case registered.
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (register.StatusCode, dispatch.StatusCode));
        var view = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseNo}"))!;
        Assert.Equal("dispatched", view.Status);
        Assert.Equal(2, app.Db.Count("case_events", $"event_id IN ('EV-1-{caseNo}', 'ev-1-{caseNo}')"));
    }

    [Fact]
    public async Task PostPatrol_PatrolIdsDifferingOnlyInCase_AreTwoPatrols()
    {
        using var client = await app.IngestClientAsync();
        var suffix = Guid.NewGuid().ToString("N");

        var upper = await client.PostAsJsonAsync("/api/v1/patrols", Patrol($"P-{suffix}", "08:00", "09:00"));
        var lower = await client.PostAsJsonAsync("/api/v1/patrols", Patrol($"p-{suffix}", "10:00", "11:00"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (upper.StatusCode, lower.StatusCode));
        Assert.Equal(2, app.Db.Count("patrols", $"external_id IN ('P-{suffix}', 'p-{suffix}')"));
    }

    [Fact]
    public async Task UserNames_DifferingOnlyInCase_AreOneAccount()
    {
        var users = app.Service<UserStore>();
        var name = $"Case.{Guid.NewGuid():N}"[..30];

        Assert.True(await users.CreateAsync(name, "a-long-enough-password-1", new UserEdit("x", [Roles.Staff], HasPii: false, LeaderId: null)));
        var again = await users.CreateAsync(name.ToLowerInvariant(), "a-long-enough-password-2",
            new UserEdit("y", [Roles.Staff], HasPii: false, LeaderId: null));

        Assert.False(again);
        Assert.Equal(name, (await users.FindAsync(name.ToUpperInvariant()))?.UserName);
    }

    private static Dictionary<string, object?> Patrol(string patrolId, string from, string to) => new()
    {
        ["patrolId"] = patrolId,
        ["leaderCode"] = IntakeAppFactory.Leader,
        ["roadCode"] = "R01",
        ["startedAt"] = $"2026-03-11T{from}:00+08:00",
        ["endedAt"] = $"2026-03-11T{to}:00+08:00",
        ["mode"] = "walk",
    };
}
