using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Apis;

/// <summary>A client that stops sending in the middle of its body, over a real socket (Kestrel, not the in-memory test server).</summary>
public sealed class AbortedBodyTests
{
    [Fact]
    public async Task PostCase_BodyEndsBeforeItsContentLength_NotAServerErrorAndWritesNothing()
    {
        using var app = new IntakeAppFactory();
        app.UseKestrel(0);
        app.StartServer();
        using var keyed = await app.IngestClientAsync();
        var key = keyed.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        var server = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var before = app.Counts();

        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(server.Host, server.Port);
            var request = "POST /api/v1/cases HTTP/1.1\r\n" +
                          $"Host: {server.Authority}\r\nX-Api-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n" +
                          "{\"source\":\"hotline\",\"categoryCode\":";
            await socket.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request));
            // The endpoint runs and reads the part of the body that came; then the client goes away.
            await app.Logs.WaitForAsync(e => e.Message.StartsWith("Executing endpoint 'HTTP: POST /api/v1/cases", StringComparison.Ordinal));
        }
        var finished = await app.Logs.WaitForAsync(e => e.Message.StartsWith("Request finished HTTP/1.1 POST", StringComparison.Ordinal));

        // "Request finished HTTP/1.1 POST http://…/api/v1/cases - 400 - application/problem+json 3.1ms": the 400 answered, or
        // 499 when Kestrel saw the connection gone first (its code for "client closed request"); never a 500.
        Assert.Matches(@"/api/v1/cases - (400|499) ", finished.Message);
        Assert.Equal(before, app.Counts());
        var logs = app.Logs.Entries;
        Assert.DoesNotContain(logs, e => e.Level >= LogLevel.Warning && e.Exception is not null);
        Assert.Contains(logs, e => e.Category == "CommandCenter.Apis.ApiBody" && e.Level <= LogLevel.Information);
    }
}
