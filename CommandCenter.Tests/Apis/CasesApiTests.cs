using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Security;

namespace CommandCenter.Tests.Apis;

public sealed class CasesApiTests : IClassFixture<IntakeAppFactory>
{
    private readonly IntakeAppFactory _app;

    public CasesApiTests(IntakeAppFactory app) => _app = app;

    private static string Local(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz");

    [Fact]
    public async Task PostCase_ValidCase_Returns201WithCaseNoLocationAndMaskedPhone()
    {
        using var client = await _app.IngestClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody("hotline-201"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<CaseDto>())!;
        Assert.Matches(@"^\d{8}-\d{5}$", view.CaseNo);
        Assert.Equal($"/api/v1/cases/{view.CaseNo}", response.Headers.Location?.OriginalString);
        Assert.Equal("reported", view.Status);
        Assert.Equal("grid", view.Level);
        Assert.Equal(("manhole", "G01", "S01", "R01"), (view.CategoryCode, view.RegionCode, view.StreetCode, view.RoadCode));
        Assert.Equal("138****5678", view.ReporterPhone);
        Assert.Equal("report", Assert.Single(view.Events).Type);
    }

    [Fact]
    public async Task PostCase_ReportedAtWithOffset_IsStoredAsThatInstantInUtc()
    {
        using var client = await _app.IngestClientAsync();
        var body = IntakeAppFactory.CaseBody(change: b => b["reportedAt"] = "2026-03-02T09:30:00+08:00");

        var view = (await (await client.PostAsJsonAsync("/api/v1/cases", body)).Content.ReadFromJsonAsync<CaseDto>())!;

        Assert.Equal(new DateTime(2026, 3, 2, 1, 30, 0, DateTimeKind.Utc), view.ReportedAt.ToUniversalTime());
        Assert.StartsWith("20260302-", view.CaseNo);
    }

    [Fact]
    public async Task PostEvents_WholeClosedLoop_GetShowsEveryStageDeadlineAndEvents()
    {
        using var client = await _app.IngestClientAsync();
        var reported = DateTimeOffset.UtcNow.AddHours(-10);
        var caseNo = (await (await client.PostAsJsonAsync("/api/v1/cases",
            IntakeAppFactory.CaseBody(change: b => b["reportedAt"] = Local(reported)))).Content.ReadFromJsonAsync<CaseDto>())!.CaseNo;
        object[] steps =
        [
            new { eventId = $"{caseNo}-1", type = "register", at = Local(reported.AddHours(1)) },
            new { eventId = $"{caseNo}-2", type = "dispatch", at = Local(reported.AddHours(2)), departmentCode = "municipal" },
            new { eventId = $"{caseNo}-3", type = "escalate", at = Local(reported.AddHours(3)), level = "community" },
            new { eventId = $"{caseNo}-4", type = "resolve", at = Local(reported.AddHours(4)), method = "service" },
            new { eventId = $"{caseNo}-5", type = "verify", at = Local(reported.AddHours(5)), passed = true },
            new { eventId = $"{caseNo}-6", type = "satisfaction", at = Local(reported.AddHours(6)), rating = "verysatisfied" },
        ];
        foreach (var step in steps)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", step)).StatusCode);

        var view = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseNo}"))!;

        Assert.Equal(("closed", "community", "municipal", "service", "verysatisfied"),
            (view.Status, view.Level, view.DepartmentCode, view.Method, view.Rating));
        var dispatched = reported.AddHours(2).UtcDateTime;
        Assert.Equal(dispatched, view.DispatchedAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        // 48 h: the category's time limit (TestDatabase.Ref.TimeLimitHours).
        Assert.Equal(dispatched.AddHours(48), view.DeadlineAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.NotNull(view.RegisteredAt);
        Assert.NotNull(view.ResolvedAt);
        Assert.NotNull(view.ClosedAt);
        Assert.NotNull(view.RatedAt);
        Assert.Equal(["report", "register", "dispatch", "escalate", "resolve", "verify", "satisfaction"], view.Events.Select(e => e.Type));
        Assert.Equal("municipal", view.Events[2].DepartmentCode);
        Assert.All(view.Events.Skip(1), e => Assert.StartsWith("api:", e.Actor));
    }

    [Fact]
    public async Task PostEvent_CloseBeforeResolve_Is409WithReasonAndWritesNothing()
    {
        using var client = await _app.IngestClientAsync();
        var caseNo = await IntakeAppFactory.CreateCaseAsync(client);
        var before = _app.Counts();

        var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", new { eventId = $"{caseNo}-v", type = "verify", passed = true });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("cannot take the step verify", problem.GetProperty("detail").GetString());
        Assert.Equal(before, _app.Counts());
        Assert.Equal("reported", (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseNo}"))!.Status);
    }

    [Fact]
    public async Task PostCase_SameExternalId20TimesInParallel_CreatesOneCase()
    {
        using var client = await _app.IngestClientAsync();
        var before = _app.Counts();
        var body = IntakeAppFactory.CaseBody("hotline-race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync("/api/v1/cases", body)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<CaseDto>())!.CaseNo));
        Assert.Single(numbers.Distinct());
        Assert.Equal(before.Cases + 1, _app.Counts().Cases);
        Assert.Equal(before.Events + 1, _app.Counts().Events);
    }

    [Fact]
    public async Task PostEvent_SameEventId20TimesInParallel_WritesOneEvent()
    {
        using var client = await _app.IngestClientAsync();
        var caseNo = await IntakeAppFactory.CreateCaseAsync(client);
        var before = _app.Counts();
        var step = new { eventId = $"{caseNo}-register", type = "register" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", step)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<CaseDto>())), v => Assert.Equal("registered", v!.Status));
        Assert.Equal(before.Events + 1, _app.Counts().Events);
    }

    [Fact]
    public async Task PostEvent_EventIdOfAnotherCase_Is409AndWritesNothing()
    {
        using var client = await _app.IngestClientAsync();
        var first = await IntakeAppFactory.CreateCaseAsync(client);
        var second = await IntakeAppFactory.CreateCaseAsync(client);
        await client.PostAsJsonAsync($"/api/v1/cases/{first}/events", new { eventId = $"shared-{first}", type = "register" });
        var before = _app.Counts();

        var response = await client.PostAsJsonAsync($"/api/v1/cases/{second}/events", new { eventId = $"shared-{first}", type = "register" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(before, _app.Counts());
    }

    [Fact]
    public async Task PostCase_SameExternalIdOtherBody_Is409ListingTheFieldsThatDifferAndKeepsTheOriginal()
    {
        using var client = await _app.IngestClientAsync();
        var body = IntakeAppFactory.CaseBody("hotline-changed");
        var caseNo = (await (await client.PostAsJsonAsync("/api/v1/cases", body)).Content.ReadFromJsonAsync<CaseDto>())!.CaseNo;
        var before = _app.Counts();
        body["description"] = "井盖已修好";
        body["lat"] = 36.5;
        body["isUrgent"] = true;

        var response = await client.PostAsJsonAsync("/api/v1/cases", body);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["description", "isUrgent", "lat"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains(caseNo, problem.GetProperty("detail").GetString());
        Assert.Equal(before, _app.Counts());
        Assert.Equal("井盖破损", (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseNo}"))!.Description);
    }

    [Fact]
    public async Task PostCase_SameExternalIdWithoutReportedAtTwice_Is200WithTheOriginal()
    {
        using var client = await _app.IngestClientAsync();
        var body = IntakeAppFactory.CaseBody("hotline-now", b => b.Remove("reportedAt"));
        var first = await client.PostAsJsonAsync("/api/v1/cases", body);
        var before = _app.Counts();

        var again = await client.PostAsJsonAsync("/api/v1/cases", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal((await first.Content.ReadFromJsonAsync<CaseDto>())!.CaseNo, (await again.Content.ReadFromJsonAsync<CaseDto>())!.CaseNo);
        Assert.Equal(before, _app.Counts());
    }

    [Fact]
    public async Task PostCase_ExternalIdsDifferingOnlyInLetterCase_AreTwoCases()
    {
        using var client = await _app.IngestClientAsync();
        var upper = IntakeAppFactory.CaseBody("AbC1");
        var lower = IntakeAppFactory.CaseBody("abc1");
        var before = _app.Counts();

        var first = await client.PostAsJsonAsync("/api/v1/cases", upper);
        var second = await client.PostAsJsonAsync("/api/v1/cases", lower);
        var firstAgain = await client.PostAsJsonAsync("/api/v1/cases", upper);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode, firstAgain.StatusCode));
        var (a, b, c) = ((await first.Content.ReadFromJsonAsync<CaseDto>())!, (await second.Content.ReadFromJsonAsync<CaseDto>())!,
            (await firstAgain.Content.ReadFromJsonAsync<CaseDto>())!);
        Assert.NotEqual(a.CaseNo, b.CaseNo);
        Assert.Equal((a.CaseNo, "AbC1"), (c.CaseNo, c.ExternalId));
        Assert.Equal("abc1", b.ExternalId);
        Assert.Equal(before.Cases + 2, _app.Counts().Cases);
    }

    [Fact]
    public async Task PostEvent_SameEventIdOtherBody_Is409ListingTheFieldsThatDifferAndWritesNothing()
    {
        using var client = await _app.IngestClientAsync();
        var caseNo = await IntakeAppFactory.CreateCaseAsync(client);
        var step = new { eventId = $"{caseNo}-dispatch", type = "dispatch", departmentCode = "municipal" };
        (await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", new { eventId = $"{caseNo}-register", type = "register" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", step)).StatusCode);
        var before = _app.Counts();

        var same = await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", step);
        var other = await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events", new { eventId = step.eventId, type = "escalate", level = "street" });

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var errors = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["departmentCode", "level", "type"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(before, _app.Counts());
    }

    [Fact]
    public async Task PostCase_DescriptionOverLinesWithTabs_IsStoredVerbatim()
    {
        using var client = await _app.IngestClientAsync();
        const string description = "井盖破损\n位置：纬二路\r\n\t东侧人行道";

        var response = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody(change: b => b["description"] = description));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(description, (await response.Content.ReadFromJsonAsync<CaseDto>())!.Description);
    }

    [Fact]
    public async Task PostCase_ReadOnlyKey_Is403()
    {
        using var client = await _app.KeyClientAsync("reader", ApiScopes.Read);
        var before = _app.Counts();

        var response = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, _app.Counts());
    }

    [Fact]
    public async Task GetCase_IngestOnlyKey_Is403()
    {
        using var writer = await _app.IngestClientAsync();
        var caseNo = await IntakeAppFactory.CreateCaseAsync(writer);
        using var client = await _app.KeyClientAsync("sensor-only", ApiScopes.Ingest);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/cases/{caseNo}")).StatusCode);
    }

    [Fact]
    public async Task PostCase_NoKey_Is401()
    {
        using var client = _app.CreateClient();
        var before = _app.Counts();

        var response = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, _app.Counts());
    }

    [Fact]
    public async Task PostCase_RevokedKey_Is401()
    {
        using var client = await _app.KeyClientAsync("revoked-hotline", ApiScopes.Ingest);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody())).StatusCode);
        await _app.Service<ApiKeyStore>().RevokeAsync("revoked-hotline");
        var before = _app.Counts();

        var response = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, _app.Counts());
    }

    [Fact]
    public async Task GetCase_UnknownCaseNo_Is404ProblemDetails()
    {
        using var client = await _app.IngestClientAsync();

        var response = await client.GetAsync("/api/v1/cases/19990101-00001");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostCase_MarkupAndSqlInText_StoredVerbatimAndHarmless()
    {
        using var client = await _app.IngestClientAsync();
        const string description = "<script>alert('x')</script><img src=x onerror=alert(1)> '); DROP TABLE cases; -- \" OR 1=1";
        const string address = "Robert'); DELETE FROM case_events; --  纬二路 🚧";
        var before = _app.Counts();

        var response = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody(change: b =>
        {
            b["description"] = description;
            b["address"] = address;
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var caseNo = (await response.Content.ReadFromJsonAsync<CaseDto>())!.CaseNo;
        var view = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseNo}"))!;
        Assert.Equal(description, view.Description);
        Assert.Equal(address, view.Address);
        Assert.Equal((before.Cases + 1, before.Events + 1), (_app.Counts().Cases, _app.Counts().Events));
    }

    [Fact]
    public async Task GetCase_SignedInWithPiiPermission_SeesThePhoneUnmasked()
    {
        using var writer = await _app.IngestClientAsync();
        var caseNo = await IntakeAppFactory.CreateCaseAsync(writer);
        var password = Secrets.NewPassword();
        await _app.Service<UserStore>().CreateAsync("pii-staff", password, new UserEdit("pii-staff", [Roles.Staff], HasPii: true, LeaderId: null));
        using var person = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await CommandCenter.Tests.Security.SecurityAppFactory.PostLoginAsync(person, "pii-staff", password)).StatusCode);

        var asPerson = await person.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseNo}");
        var asKey = await writer.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseNo}");

        Assert.Equal("13812345678", asPerson!.ReporterPhone);
        Assert.Equal("138****5678", asKey!.ReporterPhone);
    }

    [Fact]
    public async Task OpenApi_ReadKey_DescribesEveryApiV1Route()
    {
        using var client = await _app.KeyClientAsync("openapi-reader", ApiScopes.Read);

        var response = await client.GetAsync("/api/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        var routes = _app.Service<IEnumerable<Microsoft.AspNetCore.Routing.EndpointDataSource>>()
            .SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Where(p => p.StartsWith("/api/v1/", StringComparison.Ordinal) && !p.Contains("openapi", StringComparison.Ordinal))
            .ToList();
        Assert.Contains("/api/v1/cases/{caseNo}/events", routes);
        Assert.All(routes, r => Assert.Contains(r, paths));
        var createBody = document.GetProperty("paths").GetProperty("/api/v1/cases").GetProperty("post").GetProperty("requestBody");
        Assert.True(createBody.GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task OpenApi_NoKey_Is401()
    {
        using var client = _app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/openapi.json")).StatusCode);
    }
}
