using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Security;
using CommandCenter.Tests.Hubs;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Apis;

public sealed class DashboardApiTests : IClassFixture<DashboardApiTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public LiveAppFactory Factory { get; } = new();
        public HttpClient Client { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            await DashboardHubTests.SeedReferenceAsync(Factory.Services);
            var key = await Factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("api-reader", [ApiScopes.Read]);
            Client = Factory.CreateClient();
            Client.DefaultRequestHeaders.Add("X-Api-Key", key);
            var cases = Factory.Services.GetRequiredService<CaseService>();
            var created = await cases.CreateAsync(DashboardHubTests.NewCase("13812345678"), "test");
            var at = DateTime.UtcNow;
            foreach (var (step, i) in new[]
                     {
                         new CaseCommand(CaseStep.Register, at), new CaseCommand(CaseStep.Dispatch, at, DepartmentId: 1),
                         new CaseCommand(CaseStep.Resolve, at, Method: ResolutionMethod.Service), new CaseCommand(CaseStep.Verify, at, Passed: true),
                     }.Select((s, i) => (s, i)))
                Assert.Equal(StepOutcome.Applied, (await cases.ApplyAsync(created.Case.CaseNo, new CaseStepRequest($"api-{i}", step), "test")).Outcome);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly App _app;

    public DashboardApiTests(App app) => _app = app;

    private static string Today => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Dashboard_ReadKey_GetsTheSnapshotInCamelCaseWithEnumsByName()
    {
        JsonElement snapshot = default;
        for (var i = 0; i < 100; i++)
        {
            // The closure counts today at once; the month's ranking counts it from the first projection at or after the
            // step's time (a rebuild that read it at an earlier clock reading ranks it at the next clock check, 2 s later).
            snapshot = await _app.Client.GetFromJsonAsync<JsonElement>("/api/v1/dashboard");
            if (snapshot.GetProperty("today").GetProperty("closed").GetProperty("value").GetInt64() == 1
                && snapshot.GetProperty("streetRanking")[0].GetProperty("grade").ValueKind == JsonValueKind.String) break;
            await Task.Delay(100);
        }

        Assert.Equal(1, snapshot.GetProperty("today").GetProperty("closed").GetProperty("value").GetInt64());
        Assert.True(snapshot.GetProperty("version").GetInt64() >= 1);
        Assert.False(snapshot.GetProperty("stale").GetBoolean());
        Assert.True(snapshot.TryGetProperty("dataAsOf", out _));
        var street = snapshot.GetProperty("streetRanking")[0];
        Assert.Equal("A", street.GetProperty("grade").GetString());
        Assert.Equal(1.0, street.GetProperty("onTimeClosureRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, street.GetProperty("satisfactionRate").ValueKind);
        Assert.DoesNotContain("13812345678", snapshot.GetRawText());
        Assert.Contains("\"name\":\"济阳街道\"", snapshot.GetRawText());
    }

    [Fact]
    public async Task Indicators_ByStreetToday_RanksWithCompositeAndDashesForNoCallbacks()
    {
        var response = await _app.Client.GetFromJsonAsync<JsonElement>($"/api/v1/indicators?from={Today}&to={Today}&groupBy=street");

        Assert.Equal("street", response.GetProperty("groupBy").GetString());
        var row = Assert.Single(response.GetProperty("groups").EnumerateArray());
        Assert.Equal("S01", row.GetProperty("code").GetString());
        Assert.Equal(1, row.GetProperty("rank").GetInt32());
        Assert.Equal(1, row.GetProperty("closed").GetInt64());
        Assert.Equal(100.0, row.GetProperty("composite").GetDouble());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("satisfactionRate").ValueKind);
    }

    [Fact]
    public async Task Indicators_BySource_GroupsWithoutComposite()
    {
        var response = await _app.Client.GetFromJsonAsync<JsonElement>($"/api/v1/indicators?from={Today}&to={Today}&groupBy=source");

        var row = Assert.Single(response.GetProperty("groups").EnumerateArray());
        Assert.Equal("hotline", row.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("composite").ValueKind);
    }

    [Theory]
    [InlineData("from=2026-11-01&to=2026-11-30", "groupBy")]
    [InlineData("from=2026-13-01&to=2026-11-30&groupBy=street", "from")]
    [InlineData("from=2026-11-30&to=2026-11-01&groupBy=street", "to")]
    [InlineData("from=2020-01-01&to=2026-11-01&groupBy=street", "to")]
    [InlineData("from=2026-11-01&to=2026-11-30&groupBy=leader", "groupBy")]
    [InlineData("to=2026-11-30&groupBy=street", "from")]
    public async Task Indicators_BadInput_Is400ProblemDetailsNamingTheParameter(string query, string parameter)
    {
        var response = await _app.Client.GetAsync($"/api/v1/indicators?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.GetRawText());
    }
}
