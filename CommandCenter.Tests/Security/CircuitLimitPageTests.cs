using System.Net;
using CommandCenter.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Security;

/// <summary>A page asked for by someone already at the circuit limit says so, instead of opening a circuit that is refused.</summary>
public sealed class CircuitLimitPageTests
{
    [Fact]
    public async Task PageRequest_AtTheCircuitLimit_Is429SayingWhyUntilACircuitCloses()
    {
        using var baseFactory = new SecurityAppFactory();
        using var app = baseFactory.WithWebHostBuilder(b => b.UseSetting("Security:MaxCircuitsPerUser", "1"));
        var password = Secrets.NewPassword();
        Assert.True(await app.Services.GetRequiredService<UserStore>().CreateAsync("staff9", password,
            new UserEdit("staff9", [Roles.Staff], HasPii: false, LeaderId: null)));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityAppFactory.PostLoginAsync(client, "staff9", password)).StatusCode);
        var owner = $"user:{(await app.Services.GetRequiredService<UserStore>().FindAsync("staff9"))!.Id}";
        var open = app.Services.GetRequiredService<OpenCircuits>();
        Assert.True(open.TryOpen(owner, 1)); // the one tab this account may have

        using var refused = await client.GetAsync("/reports");
        var text = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("打开的页面过多", text, StringComparison.Ordinal);
        Assert.Contains("已打开 1 个页面", text, StringComparison.Ordinal);

        open.Close(owner);
        using var served = await client.GetAsync("/reports");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task StaticResourcesAndTheSignInPage_AtTheCircuitLimit_AreStillServed()
    {
        using var baseFactory = new SecurityAppFactory();
        using var app = baseFactory.WithWebHostBuilder(b => b.UseSetting("Security:MaxCircuitsPerUser", "1"));
        var password = Secrets.NewPassword();
        await app.Services.GetRequiredService<UserStore>().CreateAsync("staff10", password,
            new UserEdit("staff10", [Roles.Staff], HasPii: false, LeaderId: null));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SecurityAppFactory.PostLoginAsync(client, "staff10", password);
        var owner = $"user:{(await app.Services.GetRequiredService<UserStore>().FindAsync("staff10"))!.Id}";
        app.Services.GetRequiredService<OpenCircuits>().TryOpen(owner, 1);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/reference")).StatusCode);
    }
}
