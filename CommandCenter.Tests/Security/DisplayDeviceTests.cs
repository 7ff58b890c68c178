using System.Net;
using CommandCenter.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Security;

public sealed class DisplayDeviceTests
{
    [Fact]
    public async Task WallLink_LiveToken_BecomesPersistentCookieAndTokenLeavesUrl()
    {
        using var factory = new SecurityAppFactory();
        var token = await factory.Service<DisplayDeviceStore>().CreateAsync("hall-left");
        using var client = factory.NewClient();

        var exchange = await client.GetAsync($"/wall?device={token}");

        Assert.Equal(HttpStatusCode.Redirect, exchange.StatusCode);
        Assert.Equal("/wall", exchange.Headers.Location?.OriginalString);
        var cookie = Assert.Single(exchange.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".CommandCenter.Auth", StringComparison.Ordinal));
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wall")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task WallLink_UnknownToken_GoesToDeviceRevoked()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();

        var response = await client.GetAsync("/wall?device=ccd_nonsense");

        Assert.Equal("/device-revoked", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/device-revoked")).StatusCode);
    }

    [Fact]
    public async Task Wall_DeviceRevoked_NextRequestGoesToDeviceRevokedPage()
    {
        using var factory = new SecurityAppFactory();
        var (client, deviceId) = await factory.DisplayClientAsync("hall-right");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wall")).StatusCode);

        await factory.Service<DisplayDeviceStore>().RevokeAsync(deviceId);

        var response = await client.GetAsync("/wall");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/device-revoked", response.Headers.Location?.OriginalString);
        // The cookie is gone: the screen stays out.
        Assert.Contains("/login", (await client.GetAsync("/wall")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Circuit_DeviceRevoked_RevalidationSignsOutAndFlagsDevice()
    {
        using var factory = new SecurityAppFactory();
        var (_, deviceId) = await factory.DisplayClientAsync("hall-centre");
        var device = (await factory.Service<DisplayDeviceStore>().ListAsync()).Single(d => d.Id == deviceId);
        using var scope = factory.Services.CreateScope();
        var provider = scope.ServiceProvider.GetRequiredService<RevalidatingAuthStateProvider>();
        Assert.IsAssignableFrom<Microsoft.AspNetCore.Components.Server.RevalidatingServerAuthenticationStateProvider>(provider);
        var validator = factory.Service<PrincipalValidator>();
        var principal = SignInService.CreateDevicePrincipal(device);
        Assert.True(await validator.IsValidAsync(principal));

        await factory.Service<DisplayDeviceStore>().RevokeAsync(deviceId);

        Assert.False(await validator.IsValidAsync(principal));
        Assert.True(factory.Service<IOptions<SecurityOptions>>().Value.RevalidationInterval <= TimeSpan.FromSeconds(30));
    }
}
