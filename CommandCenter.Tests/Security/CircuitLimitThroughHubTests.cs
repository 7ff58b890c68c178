using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Security;
using MessagePack;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Security;

/// <summary>
/// The circuit limit through the real circuit endpoint: a minimal Blazor client (the blazorpack protocol over a WebSocket of
/// the test server) opens the wall page's circuits as one display device, the way blazor.web.js does.
/// </summary>
public sealed partial class CircuitLimitThroughHubTests
{
    [Fact]
    public async Task SecondCircuitOfADeviceWithALimitOfOne_IsRefused_UntilTheFirstTabCloses()
    {
        using var app = new SecurityAppFactory();
        using var factory = app.WithWebHostBuilder(b => b.UseSetting("Security:MaxCircuitsPerUser", "1"));
        var open = factory.Services.GetRequiredService<OpenCircuits>();
        var devices = factory.Services.GetRequiredService<DisplayDeviceStore>();
        var hall = await DeviceCookieAsync(factory, devices, "hall");
        var lobby = await DeviceCookieAsync(factory, devices, "lobby");
        var hallOwner = $"device:{(await devices.ListAsync()).Single(d => d.Name == "hall").Id}";

        await using var first = await CircuitClient.OpenAsync(factory, hall);
        // A second tab opened at the same instant: its page was served before the first circuit started, so only the hub
        // filter can refuse it (a page asked for later is a 429 before any circuit, CircuitLimitPageTests).
        var second = await CircuitClient.OpenAsync(factory, hall);
        Assert.Equal(CircuitOutcome.Rendered, await first.StartAsync());
        Assert.Equal(1, open.CountOf(hallOwner));

        await using (second)
            Assert.Equal(CircuitOutcome.Refused, await second.StartAsync());
        Assert.Equal(1, open.CountOf(hallOwner));
        using (var page = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }))
        {
            page.DefaultRequestHeaders.Add("Cookie", hall);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await page.GetAsync("/wall/overview")).StatusCode);
        }

        await using (var other = await CircuitClient.OpenAsync(factory, lobby))
            Assert.Equal(CircuitOutcome.Rendered, await other.StartAsync());

        // The first tab closes (the page's unload beacon): its circuit is released and the next one opens.
        using var beacon = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        beacon.DefaultRequestHeaders.Add("Cookie", hall);
        using var closed = await beacon.PostAsync("/_blazor/disconnect",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["circuitId"] = first.CircuitSecret! }));
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(0, open.CountOf(hallOwner));
        await using var third = await CircuitClient.OpenAsync(factory, hall);
        Assert.Equal(CircuitOutcome.Rendered, await third.StartAsync());
    }

    /// <summary>The session cookie a wall screen gets from its device link.</summary>
    private static async Task<string> DeviceCookieAsync(WebApplicationFactory<Program> factory, DisplayDeviceStore devices, string name)
    {
        var token = await devices.CreateAsync(name);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var response = await client.GetAsync($"/wall?device={token}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".CommandCenter.Auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    private enum CircuitOutcome { Rendered, Refused }

    /// <summary>One browser tab: the prerendered page's component markers, then StartCircuit and UpdateRootComponents.</summary>
    private sealed class CircuitClient : IAsyncDisposable
    {
        private readonly WebSocket _socket;
        private readonly List<string> _markers;

        private CircuitClient(WebSocket socket, List<string> markers)
        {
            _socket = socket;
            _markers = markers;
        }

        public static async Task<CircuitClient> OpenAsync(WebApplicationFactory<Program> factory, string cookie)
        {
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            client.DefaultRequestHeaders.Add("Cookie", cookie);
            var html = await client.GetStringAsync("/wall/overview");
            var markers = Marker().Matches(html).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(markers);

            var ws = factory.Server.CreateWebSocketClient();
            ws.ConfigureRequest = r => r.Headers.Cookie = cookie;
            var socket = await ws.ConnectAsync(new Uri(factory.Server.BaseAddress, "_blazor"), CancellationToken.None);
            await socket.SendAsync("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            var handshake = await ReceiveAsync(socket);
            Assert.StartsWith("{}", Encoding.UTF8.GetString(handshake));
            return new CircuitClient(socket, markers);
        }

        /// <summary>The secret the page sends to reconnect, or to close its circuit when the tab closes.</summary>
        public string? CircuitSecret { get; private set; }

        public async Task<CircuitOutcome> StartAsync()
        {
            await SendAsync(Invocation("1", "StartCircuit", "http://localhost/", "http://localhost/wall/overview", "[]", ""));
            var error = false;
            while (CircuitSecret is null)
                foreach (var message in await NextMessagesAsync())
                {
                    if (message is { Type: 1, Target: "JS.Error" }) error = true;
                    if (message.Type is not (3 or 7)) continue;
                    if (message.Result is null)
                    {
                        // Refused before a circuit exists: the error bar is shown (JS.Error), and no circuit id comes back
                        // or the connection is closed first.
                        Assert.True(error, "StartCircuit gave no circuit without JS.Error");
                        return CircuitOutcome.Refused;
                    }
                    CircuitSecret = message.Result;
                }

            var operations = _markers.Select((marker, i) =>
            {
                using var json = JsonDocument.Parse(marker);
                return new Dictionary<string, object> { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = json.RootElement.Clone() };
            }).ToList();
            await SendAsync(Invocation(null, "UpdateRootComponents", JsonSerializer.Serialize(new { batchId = 1, operations }), ""));
            while (true)
                foreach (var message in await NextMessagesAsync())
                {
                    if (message is { Type: 1, Target: "JS.Error" }) return CircuitOutcome.Refused;
                    if (message is { Type: 1, Target: "JS.EndUpdateRootComponents" }) return CircuitOutcome.Rendered;
                }
        }

        private sealed record Message(int Type, string? Target, string? Result);

        private async Task<List<Message>> NextMessagesAsync()
        {
            var data = new ReadOnlyMemory<byte>(await ReceiveAsync(_socket));
            // The server closed the socket: reported as a close message (type 7).
            if (data.IsEmpty) return [new Message(7, null, null)];
            var messages = new List<Message>();
            while (data.Length > 0)
            {
                // Each message: its length as a 7-bit varint, then a MessagePack array [type, headers, …].
                int length = 0, shift = 0, read = 0;
                byte b;
                do
                {
                    b = data.Span[read++];
                    length |= (b & 0x7f) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                messages.Add(Parse(data.Slice(read, length)));
                data = data[(read + length)..];
            }
            return messages;
        }

        private static Message Parse(ReadOnlyMemory<byte> body)
        {
            var reader = new MessagePackReader(body);
            reader.ReadArrayHeader();
            var type = reader.ReadInt32();
            if (type == 1)
            {
                reader.Skip(); // headers
                reader.Skip(); // invocation id
                return new Message(type, reader.ReadString(), null);
            }
            if (type == 3)
            {
                reader.Skip(); // headers
                reader.Skip(); // invocation id
                var kind = reader.ReadInt32();
                // 1: an error, 2: no result, 3: the result (the circuit secret, nil when no circuit was started).
                return new Message(type, null, kind == 3 && !reader.TryReadNil() ? reader.ReadString() : null);
            }
            return new Message(type, null, null);
        }

        private static byte[] Invocation(string? invocationId, string target, params string[] arguments)
        {
            var body = new ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(body);
            writer.WriteArrayHeader(6);
            writer.Write(1);
            writer.WriteMapHeader(0);
            if (invocationId is null) writer.WriteNil();
            else writer.Write(invocationId);
            writer.Write(target);
            writer.WriteArrayHeader(arguments.Length);
            foreach (var argument in arguments) writer.Write(argument);
            writer.WriteArrayHeader(0);
            writer.Flush();
            var framed = new List<byte>();
            var length = body.WrittenCount;
            do
            {
                var b = (byte)(length & 0x7f);
                length >>= 7;
                framed.Add(length > 0 ? (byte)(b | 0x80) : b);
            } while (length > 0);
            framed.AddRange(body.WrittenSpan.ToArray());
            return [.. framed];
        }

        private Task SendAsync(byte[] message) =>
            _socket.SendAsync(message, WebSocketMessageType.Binary, true, CancellationToken.None);

        private static async Task<byte[]> ReceiveAsync(WebSocket socket)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close) return [];
                message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);
            return message.ToArray();
        }

        public async ValueTask DisposeAsync()
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            _socket.Dispose();
        }
    }

    [GeneratedRegex("<!--Blazor:(\\{\"type\":\"server\".*?\\})-->")]
    private static partial Regex Marker();
}
