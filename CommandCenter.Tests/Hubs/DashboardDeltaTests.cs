using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using CommandCenter.Hubs;
using CommandCenter.Security;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Hubs;

/// <summary>
/// The hub's delta updates (<c>?updates=delta</c>): RFC 7386 merge patches between versions, in JSON and MessagePack, that
/// rebuild exactly the documents a whole-snapshot client receives.
/// </summary>
public sealed class DashboardDeltaTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Theory]
    // Unchanged: an empty patch.
    [InlineData("""{"a":1,"b":{"c":[1,2]}}""", """{"a":1,"b":{"c":[1,2]}}""", "{}")]
    // A nested figure changed: only its path.
    [InlineData("""{"v":1,"today":{"reported":5,"closed":3}}""", """{"v":2,"today":{"reported":6,"closed":3}}""", """{"v":2,"today":{"reported":6}}""")]
    // An array element changed: the array whole.
    [InlineData("""{"r":[{"n":"A","x":1},{"n":"B","x":2}]}""", """{"r":[{"n":"A","x":1},{"n":"B","x":3}]}""", """{"r":[{"n":"A","x":1},{"n":"B","x":3}]}""")]
    // A member gone or turned null: null (removed).
    [InlineData("""{"a":1,"reason":"db down","b":2}""", """{"a":1,"b":null}""", """{"reason":null,"b":null}""")]
    // An object replaced by a value, and a member added.
    [InlineData("""{"a":{"x":1}}""", """{"a":7,"n":{"y":true}}""", """{"a":7,"n":{"y":true}}""")]
    public void Diff_IsTheSmallestMergePatch_AndApplyingItGivesTheNewDocument(string from, string to, string expected)
    {
        var patch = MergePatch.Diff(Json(from), Json(to));

        Assert.True(JsonNode.DeepEquals(Json(expected), patch), patch.ToJsonString());
        // A member that became null is removed by the patch: a client reads a missing member as null.
        var target = Json(to);
        foreach (var name in target.Where(m => m.Value is null).Select(m => m.Key).ToList()) target.Remove(name);
        Assert.True(JsonNode.DeepEquals(target, MergePatch.Apply(Json(from), patch)));
    }

    [Theory]
    // RFC 7386, appendix A (a selection).
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", "{}")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("{}", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_FollowsTheRfcExamples(string target, string patch, string result) =>
        Assert.True(JsonNode.DeepEquals(Json(result), MergePatch.Apply(Json(target), Json(patch))));

    [Fact]
    public void ToPlain_KeepsNamesAndValues_SoAnyProtocolSendsTheSameDocument()
    {
        var plain = MergePatch.ToPlain(Json("""{"n":3,"r":0.25,"s":"2026-12-02T08:00:00Z","b":false,"z":null,"l":[1,"x"],"o":{"k":1}}"""));

        Assert.Equal(
            """{"n":3,"r":0.25,"s":"2026-12-02T08:00:00Z","b":false,"z":null,"l":[1,"x"],"o":{"k":1}}""",
            JsonSerializer.Serialize(plain));
        var map = Assert.IsType<Dictionary<string, object?>>(plain);
        Assert.IsType<long>(map["n"]);
        Assert.IsType<double>(map["r"]);
    }

    private sealed record Client(HubConnection Connection, ChannelReader<(string Method, JsonNode? Body)> Messages) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Connection.DisposeAsync();

        public async Task<(string Method, JsonNode? Body)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await Messages.ReadAsync(timeout.Token);
        }
    }

    /// <summary>A hub client that records every message as JSON (a MessagePack body is converted after it is decoded).</summary>
    private static async Task<Client> ConnectAsync(LiveAppFactory factory, string apiKey, bool deltas, bool messagePack)
    {
        var channel = Channel.CreateUnbounded<(string, JsonNode?)>();
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, DashboardHub.Path + (deltas ? "?updates=delta" : "")), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["X-Api-Key"] = apiKey;
            });
        if (messagePack) builder.AddMessagePackProtocol();
        var connection = builder.Build();
        foreach (var method in new[] { DashboardHub.SnapshotMethod, DashboardHub.DeltaMethod })
            connection.On<object?>(method, body => channel.Writer.TryWrite((method, ToJson(body))));
        await connection.StartAsync();
        return new Client(connection, channel.Reader);
    }

    private static JsonNode? ToJson(object? body) => body switch
    {
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        // MessagePack: maps of object keys, integers of the smallest type; JSON of those is the same document.
        _ => JsonSerializer.SerializeToNode(Normalize(body)),
    };

    private static object? Normalize(object? value) => value switch
    {
        IDictionary<object, object?> map => map.ToDictionary(m => (string)m.Key, m => Normalize(m.Value)),
        object?[] list => list.Select(Normalize).ToList(),
        _ => value,
    };

    private static async Task PostCaseAsync(HttpClient ingest, string id)
    {
        var posted = await ingest.PostAsJsonAsync("/api/v1/cases", new
        {
            externalId = id, source = "hotline", categoryCode = "manhole", regionCode = "S01",
            description = "井盖缺失", reporterPhone = "13812345678", isUrgent = false,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, posted.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeltaClient_TwoCasesPosted_PatchesRebuildExactlyTheWholeSnapshots(bool messagePack)
    {
        using var factory = new LiveAppFactory();
        await DashboardHubTests.SeedReferenceAsync(factory.Services);
        var keys = factory.Services.GetRequiredService<ApiKeyStore>();
        var read = await keys.CreateAsync("hub-reader", [ApiScopes.Read]);
        var ingest = factory.CreateClient();
        ingest.DefaultRequestHeaders.Add("X-Api-Key", await keys.CreateAsync("hub-writer", [ApiScopes.Ingest]));
        await using var whole = await ConnectAsync(factory, read!, deltas: false, messagePack: false);
        await using var delta = await ConnectAsync(factory, read!, deltas: true, messagePack);
        var (firstMethod, first) = await delta.NextAsync();
        Assert.Equal(DashboardHub.SnapshotMethod, firstMethod);
        var held = first!.AsObject();
        Assert.True(held["today"]?["reported"]?["value"] is not null, held.ToJsonString()[..Math.Min(600, held.ToJsonString().Length)]);
        var wholes = new Dictionary<long, JsonNode>();

        await PostCaseAsync(ingest, $"delta-1-{messagePack}");
        await PostCaseAsync(ingest, $"delta-2-{messagePack}");

        var deltasApplied = 0;
        var reported = held["today"]!["reported"]!["value"]!.GetValue<long>();
        while (held["today"]!["reported"]!["value"]!.GetValue<long>() < reported + 2)
        {
            var (method, body) = await delta.NextAsync();
            if (method == DashboardHub.SnapshotMethod)
            {
                held = body!.AsObject();
                continue;
            }
            var from = body!["from"]!.GetValue<long>();
            if (from != held["version"]!.GetValue<long>()) continue;   // a delta for a version before the one held
            held = MergePatch.Apply(held, body["patch"])!.AsObject();
            Assert.Equal(body["to"]!.GetValue<long>(), held["version"]!.GetValue<long>());
            deltasApplied++;
        }

        Assert.True(deltasApplied > 0, "the case posts arrived as deltas");
        // The whole-snapshot client received the same version: the patched document is that document, member for member
        // (the patch removes members that became null, so those are compared as missing).
        var version = held["version"]!.GetValue<long>();
        while (!wholes.ContainsKey(version))
        {
            var (_, body) = await whole.NextAsync();
            wholes[body!["version"]!.GetValue<long>()] = body;
        }
        Assert.True(JsonNode.DeepEquals(WithoutNulls(wholes[version]), WithoutNulls(held)),
            $"patched: {held.ToJsonString()}\nwhole:   {wholes[version].ToJsonString()}");
        Assert.DoesNotContain("13812345678", held.ToJsonString());
    }

    [Fact]
    public async Task Resync_ReturnsTheWholeCurrentDocument()
    {
        using var factory = new LiveAppFactory();
        await DashboardHubTests.SeedReferenceAsync(factory.Services);
        var read = await factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("hub-reader", [ApiScopes.Read]);
        await using var delta = await ConnectAsync(factory, read!, deltas: true, messagePack: false);
        var (_, first) = await delta.NextAsync();

        var resync = await delta.Connection.InvokeAsync<JsonElement>(nameof(DashboardHub.Resync));
        var currentAfter = factory.Services.GetRequiredService<CommandCenter.Domain.Dashboard.IDashboardFeed>().Current!.Version;

        // The current document: the one first received, or a later one the node published since (a re-projection as a
        // deadline or the business day passes needs no event), never an older one; and whole, not a difference.
        Assert.InRange(resync.GetProperty("version").GetInt64(), first!["version"]!.GetValue<long>(), currentAfter);
        Assert.True(resync.GetProperty("today").TryGetProperty("reported", out _));
        Assert.True(resync.TryGetProperty("streetRanking", out _));
    }

    private static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(m => m.Value is not null).Select(m => KeyValuePair.Create(m.Key, WithoutNulls(m.Value)))),
        JsonArray a => new JsonArray(a.Select(WithoutNulls).ToArray()),
        _ => node?.DeepClone(),
    };
}
