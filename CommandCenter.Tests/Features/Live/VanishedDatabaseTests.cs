using System.Net;
using System.Net.Http.Json;
using CommandCenter.Security;
using CommandCenter.Testing;
using CommandCenter.Tests.Apis;
using CommandCenter.Tests.Hubs;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Features.Live;

/// <summary>
/// The SQLite file vanishes or is replaced under the running app (pooled connections, the default): every write answers 503
/// with Retry-After at once, <c>/health</c> is Unhealthy, and no write answered 201 is missing after a restart.
/// </summary>
public sealed class VanishedDatabaseTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cc-vanish-{Guid.NewGuid():N}");
    private string File => Path.Combine(_folder, "cc.db");
    private string Away => _folder + "-away";
    private readonly List<string> _acknowledged = [];

    public VanishedDatabaseTests()
    {
        Directory.CreateDirectory(_folder);
        using var template = TestDatabase.CreateWithReference();
        template.Insert(new TestCity().Leader("L01", "王立新", "局长", isMain: true, patrolsPerWeek: 3, id: 1));
        using var connection = template.Open();
        connection.Execute("VACUUM INTO @File", new { File });
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Away)) Directory.Delete(Away, recursive: true);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private LiveAppFactory App() => new(File, new Dictionary<string, string?> { ["Security:ApiRequestsPerSecond"] = "100000" });

    private static async Task<HttpClient> IngestClientAsync(LiveAppFactory app)
    {
        var key = await app.Services.GetRequiredService<ApiKeyStore>().CreateAsync($"ingest-{Guid.NewGuid():N}", [ApiScopes.Ingest, ApiScopes.Read]);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Posts a new case; remembers its number when the answer is 201.</summary>
    private async Task<HttpResponseMessage> PostCaseAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", IntakeAppFactory.CaseBody());
        if (response.StatusCode == HttpStatusCode.Created)
            _acknowledged.Add((await response.Content.ReadFromJsonAsync<CaseDto>())!.CaseNo);
        return response;
    }

    private static object Patrol() => new
    {
        patrolId = $"p-{Guid.NewGuid():N}", leaderCode = IntakeAppFactory.Leader, roadCode = "R01",
        startedAt = "2026-03-02T08:00:00+08:00", endedAt = "2026-03-02T09:30:00+08:00", mode = "bike",
    };

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("cc.db", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task AssertEveryAcknowledgedCaseIsThereAsync()
    {
        using var restarted = App();
        using var client = await IngestClientAsync(restarted);
        Assert.NotEmpty(_acknowledged);
        foreach (var caseNo in _acknowledged)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/cases/{caseNo}")).StatusCode);
    }

    [Fact]
    public async Task Writes_DatabaseFolderRenamedAway_Answer503AndHealthUnhealthyUntilItIsBack()
    {
        using (var app = App())
        {
            using var client = await IngestClientAsync(app);
            Assert.Equal(HttpStatusCode.Created, (await PostCaseAsync(client)).StatusCode);
            var caseNo = _acknowledged[0];

            Directory.Move(_folder, Away);

            await AssertUnavailableAsync(await PostCaseAsync(client));
            await AssertUnavailableAsync(await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events",
                new { eventId = $"{caseNo}-register", type = "register" }));
            await AssertUnavailableAsync(await client.PostAsJsonAsync("/api/v1/patrols", Patrol()));
            var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());

            Directory.Move(Away, _folder);

            Assert.Equal(HttpStatusCode.Created, (await PostCaseAsync(client)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/cases/{caseNo}/events",
                new { eventId = $"{caseNo}-register", type = "register" })).StatusCode);
            // /health turns Healthy again with the live feed's next read: LiveFeedOutageTests.
        }
        await AssertEveryAcknowledgedCaseIsThereAsync();
    }

    [Fact]
    public async Task Writes_DatabaseFolderDeleted_NeverAcknowledgedAndNothingAcknowledgedIsLostAfterARestart()
    {
        var backup = Path.Combine(Path.GetTempPath(), $"cc-vanish-backup-{Guid.NewGuid():N}.db");
        try
        {
            using (var app = App())
            {
                using var client = await IngestClientAsync(app);
                Assert.Equal(HttpStatusCode.Created, (await PostCaseAsync(client)).StatusCode);
                using (var copy = new SqliteConnection($"Data Source={File};Pooling=False"))
                {
                    copy.Open();
                    copy.Execute("VACUUM INTO @backup", new { backup });
                }

                Directory.Delete(_folder, recursive: true);

                await AssertUnavailableAsync(await PostCaseAsync(client));
                await AssertUnavailableAsync(await PostCaseAsync(client));
                Assert.Equal("Unhealthy", await (await client.GetAsync("/health")).Content.ReadAsStringAsync());
                Assert.False(Directory.Exists(_folder));
            }

            Directory.CreateDirectory(_folder);
            System.IO.File.Copy(backup, File);
            await AssertEveryAcknowledgedCaseIsThereAsync();
        }
        finally
        {
            System.IO.File.Delete(backup);
        }
    }

    [Fact]
    public async Task Writes_DatabaseFileReplacedByAnother_Answer503AndHealthUnhealthy()
    {
        using var app = App();
        using var client = await IngestClientAsync(app);
        Assert.Equal(HttpStatusCode.Created, (await PostCaseAsync(client)).StatusCode);
        var other = Path.Combine(_folder, "other.db");
        using (var copy = new SqliteConnection($"Data Source={File};Pooling=False"))
        {
            copy.Open();
            copy.Execute("VACUUM INTO @other", new { other });
        }

        System.IO.File.Move(other, File, overwrite: true);

        await AssertUnavailableAsync(await PostCaseAsync(client));
        Assert.Equal("Unhealthy", await (await client.GetAsync("/health")).Content.ReadAsStringAsync());
    }
}
