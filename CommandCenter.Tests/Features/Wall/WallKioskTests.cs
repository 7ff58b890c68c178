using System.Net;
using CommandCenter.Features.Wall;
using CommandCenter.Security;
using CommandCenter.Tests.Security;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Features.Wall;

public sealed class WallKioskTests
{
    [Fact]
    public async Task WallLink_BoardPath_KeepsTheBoardAndSignsTheScreenInForMoreThanAYear()
    {
        using var factory = new SecurityAppFactory();
        var token = await factory.Service<DisplayDeviceStore>().CreateAsync("hall-roads");
        using var client = factory.NewClient();

        var exchange = await client.GetAsync($"/wall/roads?device={token}");

        Assert.Equal(HttpStatusCode.Redirect, exchange.StatusCode);
        Assert.Equal("/wall/roads", exchange.Headers.Location?.OriginalString);
        var cookie = Assert.Single(exchange.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".CommandCenter.Auth", StringComparison.Ordinal));
        var expires = DateTimeOffset.Parse(cookie.Split(';').Select(p => p.Trim())
            .Single(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase))["expires=".Length..]);
        Assert.True(expires > DateTimeOffset.UtcNow.AddDays(365), $"the display cookie expires {expires}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wall/roads")).StatusCode);
    }

    [Theory]
    [InlineData("/wall/roads/extra")]
    [InlineData("/admin/users")]
    [InlineData("/wallpaper")]
    public async Task DeviceToken_OutsideTheWall_SignsNothingIn(string path)
    {
        using var factory = new SecurityAppFactory();
        var token = await factory.Service<DisplayDeviceStore>().CreateAsync("hall-elsewhere");
        using var client = factory.NewClient();

        var response = await client.GetAsync($"{path}?device={token}");

        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(".CommandCenter.Auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WallPage_UnknownBoard_IsTheWallsOwnNoSuchBoardScreen()
    {
        using var factory = new SecurityAppFactory();
        var (client, _) = await factory.DisplayClientAsync("hall-typo");

        var response = await client.GetAsync("/wall/nonsense");

        // Issue 15: the wall's own screen, not the office's "not found" page (404) with its menu and sign-out.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"unknown-board\"", page);
        Assert.Contains("class=\"wall\"", page);
        Assert.DoesNotContain("data-testid=\"logout\"", page);
        Assert.DoesNotContain("mud-navmenu", page);
    }

    [Fact]
    public async Task WallPage_UnknownBoard_StillNeedsTheWallsSignIn()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();

        var response = await client.GetAsync("/wall/nonsense");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task DeviceRotation_SetByAnAdmin_IsWhatTheWallReadsOnceTheCacheIsForgotten()
    {
        using var db = TestDatabase.CreateMigrated();
        var store = new DisplayDeviceStore(db.Connections, TimeProvider.System);
        await store.CreateAsync("hall-left");
        var id = (await store.ListAsync()).Single().Id;
        var settings = new WallDeviceSettings(store, new MemoryCache(new MemoryCacheOptions()), Options.Create(new WallOptions()));
        var before = await settings.ForDeviceAsync(id);

        Assert.True(await store.SetRotationAsync(id, "roads,methods", 45));
        var cached = await settings.ForDeviceAsync(id);
        settings.Forget(id);
        var after = await settings.ForDeviceAsync(id);

        Assert.Equal(WallPlaylist.All, before.Boards);
        Assert.Equal(30, before.Seconds);
        Assert.Equal(before, cached);
        Assert.Equal([WallBoard.Roads, WallBoard.Methods], after.Boards);
        Assert.Equal(45, after.Seconds);
        Assert.False(await store.SetRotationAsync(id + 99, null, 20));
    }
}
