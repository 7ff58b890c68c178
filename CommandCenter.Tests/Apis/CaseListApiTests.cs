using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Security;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Apis;

/// <summary><c>GET /api/v1/cases</c>: the read scope, <c>{ total, items, nextCursor }</c>, paging to the end, a 400 naming each bad filter.</summary>
public sealed class CaseListApiTests : IClassFixture<IntakeAppFactory>
{
    private readonly IntakeAppFactory _app;

    public CaseListApiTests(IntakeAppFactory app)
    {
        _app = app;
        if (_app.Db.Count("cases", "case_no LIKE 'L-%'") > 0) return;
        using var connection = _app.Db.Open();
        TestCity.WriteCases(connection, Enumerable.Range(0, 120).Select(i =>
            new StoredCase($"L-{i:D3}", i % 3 == 0 ? "app" : "hotline", TestDatabase.Ref.Category, TestDatabase.Ref.Grid, TestDatabase.Ref.Street,
                new DateTime(2026, 2, 27, 12, 0, 0, DateTimeKind.Utc).AddHours(i))));
    }

    [Fact]
    public async Task List_NoKey_Is401()
    {
        using var anonymous = _app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task List_IngestOnlyKey_Is403()
    {
        using var ingest = await _app.KeyClientAsync($"ingest-{Guid.NewGuid():N}", ApiScopes.Ingest);

        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task List_PagesToTheEnd_EachCaseOnceWithTheTotal()
    {
        using var reader = await _app.KeyClientAsync($"reader-{Guid.NewGuid():N}", ApiScopes.Read);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await reader.GetFromJsonAsync<JsonElement>(
                "/api/v1/cases?source=app&from=2026-02-28&to=2026-03-31&limit=7" + (cursor is null ? "" : $"&cursor={cursor}"));
            // 12:00 UTC on 27 Feb is 20:00 local; local 28 Feb starts at 16:00 UTC on 27 Feb, so i ≥ 4: 116 cases, 39 from the app.
            Assert.Equal(38, page.GetProperty("total").GetInt64());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseNo").GetString()!));
            Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal("app", i.GetProperty("source").GetString()));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(38, seen.Distinct().Count());
        Assert.Equal(38, seen.Count);
    }

    [Fact]
    public async Task List_DefaultLimit_Is50()
    {
        using var reader = await _app.KeyClientAsync($"reader-{Guid.NewGuid():N}", ApiScopes.Read);

        var page = await reader.GetFromJsonAsync<JsonElement>("/api/v1/cases?q=L-");

        Assert.Equal(50, page.GetProperty("items").GetArrayLength());
        Assert.Equal(120, page.GetProperty("total").GetInt64());
        Assert.NotNull(page.GetProperty("nextCursor").GetString());
    }

    [Theory]
    [InlineData("from=2026-03-31&to=2026-03-01", "to")]
    [InlineData("status=open", "status")]
    [InlineData("street=S99", "street")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=%25%25", "cursor")]
    public async Task List_BadFilter_Is400NamingTheParameter(string query, string field)
    {
        using var reader = await _app.KeyClientAsync($"reader-{Guid.NewGuid():N}", ApiScopes.Read);

        var response = await reader.GetAsync($"/api/v1/cases?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
