using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CommandCenter.Tests.Apis;

/// <summary>
/// The lifecycle steps through <c>POST /api/v1/cases/{caseNo}/events</c>: 延期 (extend-request, extend-approve, extend-refuse),
/// 缓办 (suspend, resume), 回退 (return, then dispatch again) and 作废 (void), each accepted with its effect on the case, and
/// each refusal a 409 (or 400 for a malformed body) that writes nothing. The test category's limit is 48 自然时, so the moved
/// deadlines are plain calendar arithmetic here; the working-time moves are pinned in CaseLifecycleTests.
/// </summary>
public sealed class CaseLifecycleApiTests(IntakeAppFactory app) : IClassFixture<IntakeAppFactory>
{
    private static string Local(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz");

    /// <summary>A case reported 20 hours ago, registered and dispatched to municipal 19 hours ago (deadline: 29 hours from now).</summary>
    private static async Task<(string CaseNo, DateTimeOffset Dispatched)> DispatchedCaseAsync(HttpClient client)
    {
        var reported = DateTimeOffset.UtcNow.AddHours(-20);
        var created = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody(change: b => b["reportedAt"] = Local(reported)));
        var caseNo = (await created.Content.ReadFromJsonAsync<CaseDto>())!.CaseNo;
        await StepAsync(client, caseNo, "register", reported.AddMinutes(30));
        await StepAsync(client, caseNo, "dispatch", reported.AddHours(1), new { departmentCode = "municipal" });
        return (caseNo, reported.AddHours(1));
    }

    private static async Task<LifecycleDto> StepAsync(HttpClient client, string caseNo, string type, DateTimeOffset at, object? fields = null)
    {
        var response = await PostAsync(client, caseNo, type, at, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{type}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<LifecycleDto>())!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string caseNo, string type, DateTimeOffset at, object? fields = null)
    {
        var body = fields is null
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(fields))!;
        body["eventId"] = $"{caseNo}-{type}-{Guid.NewGuid():N}";
        body["type"] = type;
        body["at"] = Local(at);
        return client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", body);
    }

    /// <summary>Posts a step the workflow refuses: 409 naming why, and not a row written.</summary>
    private async Task AssertRefusedAsync(HttpClient client, string caseNo, string type, DateTimeOffset at, object? fields, string why)
    {
        var before = app.Counts();
        var caseBefore = await client.GetStringAsync($"/api/v1/cases/{caseNo}");

        var response = await PostAsync(client, caseNo, type, at, fields);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(why, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, app.Counts());
        Assert.Equal(caseBefore, await client.GetStringAsync($"/api/v1/cases/{caseNo}"));
    }

    [Fact]
    public async Task Extension_RequestThenApprove_MovesTheDeadlineByTheExtraAndRecordsTheReason()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);

        var asked = await StepAsync(client, caseNo, "extend-request", dispatched.AddHours(1), new { reason = "需协调产权单位", extra = 6.0 });
        Assert.Equal(6.0, asked.PendingExtra);
        var approved = await StepAsync(client, caseNo, "extend-approve", dispatched.AddHours(2));

        Assert.Equal("dispatched", approved.Status);
        Assert.Null(approved.PendingExtra);
        Assert.Equal(dispatched.UtcDateTime.AddHours(48 + 6), approved.DeadlineAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(dispatched.UtcDateTime.AddHours(2), approved.ExtendedAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        var request = approved.Events.Single(e => e.Type == "extend-request");
        Assert.Equal(("需协调产权单位", 6.0), (request.Reason, request.Extra));
        Assert.Equal(approved.DeadlineAt, approved.Events.Single(e => e.Type == "extend-approve").DeadlineAt);
    }

    [Fact]
    public async Task Extension_Refused_KeepsTheDeadline()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);
        await StepAsync(client, caseNo, "extend-request", dispatched.AddHours(1), new { reason = "人手不足", extra = 2.0 });

        var refused = await StepAsync(client, caseNo, "extend-refuse", dispatched.AddHours(2), new { reason = "可当日处置" });

        Assert.Null(refused.PendingExtra);
        Assert.Null(refused.ExtendedAt);
        Assert.Equal(dispatched.UtcDateTime.AddHours(48), refused.DeadlineAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Extension_SecondPendingRequest_Is409AndWritesNothing()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);
        await StepAsync(client, caseNo, "extend-request", dispatched.AddHours(1), new { reason = "材料未到", extra = 2.0 });

        await AssertRefusedAsync(client, caseNo, "extend-request", dispatched.AddHours(2), new { reason = "材料未到", extra = 4.0 },
            "already has an extension request waiting");
    }

    [Theory]
    [InlineData("extend-approve")]
    [InlineData("extend-refuse")]
    public async Task Extension_DecisionWithoutARequest_Is409AndWritesNothing(string type)
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);

        await AssertRefusedAsync(client, caseNo, type, dispatched.AddHours(1), null, "no extension request to decide");
    }

    [Fact]
    public async Task Hold_SuspendThenResume_MovesTheDeadlineByTheTimeOnHold()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);

        var held = await StepAsync(client, caseNo, "suspend", dispatched.AddHours(2), new { reason = "等待燃气公司配合" });
        Assert.Equal("onhold", held.Status);
        await AssertRefusedAsync(client, caseNo, "resolve", dispatched.AddHours(3), new { method = "service" }, "A case that is onhold cannot take the step resolve");
        var resumed = await StepAsync(client, caseNo, "resume", dispatched.AddHours(7));

        Assert.Equal("dispatched", resumed.Status);
        Assert.Equal(dispatched.UtcDateTime.AddHours(48 + 5), resumed.DeadlineAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(dispatched.UtcDateTime.AddHours(2), resumed.HeldAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(dispatched.UtcDateTime.AddHours(7), resumed.ResumedAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Hold_ResumeOfACaseNotOnHold_Is409AndWritesNothing()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);

        await AssertRefusedAsync(client, caseNo, "resume", dispatched.AddHours(1), null, "A case that is dispatched cannot take the step resume");
    }

    [Fact]
    public async Task Return_ThenDispatchAgain_IsDispatchedAnewWithANewDeadline()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);

        var returned = await StepAsync(client, caseNo, "return", dispatched.AddHours(1), new { reason = "不属本单位职责" });
        Assert.Equal(("registered", null, null), (returned.Status, returned.DepartmentCode, returned.DeadlineAt));
        var again = await StepAsync(client, caseNo, "dispatch", dispatched.AddHours(2), new { departmentCode = "municipal" });

        Assert.Equal(("dispatched", "municipal"), (again.Status, again.DepartmentCode));
        Assert.Equal(dispatched.UtcDateTime.AddHours(2 + 48), again.DeadlineAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(dispatched.UtcDateTime.AddHours(1), again.ReturnedAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Return_OfACaseOnHold_Is409AndWritesNothing()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);
        await StepAsync(client, caseNo, "suspend", dispatched.AddHours(1), new { reason = "等待" });

        await AssertRefusedAsync(client, caseNo, "return", dispatched.AddHours(2), new { reason = "错派" }, "A case that is onhold cannot take the step return");
    }

    [Fact]
    public async Task Void_EndsTheCase_AndNoStepFollows()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);

        var voided = await StepAsync(client, caseNo, "void", dispatched.AddHours(1), new { reason = "重复立案" });

        Assert.Equal("void", voided.Status);
        Assert.Equal(dispatched.UtcDateTime.AddHours(1), voided.VoidedAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal("重复立案", voided.Events.Single(e => e.Type == "void").Reason);
        await AssertRefusedAsync(client, caseNo, "resolve", dispatched.AddHours(2), new { method = "service" }, "it allows no further step");
    }

    [Fact]
    public async Task Void_OfAReportedCase_Is409AndWritesNothing()
    {
        using var client = await app.IngestClientAsync();
        var caseNo = await IntakeAppFactory.CreateCaseAsync(client);

        await AssertRefusedAsync(client, caseNo, "void", DateTimeOffset.UtcNow, new { reason = "重复" },
            "A case that is reported cannot take the step void; it allows register or reject.");
    }

    [Theory]
    [InlineData("suspend", null, "reason")]
    [InlineData("return", null, "reason")]
    [InlineData("void", null, "reason")]
    [InlineData("extend-request", null, "reason")]
    [InlineData("extend-request", 0.0, "extra")]
    [InlineData("extend-request", 1001.0, "extra")]
    public async Task LifecycleStep_WithoutItsReasonOrExtra_Is400NamingTheFieldAndWritesNothing(string type, double? extra, string field)
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);
        var before = app.Counts();

        var response = await PostAsync(client, caseNo, type, dispatched.AddHours(1),
            field == "reason" ? new { extra = 2.0 } : new { reason = "需要更多时间", extra });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, app.Counts());
    }

    [Fact]
    public async Task LifecycleStep_SameEventIdWithAnotherReason_Is409NamingTheReason()
    {
        using var client = await app.IngestClientAsync();
        var (caseNo, dispatched) = await DispatchedCaseAsync(client);
        var at = Local(dispatched.AddHours(1));
        var first = await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", new { eventId = $"{caseNo}-s", type = "suspend", at, reason = "等待" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var other = await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", new { eventId = $"{caseNo}-s", type = "suspend", at, reason = "另一个原因" });

        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("reason", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>The API's case view with the lifecycle fields.</summary>
public sealed record LifecycleDto(string CaseNo, string Status, string? DepartmentCode, DateTime? DeadlineAt, double? PendingExtra,
    DateTime? ExtendedAt, DateTime? HeldAt, DateTime? ResumedAt, DateTime? ReturnedAt, DateTime? VoidedAt, List<LifecycleEventDto> Events);

public sealed record LifecycleEventDto(string EventId, string Type, DateTime? DeadlineAt, string? Reason, double? Extra);
