using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommandCenter.Tests.Security;

/// <summary>The per-address limit of sign-in posts keys clients as the sign-in lock does: IPv4 by address, IPv6 by its /64.</summary>
public sealed class SignInRateLimitTests
{
    private static async Task<int> PostLoginFromAsync(WebApplicationFactory<Program> app, string remoteIp)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("localhost");
            c.Request.Path = "/login";
            c.Connection.RemoteIpAddress = IPAddress.Parse(remoteIp);
        });
        return context.Response.StatusCode;
    }

    [Fact]
    public async Task LoginPosts_AddressesOfOneIpv6Slash64_ShareOneLimit()
    {
        using var baseFactory = new SecurityAppFactory();
        using var app = baseFactory.WithWebHostBuilder(b => b.UseSetting("Security:LoginPostsPerMinute", "2"));

        Assert.NotEqual(StatusCodes.Status429TooManyRequests, await PostLoginFromAsync(app, "2001:db8:0:7::1"));
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, await PostLoginFromAsync(app, "2001:db8:0:7::2"));

        Assert.Equal(StatusCodes.Status429TooManyRequests, await PostLoginFromAsync(app, "2001:db8:0:7:ffff::9"));
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, await PostLoginFromAsync(app, "2001:db8:0:8::1"));
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, await PostLoginFromAsync(app, "192.0.2.10"));
    }
}
