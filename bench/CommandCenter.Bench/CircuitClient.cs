using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// blazorpack, the hub protocol blazor.web.js asks <c>/_blazor</c> for: SignalR's MessagePack protocol under Blazor's own
/// name (the server's ComponentHub accepts no other). Version 2, as the server's.
/// </summary>
internal sealed class BlazorPackProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol _messagePack = new();

    public string Name => "blazorpack";
    public int Version => 2;
    public TransferFormat TransferFormat => TransferFormat.Binary;
    public bool IsVersionSupported(int version) => version <= Version;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _messagePack.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _messagePack.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _messagePack.GetMessageBytes(message);
}

/// <summary>
/// One wall screen without a browser: what blazor.web.js does for <c>/wall/overview</c>, over SignalR, and nothing a
/// browser does with the DOM. It signs in as a display device (<c>?device=TOKEN</c> → cookie, as a screen is set up),
/// reads the prerendered page's server component markers (<c>&lt;!--Blazor:{…}--&gt;</c>, with their protected descriptor)
/// and its persisted state, connects to <c>/_blazor</c> with blazorpack over WebSockets, calls <c>StartCircuit</c> with
/// no initial components and then <c>UpdateRootComponents</c> adding each marker (the order blazor.web.js uses since
/// .NET 8), acknowledges every render batch with <c>OnRenderCompleted</c> (the server holds back further batches until
/// it does), and answers every JS interop call with a plausible result (<c>import</c> → a new JS object reference, the
/// wall module's <c>start</c> and the ApexCharts wrapper's <c>create</c>/<c>updateSeries</c>/… → done). Each render batch is
/// counted with its bytes, and the wall's <c>data-version</c> attribute (the snapshot version it shows) is read from
/// the batch's string table, so a snapshot can be timed to the circuit.
/// </summary>
internal sealed partial class WallCircuitClient : IAsyncDisposable
{
    private const int JSObjectReferenceResult = 1;
    private const int JSStreamReferenceResult = 2;

    private readonly HttpClient _http;
    private readonly CookieContainer _cookies = new();
    private readonly TaskCompletionSource _live = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly List<(long Version, DateTime ArrivedUtc)> _versions = [];
    private readonly Dictionary<string, int> _jsCalls = [];
    private HubConnection? _connection;
    private long _nextJSObjectId = 1;

    private string? _circuitId;

    public WallCircuitClient(string baseUrl)
    {
        BaseUrl = baseUrl.TrimEnd('/');
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = true }) { BaseAddress = new Uri(BaseUrl) };
    }

    public string BaseUrl { get; }

    /// <summary>Render batches received (and acknowledged) so far.</summary>
    public long Batches { get; private set; }

    /// <summary>Their payload bytes (the render batch itself, not the SignalR framing).</summary>
    public long BatchBytes { get; private set; }

    /// <summary>The first error the server sent (<c>JS.Error</c>) or a failed step of the client; null while all is well.</summary>
    public string? Error { get; private set; }

    /// <summary>Completes when the wall module's <c>start</c> ran: the circuit is interactive (Chromium's <c>data-live</c>).</summary>
    public Task Live => _live.Task;

    /// <summary>Every change of the wall's <c>data-version</c>: the snapshot version a render batch brought, and when it arrived.</summary>
    public IReadOnlyList<(long Version, DateTime ArrivedUtc)> Versions
    {
        get { lock (_gate) return [.. _versions]; }
    }

    /// <summary>JS interop calls answered, by identifier (<c>import</c>, <c>start</c>, <c>create</c>, …).</summary>
    public IReadOnlyDictionary<string, int> JSCalls
    {
        get { lock (_gate) return new Dictionary<string, int>(_jsCalls); }
    }

    /// <summary>Signs in with the display token, loads <paramref name="path"/> and starts its circuit.</summary>
    public async Task StartAsync(string path, string deviceToken)
    {
        using var page = await _http.GetAsync($"{path}?device={Uri.EscapeDataString(deviceToken)}");
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        var uri = page.RequestMessage!.RequestUri!.ToString();
        var markers = ServerMarkers(html);
        if (markers.Count == 0) throw new InvalidOperationException($"{uri} has no server component marker (signed in?)");
        var state = ServerState().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

        var builder = new HubConnectionBuilder()
            .WithUrl(BaseUrl + "/_blazor", o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Cookies = _cookies;
            });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        _connection = builder.Build();
        // The server keeps its default 30 s keep-alive; the browser's 30 s server timeout, as blazor.web.js configures it.
        _connection.ServerTimeout = TimeSpan.FromSeconds(30);
        _connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        _connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnBeginInvokeJSAsync);
        _connection.On<string>("JS.Error", error =>
        {
            Error ??= error;
            _live.TrySetException(new InvalidOperationException(error));
        });
        // Sent to the browser but with nothing for a screen without a DOM to do.
        _connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        _connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        _connection.On<string, bool, string>("JS.EndInvokeDotNet", (_, _, _) => { });
        _connection.Closed += e =>
        {
            if (e is not null) Error ??= e.Message;
            _live.TrySetException(new InvalidOperationException($"circuit connection closed: {e?.Message}"));
            return Task.CompletedTask;
        };
        await _connection.StartAsync();

        var baseUri = BaseUrl + "/";
        var circuitId = await _connection.InvokeAsync<string?>("StartCircuit", baseUri, uri, "[]", state);
        _circuitId = circuitId ?? throw new InvalidOperationException($"StartCircuit refused: {Error}");
        var operations = new JsonObject
        {
            ["batchId"] = 1,
            ["operations"] = new JsonArray([.. markers.Select((marker, i) => (JsonNode)new JsonObject
            {
                ["type"] = "add",
                ["ssrComponentId"] = i + 1,
                ["marker"] = marker,
            })]),
        };
        await _connection.SendAsync("UpdateRootComponents", operations.ToJsonString(), state);
    }

    /// <summary>The page's server component start markers in document order by sequence, as blazor.web.js discovers them.</summary>
    internal static List<JsonObject> ServerMarkers(string html) =>
    [
        .. Marker().Matches(html)
            .Select(m => JsonNode.Parse(m.Groups[1].Value) as JsonObject)
            .OfType<JsonObject>()
            .Where(o => (string?)o["type"] == "server" && o["descriptor"] is not null)
            .OrderBy(o => (int?)o["sequence"] ?? 0),
    ];

    private async Task OnRenderBatchAsync(long batchId, byte[] batch)
    {
        var arrived = DateTime.UtcNow;
        var version = WallVersion(batch);
        lock (_gate)
        {
            Batches++;
            BatchBytes += batch.Length;
            if (version is { } v && (_versions.Count == 0 || _versions[^1].Version != v)) _versions.Add((v, arrived));
        }
        // The browser applies the batch to the DOM, then says so; the server sends nothing newer until it has.
        await _connection!.SendAsync("OnRenderCompleted", batchId, (string?)null);
    }

    private async Task OnBeginInvokeJSAsync(object?[] args)
    {
        var (handle, identifier, resultType) = ((long)args[0]!, (string)args[1]!, (int)args[3]!);
        lock (_gate) _jsCalls[identifier] = _jsCalls.GetValueOrDefault(identifier) + 1;
        if (identifier == "start") _live.TrySetResult();
        if (handle == 0) return;
        string answer;
        if (resultType == JSStreamReferenceResult)
        {
            answer = JsonSerializer.Serialize(new object[] { handle, false, "no streams from a browserless wall" });
            await _connection!.SendAsync("EndInvokeJSFromDotNet", handle, false, answer);
            return;
        }
        object? result = resultType == JSObjectReferenceResult
            ? new Dictionary<string, long> { ["__jsObjectId"] = Interlocked.Increment(ref _nextJSObjectId) }
            : BrowserAnswer(identifier);
        answer = JsonSerializer.Serialize(new object?[] { handle, true, result });
        await _connection!.SendAsync("EndInvokeJSFromDotNet", handle, true, answer);
    }

    /// <summary>
    /// What a browser with the app's scripts answers to a call that returns a value: MudBlazor asks whether its script is
    /// there (<c>window.hasOwnProperty("mudElementRef")</c>, true); Blazor's page-title lookup may be null; every other call
    /// the wall makes is void (the wall module, the ApexCharts wrapper, Blazor's own set-up).
    /// </summary>
    private static object? BrowserAnswer(string identifier) => identifier == "window.hasOwnProperty" ? true : null;

    /// <summary>
    /// The value of the wall's <c>data-version</c> attribute when the batch sets it, from the batch's string table: the
    /// batch ends with its section offsets, the last of them where the table of string locations starts; strings are
    /// .NET BinaryWriter strings, an attribute's name is written just before its value, and a name only once per batch.
    /// Null when the batch does not set it (or its string table does not read back consistently).
    /// </summary>
    internal static long? WallVersion(byte[] batch)
    {
        if (batch.Length < 8) return null;
        var locations = BitConverter.ToInt32(batch, batch.Length - 4);
        if (locations < 0 || locations + 4 > batch.Length - 4) return null;
        var first = BitConverter.ToInt32(batch, locations);
        if (first < 0 || first >= locations) return null;
        var strings = new List<string>();
        using (var reader = new BinaryReader(new MemoryStream(batch, first, locations - first), Encoding.UTF8))
        {
            try
            {
                while (reader.BaseStream.Position < reader.BaseStream.Length)
                {
                    var at = first + (int)reader.BaseStream.Position;
                    var slot = locations + 4 * strings.Count;
                    if (slot + 4 > batch.Length || BitConverter.ToInt32(batch, slot) != at) return null;
                    strings.Add(reader.ReadString());
                }
            }
            catch (Exception e) when (e is EndOfStreamException or FormatException)
            {
                return null;
            }
        }
        var name = strings.IndexOf("data-version");
        return name >= 0 && name + 1 < strings.Count && long.TryParse(strings[name + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : null;
    }

    /// <summary>
    /// Leaves as a browser tab that is closed does: blazor.web.js sends <c>POST /_blazor/disconnect</c> with the circuit id
    /// (a beacon on <c>pagehide</c>) so the server disposes the circuit at once instead of keeping it for its disconnected
    /// circuit retention period (3 minutes), then the connection closes.
    /// </summary>
    public async Task LeaveAsync()
    {
        if (_circuitId is { } id)
        {
            using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("circuitId", id)]);
            using var response = await _http.PostAsync("/_blazor/disconnect", form);
            _circuitId = null;
        }
        if (_connection is not null) await _connection.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _http.Dispose();
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex ServerState();
}
