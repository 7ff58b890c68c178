using System.Net.Http.Json;
using CommandCenter.Security;
using CommandCenter.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Apis;

/// <summary>
/// The app on a temp SQLite file holding <see cref="TestDatabase"/>'s tiny reference set plus one leader (L01) who owns road R01
/// from 2000 to 2099, and a second street (S02) with its road R02 that nobody owns; demo city and simulator off, caches off so
/// a revoked key fails at once, the API rate limit out of the way, and every log entry kept in <see cref="Logs"/>.
/// </summary>
public sealed class IntakeAppFactory : WebApplicationFactory<Program>
{
    public const string Leader = "L01";
    /// <summary>A road in street S02, not the street of the test cases' grid G01, and owned by no leader.</summary>
    public const string OtherStreetRoad = "R02";

    public IntakeAppFactory()
    {
        Db.Insert(new TestCity()
            .Leader(Leader, "王立新", "局长", isMain: true, patrolsPerWeek: 3, id: 1)
            .Assignment(Leader, "R01", "2000-01-01", "2099-12-31")
            .Street("S02", "回河街道", id: 10)
            .Road(OtherStreetRoad, "经一路", "S02", id: 10));
    }

    public LogSink Logs { get; } = new();

    public TestDatabase Db { get; } = TestDatabase.CreateWithReference();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CommandCenter", Db.Options.ConnectionString);
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Simulator:Enabled", "false");
        builder.UseSetting("Security:CacheDuration", "00:00:00");
        builder.UseSetting("Security:ApiRequestsPerSecond", "100000");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogSink>(null, LogLevel.Trace));
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A client sending a new API key with <paramref name="scopes"/>.</summary>
    public async Task<HttpClient> KeyClientAsync(string name, params string[] scopes)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await Service<ApiKeyStore>().CreateAsync(name, scopes));
        return client;
    }

    public Task<HttpClient> IngestClientAsync() => KeyClientAsync($"ingest-{Guid.NewGuid():N}", ApiScopes.Ingest, ApiScopes.Read);

    /// <summary>Rows in the tables the intake API writes.</summary>
    public (long Cases, long Events, long Patrols, long Sequences) Counts() =>
        (Db.Count("cases"), Db.Count("case_events"), Db.Count("patrols"), Db.Count("case_no_sequences"));

    /// <summary>A valid case body; <paramref name="change"/> edits it.</summary>
    public static Dictionary<string, object?> CaseBody(string? externalId = null, Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["externalId"] = externalId ?? $"ext-{Guid.NewGuid():N}",
            ["source"] = "hotline",
            ["categoryCode"] = "manhole",
            ["regionCode"] = "G01",
            ["roadCode"] = "R01",
            ["description"] = "井盖破损",
            ["address"] = "纬二路 12 号",
            ["lat"] = 36.98,
            ["lng"] = 117.17,
            ["reporterPhone"] = "13812345678",
            ["isUrgent"] = false,
            ["reportedAt"] = DateTimeOffset.UtcNow.AddHours(-2).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
        };
        change?.Invoke(body);
        return body;
    }

    /// <summary>Creates a case through the API and returns its number.</summary>
    public static async Task<string> CreateCaseAsync(HttpClient client, string? externalId = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", CaseBody(externalId));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CaseDto>())!.CaseNo;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Db.Dispose();
    }
}

/// <summary>The fields of the API's case view the tests read.</summary>
public sealed record CaseDto(string CaseNo, string? ExternalId, string Source, string CategoryCode, string RegionCode, string StreetCode,
    string? RoadCode, string Description, string? Address, string? ReporterPhone, string Status, string Level, string? DepartmentCode,
    string? Method, string? Rating, int ReworkCount, DateTime ReportedAt, DateTime? RegisteredAt, DateTime? DispatchedAt,
    DateTime? DeadlineAt, DateTime? ResolvedAt, DateTime? ClosedAt, DateTime? RatedAt, List<EventDto> Events);

public sealed record EventDto(string EventId, string Type, DateTime At, string Actor, string? Status, string? DepartmentCode);

/// <summary>Keeps every log entry of the app under test, so a test can say what was logged at which level.</summary>
public sealed class LogSink : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    private readonly System.Collections.Concurrent.ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The first entry that matches, once it is logged (the app logs on its own threads); fails after 30 s without one.</summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_entries.FirstOrDefault(match) is { } entry) return entry;
            await Task.Delay(20, timeout.Token);
        }
    }

    public void Dispose() { }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
    }
}
