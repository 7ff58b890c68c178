using System.Security.Claims;
using CommandCenter.Extensions;
using CommandCenter.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Security;

/// <summary>The per-user cap on live Blazor circuits: the counter, the circuit handler, and how the app wires them.</summary>
public sealed class CircuitLimitTests
{
    private sealed class FixedUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private static ClaimsPrincipal Person(string id, string name) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(SecurityClaims.UserId, id)], "test"));

    private static ClaimsPrincipal Device(string id) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "hall"), new Claim(SecurityClaims.DeviceId, id)], "test"));

    private static CircuitLimitHandler Tab(OpenCircuits open, int max) =>
        new(open, new FixedUser(new ClaimsPrincipal()), Options.Create(new SecurityOptions { MaxCircuitsPerUser = max }),
            NullLogger<CircuitLimitHandler>.Instance);

    [Fact]
    public void Counter_RefusesTheCircuitOverTheLimit_UntilOneCloses()
    {
        var open = new OpenCircuits();

        Assert.True(open.TryOpen("user:1", 2));
        Assert.True(open.TryOpen("user:1", 2));
        Assert.False(open.TryOpen("user:1", 2));
        Assert.True(open.TryOpen("user:2", 2));
        open.Close("user:1");
        Assert.Equal(1, open.CountOf("user:1"));
        Assert.True(open.TryOpen("user:1", 2));
        Assert.Equal(2, open.CountOf("user:1"));
        Assert.Equal(1, open.CountOf("user:2"));
    }

    [Fact]
    public void Counter_AfterEveryCircuitCloses_HoldsNothingForTheOwner()
    {
        var open = new OpenCircuits();
        for (var i = 0; i < 3; i++) Assert.True(open.TryOpen("user:1", 3));

        for (var i = 0; i < 3; i++) open.Close("user:1");

        Assert.Equal(0, open.CountOf("user:1"));
        Assert.True(open.TryOpen("user:1", 1));
    }

    [Fact]
    public void Owner_IsTheDeviceForAWallScreen_AndTheAccountForAPerson()
    {
        Assert.Equal("device:7", OpenCircuits.OwnerOf(Device("7")));
        Assert.NotEqual(OpenCircuits.OwnerOf(Device("7")), OpenCircuits.OwnerOf(Device("8")));
        Assert.Equal("user:42", OpenCircuits.OwnerOf(Person("42", "wang")));
        Assert.NotEqual(OpenCircuits.OwnerOf(Person("42", "wang")), OpenCircuits.OwnerOf(Person("43", "li")));
    }

    [Fact]
    public void Handler_ThirdTabOfAPersonWithALimitOfTwo_IsRefused_AndFreesNothingWhenItCloses()
    {
        var open = new OpenCircuits();
        var user = Person("42", "wang");
        var first = Tab(open, 2);
        var second = Tab(open, 2);
        var third = Tab(open, 2);
        first.Open(user);
        second.Open(user);

        var refused = Assert.Throws<CircuitLimitExceededException>(() => third.Open(user));
        third.Close();

        Assert.Contains("Security:MaxCircuitsPerUser", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, open.CountOf("user:42"));
        first.Close();
        Assert.Equal(1, open.CountOf("user:42"));
        Tab(open, 2).Open(user);
        Assert.Equal(2, open.CountOf("user:42"));
    }

    [Fact]
    public void Handler_WallScreensCountPerDevice()
    {
        var open = new OpenCircuits();

        Tab(open, 1).Open(Device("1"));
        Tab(open, 1).Open(Device("2"));

        Assert.Throws<CircuitLimitExceededException>(() => Tab(open, 1).Open(Device("1")));
        Assert.Equal(1, open.CountOf("device:1"));
        Assert.Equal(1, open.CountOf("device:2"));
    }

    [Fact]
    public void Handler_ClosingTwice_ReleasesOnce()
    {
        var open = new OpenCircuits();
        var user = Person("42", "wang");
        var tab = Tab(open, 5);
        tab.Open(user);
        Tab(open, 5).Open(user);

        tab.Close();
        tab.Close();

        Assert.Equal(1, open.CountOf("user:42"));
    }

    [Fact]
    public void App_RegistersTheHandlerPerCircuit_AndTheRetentionFromSettings()
    {
        using var app = new SecurityAppFactory();
        using var factory = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:MaxCircuitsPerUser", "3");
            b.UseSetting("Security:DisconnectedCircuitMaxRetained", "40");
            b.UseSetting("Security:DisconnectedCircuitRetention", "00:01:30");
        });

        using var scope = factory.Services.CreateScope();
        Assert.Contains(scope.ServiceProvider.GetServices<CircuitHandler>(), h => h is CircuitLimitHandler);
        Assert.Equal(3, factory.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.MaxCircuitsPerUser);
        var circuits = factory.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        Assert.Equal(40, circuits.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromSeconds(90), circuits.DisconnectedCircuitRetentionPeriod);
    }

    [Theory]
    [InlineData("Security:MaxCircuitsPerUser", "0", "MaxCircuitsPerUser")]
    [InlineData("Security:CookieSecurePolicy", "None", "CookieSecurePolicy")]
    public void App_InvalidSetting_DoesNotStart(string key, string value, string named)
    {
        // The app's own registrations and the check the host runs when it starts (IStartupValidator), without starting
        // a host whose background services would race the failed start.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["Demo:Enabled"] = "false";
        builder.Configuration[key] = value;
        builder.AddApplicationServices();
        using var app = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
