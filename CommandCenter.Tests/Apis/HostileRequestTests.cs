using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommandCenter.Security;

namespace CommandCenter.Tests.Apis;

/// <summary>
/// The app, one ingest client, one case still at "reported" for the event rows, one registered case (event
/// <see cref="RegisteredEventId"/>) and one patrol (<see cref="PatrolId"/>) for the rows that reuse an idempotency key.
/// </summary>
public sealed class HostileFixture : IAsyncLifetime
{
    public const string TargetExternalId = "hostile-target";
    /// <summary>A fixed time, so a row can send the target case's body again with one field changed.</summary>
    public const string TargetReportedAt = "2026-11-01T10:00:00+08:00";
    public const string RegisteredEventId = "hostile-registered-1";
    public const string PatrolId = "hostile-patrol";
    public const string PatrolStartedAt = "2026-11-01T08:00:00+08:00";
    public const string PatrolEndedAt = "2026-11-01T09:00:00+08:00";

    public IntakeAppFactory App { get; } = new();
    public HttpClient Client { get; private set; } = null!;
    public string CaseNo { get; private set; } = "";
    public string RegisteredCaseNo { get; private set; } = "";

    /// <summary>The body that made the target case; rows change one field of it.</summary>
    public static Dictionary<string, object?> TargetBody() =>
        IntakeAppFactory.CaseBody(TargetExternalId, b => b["reportedAt"] = TargetReportedAt);

    public static Dictionary<string, object?> RecordedPatrol() => new()
    {
        ["patrolId"] = PatrolId,
        ["leaderCode"] = IntakeAppFactory.Leader,
        ["roadCode"] = "R01",
        ["startedAt"] = PatrolStartedAt,
        ["endedAt"] = PatrolEndedAt,
        ["mode"] = "walk",
    };

    public async Task InitializeAsync()
    {
        Client = await App.KeyClientAsync("hostile", ApiScopes.Ingest, ApiScopes.Read);
        var created = await Client.PostAsJsonAsync("/api/v1/cases", TargetBody());
        created.EnsureSuccessStatusCode();
        CaseNo = (await created.Content.ReadFromJsonAsync<CaseDto>())!.CaseNo;
        RegisteredCaseNo = await IntakeAppFactory.CreateCaseAsync(Client, "hostile-registered");
        (await Client.PostAsJsonAsync($"/api/v1/cases/{RegisteredCaseNo}/events", new { eventId = RegisteredEventId, type = "register" }))
            .EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync("/api/v1/patrols", RecordedPatrol())).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Malformed and hostile requests, one row each: every one is answered 4xx with a ProblemDetails that says what is wrong
/// (naming the field where there is one), nothing is written, and nothing is a 5xx.
/// Markup and SQL meta-characters in free text are valid input: <see cref="CasesApiTests.PostCase_MarkupAndSqlInText_StoredVerbatimAndHarmless"/>.
/// </summary>
public sealed class HostileRequestTests(HostileFixture fixture) : IClassFixture<HostileFixture>
{
    private const string Cases = "/api/v1/cases";
    private const string Events = "/api/v1/cases/{case}/events";
    private const string RegisteredEvents = "/api/v1/cases/{registered}/events";
    private const string Patrols = "/api/v1/patrols";

    /// <param name="Field">The field the ProblemDetails' errors must name (for a 409 of a reused idempotency key: a field that
    /// differs); null where the answer is not field-level (413, 415, 404, a 409 of the workflow or of an overlapping patrol).</param>
    /// <param name="Mentions">A text the answer must contain, e.g. the id of the patrol a new one overlaps.</param>
    public sealed record Row(string Path, Func<string> Body, int Status, string? Field, string ContentType = "application/json",
        string? Mentions = null);

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static string Case(Action<Dictionary<string, object?>> change) => Json(IntakeAppFactory.CaseBody(change: change));

    private static string Changed(Dictionary<string, object?> body, Action<Dictionary<string, object?>> change)
    {
        change(body);
        return Json(body);
    }

    private static string Step(object value) => Json(value);

    private static string Patrol(Action<Dictionary<string, object?>> change)
    {
        var now = DateTimeOffset.UtcNow;
        var body = new Dictionary<string, object?>
        {
            ["patrolId"] = $"p-{Guid.NewGuid():N}",
            ["leaderCode"] = IntakeAppFactory.Leader,
            ["roadCode"] = "R01",
            ["startedAt"] = now.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            ["endedAt"] = now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            ["mode"] = "walk",
        };
        change(body);
        return Json(body);
    }

    private static string Future(TimeSpan ahead) => DateTimeOffset.UtcNow.Add(ahead).ToString("yyyy-MM-ddTHH:mm:sszzz");

    private static readonly Dictionary<string, Row> Rows = new()
    {
        // Not JSON, not an object, wrong media type, too large.
        ["case: empty body"] = new(Cases, () => "", 400, "body"),
        ["case: null"] = new(Cases, () => "null", 400, "body"),
        ["case: array instead of object"] = new(Cases, () => "[1,2,3]", 400, "body"),
        ["case: truncated JSON"] = new(Cases, () => "{\"source\": \"hotline\", \"categoryCode\": ", 400, null),
        ["case: not JSON at all"] = new(Cases, () => "source=hotline&categoryCode=manhole", 400, "body"),
        ["case: JSON with comments"] = new(Cases, () => "{ /* hi */ \"source\": \"hotline\" }", 400, null),
        ["case: text/plain"] = new(Cases, () => Case(_ => { }), 415, null, "text/plain"),
        ["case: form content type"] = new(Cases, () => "a=b", 415, null, "application/x-www-form-urlencoded"),
        ["case: 10 MB description"] = new(Cases, () => Case(b => b["description"] = new string('x', 10 * 1024 * 1024)), 413, null),
        ["case: 70 KB body"] = new(Cases, () => Case(b => b["address"] = new string('路', 24 * 1024)), 413, null),
        ["case: 1000-deep nesting"] = new(Cases, () => new string('[', 1000) + new string(']', 1000), 400, null),
        ["case: same key twice"] = new(Cases, () => Case(_ => { }).Replace("\"source\":\"hotline\"", "\"source\":\"hotline\",\"source\":\"sensor\""), 400, "source"),
        // Missing and wrongly typed fields.
        ["case: empty object"] = new(Cases, () => "{}", 400, "categoryCode"),
        ["case: no source"] = new(Cases, () => Case(b => b.Remove("source")), 400, "source"),
        ["case: no categoryCode"] = new(Cases, () => Case(b => b.Remove("categoryCode")), 400, "categoryCode"),
        ["case: no regionCode"] = new(Cases, () => Case(b => b.Remove("regionCode")), 400, "regionCode"),
        ["case: no description"] = new(Cases, () => Case(b => b.Remove("description")), 400, "description"),
        ["case: blank description"] = new(Cases, () => Case(b => b["description"] = "   \n "), 400, "description"),
        ["case: description a number"] = new(Cases, () => Case(b => b["description"] = 42), 400, "description"),
        ["case: description an object"] = new(Cases, () => Case(b => b["description"] = new { text = "x" }), 400, "description"),
        ["case: description 2001 characters"] = new(Cases, () => Case(b => b["description"] = new string('坏', 2001)), 400, "description"),
        ["case: description with NUL"] = new(Cases, () => Case(b => b["description"] = "井盖\u0000破损"), 400, "description"),
        ["case: lat a string"] = new(Cases, () => Case(b => b["lat"] = "north"), 400, "lat"),
        ["case: isUrgent a string"] = new(Cases, () => Case(b => b["isUrgent"] = "yes"), 400, "isUrgent"),
        ["case: isUrgent a number"] = new(Cases, () => Case(b => b["isUrgent"] = 1), 400, "isUrgent"),
        // Codes.
        ["case: source a number"] = new(Cases, () => Case(b => b["source"] = "1"), 400, "source"),
        ["case: unknown source"] = new(Cases, () => Case(b => b["source"] = "pigeon"), 400, "source"),
        ["case: SQL in source"] = new(Cases, () => Case(b => b["source"] = "hotline'; DROP TABLE cases; --"), 400, "source"),
        ["case: unknown categoryCode"] = new(Cases, () => Case(b => b["categoryCode"] = "ufo"), 400, "categoryCode"),
        ["case: 10,000-character categoryCode"] = new(Cases, () => Case(b => b["categoryCode"] = new string('c', 10_000)), 400, "categoryCode"),
        ["case: unknown regionCode"] = new(Cases, () => Case(b => b["regionCode"] = "G99"), 400, "regionCode"),
        ["case: SQL in regionCode"] = new(Cases, () => Case(b => b["regionCode"] = "' OR 1=1 --"), 400, "regionCode"),
        ["case: regionCode a district"] = new(Cases, () => Case(b => b["regionCode"] = "D01"), 400, "regionCode"),
        ["case: unknown roadCode"] = new(Cases, () => Case(b => b["roadCode"] = "R99"), 400, "roadCode"),
        ["case: markup in categoryCode"] = new(Cases, () => Case(b => b["categoryCode"] = "<script>alert(1)</script>"), 400, "categoryCode"),
        // Coordinates, phone, ids.
        ["case: lat 91"] = new(Cases, () => Case(b => b["lat"] = 91), 400, "lat"),
        ["case: lat -90.5"] = new(Cases, () => Case(b => b["lat"] = -90.5), 400, "lat"),
        ["case: lng 181"] = new(Cases, () => Case(b => b["lng"] = 181), 400, "lng"),
        ["case: lat without lng"] = new(Cases, () => Case(b => b.Remove("lng")), 400, "lng"),
        ["case: lat 1e400"] = new(Cases, () => Case(_ => { }).Replace("36.98", "1e400"), 400, "lat"),
        ["case: lat \"NaN\" in quotes"] = new(Cases, () => Case(b => b["lat"] = "NaN"), 400, "lat"),
        ["case: lat NaN bare"] = new(Cases, () => Case(_ => { }).Replace("36.98", "NaN"), 400, null),
        ["case: lng \"Infinity\" in quotes"] = new(Cases, () => Case(b => b["lng"] = "Infinity"), 400, "lng"),
        ["case: lat a number in quotes"] = new(Cases, () => Case(b => b["lat"] = "36.9"), 400, "lat"),
        ["case: lng a number in quotes"] = new(Cases, () => Case(b => b["lng"] = "117.17"), 400, "lng"),
        ["case: reporterPhone with a trailing newline"] = new(Cases, () => Case(b => b["reporterPhone"] = "13812345678\n"), 400, "reporterPhone"),
        ["case: reporterPhone with a newline inside"] = new(Cases, () => Case(b => b["reporterPhone"] = "138\n12345678"), 400, "reporterPhone"),
        // Fields this API does not have; control characters.
        ["case: unknown field"] = new(Cases, () => Case(b => b["colour"] = "red"), 400, "colour"),
        ["case: misspelled field"] = new(Cases, () => Case(b => { b.Remove("description"); b["descripton"] = "井盖破损"; }), 400, "descripton"),
        ["case: unknown field null"] = new(Cases, () => Case(b => b["priority"] = null), 400, "priority"),
        ["case: address with a newline"] = new(Cases, () => Case(b => b["address"] = "纬二路\n12 号"), 400, "address"),
        ["case: address with a tab"] = new(Cases, () => Case(b => b["address"] = "纬二路\t12 号"), 400, "address"),
        ["case: address with DEL"] = new(Cases, () => Case(b => b["address"] = "纬二路\u007f"), 400, "address"),
        ["case: description with ESC"] = new(Cases, () => Case(b => b["description"] = "井盖\u001b[31m破损"), 400, "description"),
        ["case: description with a lone CR"] = new(Cases, () => Case(b => b["description"] = "井盖\r破损"), 400, "description"),
        ["case: description with C1 control"] = new(Cases, () => Case(b => b["description"] = "井盖\u0085破损"), 400, "description"),
        // References that exist but do not fit together; an idempotency key reused with another body.
        ["case: roadCode in another street"] = new(Cases, () => Case(b => b["roadCode"] = IntakeAppFactory.OtherStreetRoad), 400, "roadCode"),
        ["case: externalId again with another description"] = new(Cases,
            () => Changed(HostileFixture.TargetBody(), b => b["description"] = "井盖已修好"), 409, "description"),
        ["case: externalId again with another reportedAt"] = new(Cases,
            () => Changed(HostileFixture.TargetBody(), b => b["reportedAt"] = "2026-11-01T11:00:00+08:00"), 409, "reportedAt"),
        ["case: externalId again without the road"] = new(Cases, () => Changed(HostileFixture.TargetBody(), b => b.Remove("roadCode")), 409, "roadCode"),
        ["case: markup as phone"] = new(Cases, () => Case(b => b["reporterPhone"] = "<b>138</b>"), 400, "reporterPhone"),
        ["case: externalId with spaces"] = new(Cases, () => Case(b => b["externalId"] = "a b"), 400, "externalId"),
        ["case: externalId 101 characters"] = new(Cases, () => Case(b => b["externalId"] = new string('e', 101)), 400, "externalId"),
        ["case: externalId empty"] = new(Cases, () => Case(b => b["externalId"] = ""), 400, "externalId"),
        ["case: events in a case POST"] = new(Cases, () => Case(b => b["events"] = new[] { new { eventId = "x", type = "register" } }), 400, "events"),
        // Times.
        ["case: reportedAt without offset"] = new(Cases, () => Case(b => b["reportedAt"] = "2026-11-23T10:00:00"), 400, "reportedAt"),
        ["case: reportedAt words"] = new(Cases, () => Case(b => b["reportedAt"] = "yesterday"), 400, "reportedAt"),
        ["case: reportedAt a number"] = new(Cases, () => Case(b => b["reportedAt"] = 1763900000), 400, "reportedAt"),
        ["case: reportedAt February 30"] = new(Cases, () => Case(b => b["reportedAt"] = "2026-02-30T10:00:00+08:00"), 400, "reportedAt"),
        ["case: reportedAt tomorrow"] = new(Cases, () => Case(b => b["reportedAt"] = Future(TimeSpan.FromDays(1))), 400, "reportedAt"),
        ["case: reportedAt 10 minutes ahead"] = new(Cases, () => Case(b => b["reportedAt"] = Future(TimeSpan.FromMinutes(10))), 400, "reportedAt"),
        ["case: reportedAt 1970"] = new(Cases, () => Case(b => b["reportedAt"] = "1970-01-01T00:00:00Z"), 400, "reportedAt"),
        ["case: reportedAt offset +25:00"] = new(Cases, () => Case(b => b["reportedAt"] = "2026-11-23T10:00:00+25:00"), 400, "reportedAt"),
        ["case: reportedAt with a trailing newline"] = new(Cases, () => Case(b => b["reportedAt"] = "2026-11-23T10:00:00+08:00\n"), 400, "reportedAt"),
        ["case: reportedAt with a leading space"] = new(Cases, () => Case(b => b["reportedAt"] = " 2026-11-23T10:00:00+08:00"), 400, "reportedAt"),
        // Workflow events on a case that is still "reported".
        ["event: malformed JSON"] = new(Events, () => "{\"eventId\": ", 400, null),
        ["event: no eventId"] = new(Events, () => Step(new { type = "register" }), 400, "eventId"),
        ["event: no type"] = new(Events, () => Step(new { eventId = "h-1" }), 400, "type"),
        ["event: unknown type"] = new(Events, () => Step(new { eventId = "h-2", type = "close" }), 400, "type"),
        ["event: type report"] = new(Events, () => Step(new { eventId = "h-3", type = "report" }), 400, "type"),
        ["event: type as number"] = new(Events, () => Step(new { eventId = "h-4", type = 3 }), 400, "type"),
        ["event: reserved eventId"] = new(Events, () => Step(new { eventId = "report:x", type = "register" }), 400, "eventId"),
        ["event: dispatch without department"] = new(Events, () => Step(new { eventId = "h-5", type = "dispatch" }), 400, "departmentCode"),
        ["event: dispatch to unknown department"] = new(Events, () => Step(new { eventId = "h-6", type = "dispatch", departmentCode = "nasa" }), 400, "departmentCode"),
        ["event: resolve without method"] = new(Events, () => Step(new { eventId = "h-7", type = "resolve" }), 400, "method"),
        ["event: unknown method"] = new(Events, () => Step(new { eventId = "h-8", type = "resolve", method = "magic" }), 400, "method"),
        ["event: verify without passed"] = new(Events, () => Step(new { eventId = "h-9", type = "verify" }), 400, "passed"),
        ["event: passed as a string"] = new(Events, () => Step(new { eventId = "h-10", type = "verify", passed = "true" }), 400, "passed"),
        ["event: unknown rating"] = new(Events, () => Step(new { eventId = "h-11", type = "satisfaction", rating = "meh" }), 400, "rating"),
        ["event: unknown level"] = new(Events, () => Step(new { eventId = "h-12", type = "escalate", level = "planet" }), 400, "level"),
        ["event: at without offset"] = new(Events, () => Step(new { eventId = "h-13", type = "register", at = "2026-11-23T10:00:00" }), 400, "at"),
        ["event: at next week"] = new(Events, () => Step(new { eventId = "h-14", type = "register", at = Future(TimeSpan.FromDays(7)) }), 400, "at"),
        ["event: resolve before dispatch"] = new(Events, () => Step(new { eventId = "h-15", type = "resolve", method = "service" }), 409, null),
        ["event: close before resolve"] = new(Events, () => Step(new { eventId = "h-16", type = "verify", passed = true }), 409, null),
        ["event: satisfaction on an open case"] = new(Events, () => Step(new { eventId = "h-17", type = "satisfaction", rating = "satisfied" }), 409, null),
        ["event: escalate a reported case"] = new(Events, () => Step(new { eventId = "h-18", type = "escalate" }), 409, null),
        ["event: register before it was reported"] = new(Events, () => Step(new { eventId = "h-19", type = "register", at = "2001-01-01T00:00:00Z" }), 409, null),
        ["event: eventId of the report"] = new(Events, () => Step(new { eventId = "report:hostile", type = "register" }), 400, "eventId"),
        ["event: unknown case"] = new("/api/v1/cases/19990101-00001/events", () => Step(new { eventId = "h-20", type = "register" }), 404, null),
        ["event: unknown field"] = new(Events, () => Step(new { eventId = "h-22", type = "register", note = "x" }), 400, "note"),
        ["event: at with a trailing newline"] = new(Events, () => Step(new { eventId = "h-23", type = "register", at = "2026-11-23T10:00:00+08:00\n" }), 400, "at"),
        ["event: passed as a number"] = new(Events, () => Step(new { eventId = "h-24", type = "verify", passed = 1 }), 400, "passed"),
        ["event: eventId again with another type"] = new(RegisteredEvents,
            () => Step(new { eventId = HostileFixture.RegisteredEventId, type = "reject" }), 409, "type"),
        ["event: eventId again with a time"] = new(RegisteredEvents,
            () => Step(new { eventId = HostileFixture.RegisteredEventId, type = "register", at = "2026-11-02T10:00:00+08:00" }), 409, "at"),
        ["event: SQL in caseNo"] = new("/api/v1/cases/1'%20OR%20'1'='1/events", () => Step(new { eventId = "h-21", type = "register" }), 404, null),
        // Patrols.
        ["patrol: empty object"] = new(Patrols, () => "{}", 400, "leaderCode"),
        ["patrol: unknown leader"] = new(Patrols, () => Patrol(b => b["leaderCode"] = "L99"), 400, "leaderCode"),
        ["patrol: unknown road"] = new(Patrols, () => Patrol(b => b["roadCode"] = "R99"), 400, "roadCode"),
        ["patrol: ends before it starts"] = new(Patrols, () => Patrol(b => (b["startedAt"], b["endedAt"]) = (b["endedAt"], b["startedAt"])), 400, "endedAt"),
        ["patrol: 25 hours"] = new(Patrols, () => Patrol(b => b["startedAt"] = DateTimeOffset.UtcNow.AddHours(-26).ToString("yyyy-MM-ddTHH:mm:sszzz")), 400, "endedAt"),
        ["patrol: unknown mode"] = new(Patrols, () => Patrol(b => b["mode"] = "fly"), 400, "mode"),
        ["patrol: startedAt without offset"] = new(Patrols, () => Patrol(b => b["startedAt"] = "2026-11-23T08:00:00"), 400, "startedAt"),
        ["patrol: endedAt tomorrow"] = new(Patrols, () => Patrol(b => b["endedAt"] = Future(TimeSpan.FromDays(1))), 400, "endedAt"),
        ["patrol: no patrolId"] = new(Patrols, () => Patrol(b => b.Remove("patrolId")), 400, "patrolId"),
        ["patrol: zero minutes"] = new(Patrols, () => Patrol(b => b["endedAt"] = b["startedAt"]), 400, "endedAt"),
        ["patrol: 30 seconds"] = new(Patrols, () => Changed(HostileFixture.RecordedPatrol(), b =>
        {
            b["patrolId"] = "p-30s";
            (b["startedAt"], b["endedAt"]) = ("2026-10-01T08:00:00+08:00", "2026-10-01T08:00:30+08:00");
        }), 400, "endedAt"),
        ["patrol: overlapping another patrol of the leader"] = new(Patrols, () => Changed(HostileFixture.RecordedPatrol(), b =>
        {
            b["patrolId"] = "p-overlap";
            (b["startedAt"], b["endedAt"]) = ("2026-11-01T08:30:00+08:00", "2026-11-01T09:30:00+08:00");
        }), 409, null, Mentions: HostileFixture.PatrolId),
        ["patrol: inside another patrol of the leader"] = new(Patrols, () => Changed(HostileFixture.RecordedPatrol(), b =>
        {
            b["patrolId"] = "p-inside";
            (b["startedAt"], b["endedAt"]) = ("2026-11-01T08:10:00+08:00", "2026-11-01T08:20:00+08:00");
        }), 409, null, Mentions: HostileFixture.PatrolId),
        ["patrol: patrolId again with another mode"] = new(Patrols, () => Changed(HostileFixture.RecordedPatrol(), b => b["mode"] = "drive"), 409, "mode"),
        ["patrol: patrolId again with another end"] = new(Patrols,
            () => Changed(HostileFixture.RecordedPatrol(), b => b["endedAt"] = "2026-11-01T09:10:00+08:00"), 409, "endedAt"),
        ["patrol: road the leader does not own"] = new(Patrols, () => Patrol(b => b["roadCode"] = IntakeAppFactory.OtherStreetRoad), 400, "roadCode"),
        ["patrol: unknown field"] = new(Patrols, () => Patrol(b => b["distanceKm"] = 3.5), 400, "distanceKm"),
        ["patrol: startedAt with a trailing newline"] = new(Patrols, () => Patrol(b => b["startedAt"] = b["startedAt"] + "\n"), 400, "startedAt"),
        ["patrol: 100 KB patrolId"] = new(Patrols, () => Patrol(b => b["patrolId"] = new string('p', 100 * 1024)), 413, null),
    };

    public static TheoryData<string> Names() => new(Rows.Keys);

    [Fact]
    public void Rows_AtLeastFifty() => Assert.True(Rows.Count >= 50, $"{Rows.Count} rows");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task HostileRequest_Answered4xxWithReasonAndWritesNothing(string name)
    {
        var row = Rows[name];
        var before = fixture.App.Counts();
        using var content = new StringContent(row.Body(), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(row.ContentType);

        using var response = await fixture.Client.PostAsync(
            row.Path.Replace("{case}", fixture.CaseNo).Replace("{registered}", fixture.RegisteredCaseNo), content);

        Assert.Equal(row.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        if (row.Mentions is { } mentioned) Assert.Contains(mentioned, text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (row.Field is { } field)
        {
            var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.True(m!.Length is > 10 and < 400, m));
        }
        else
        {
            Assert.True(problem.TryGetProperty("detail", out var detail) || problem.TryGetProperty("errors", out detail), "no detail or errors");
            Assert.False(string.IsNullOrWhiteSpace(detail.ToString()));
        }
        Assert.Equal(before, fixture.App.Counts());
    }
}
