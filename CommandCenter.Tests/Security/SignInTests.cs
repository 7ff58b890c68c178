using System.Net;
using CommandCenter.Security;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Tests.Security;

public sealed class SignInTests
{
    /// <summary>The redirect's path, asserting it stays on this host.</summary>
    private static string LocalPath(HttpResponseMessage response)
    {
        var target = new Uri(new Uri("http://localhost/"), response.Headers.Location!);
        Assert.Equal("localhost", target.Host);
        return target.PathAndQuery;
    }

    [Fact]
    public async Task Login_RightPassword_RedirectsToLocalReturnUrlAndShowsTodayPage()
    {
        using var factory = new SecurityAppFactory();
        var password = await factory.CreateUserAsync("staff1", Roles.Staff);
        using var client = factory.NewClient();

        var response = await SecurityAppFactory.PostLoginAsync(client, "staff1", password, "/wall");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/wall", LocalPath(response));
        var today = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, today.StatusCode);
        Assert.Contains("data-testid=\"user-name\"", await today.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LoginPage_Anonymous_OffersTheOtherLanguageAndKeepsTheReturnUrl()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();

        var html = await client.GetStringAsync("/login?ReturnUrl=%2Fschedule");
        Assert.Contains("data-testid=\"culture-switch\"", html);
        Assert.Contains("href=\"culture/en?returnUrl=%2Flogin%3FReturnUrl%3D%252Fschedule\"", html);

        var switched = await client.GetAsync("/culture/en?returnUrl=%2Flogin%3FReturnUrl%3D%252Fschedule");
        Assert.Equal("/login?ReturnUrl=%2Fschedule", LocalPath(switched));
        Assert.Contains("<html lang=\"en\"", await client.GetStringAsync("/login?ReturnUrl=%2Fschedule"));
    }

    [Fact]
    public async Task Login_ExternalReturnUrl_GoesHomeInstead()
    {
        using var factory = new SecurityAppFactory();
        var password = await factory.CreateUserAsync("staff2", Roles.Staff);
        using var client = factory.NewClient();

        var response = await SecurityAppFactory.PostLoginAsync(client, "staff2", password, "//evil.example/");

        Assert.Equal("/", LocalPath(response));
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksAccountRefusesRightPasswordAndAudits()
    {
        using var factory = new SecurityAppFactory();
        var password = await factory.CreateUserAsync("leader1", Roles.Leader);
        using var client = factory.NewClient();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await SecurityAppFactory.PostLoginAsync(client, "leader1", "wrong-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var locked = await SecurityAppFactory.PostLoginAsync(client, "leader1", password);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("data-testid=\"login-error\"", await locked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        Assert.Contains("leader1", await factory.Service<SignInAttempts>().LockedNamesAsync(DateTime.UtcNow.AddMinutes(14)));
        var (rows, _) = await factory.Service<AuditLog>().PageAsync(0, 100);
        Assert.Equal(6, rows.Count(r => r.Action == AuditActions.SignInFailed && r.Target == "leader1"));
        Assert.Single(rows, r => r.Action == AuditActions.LockedOut && r.Target == "leader1");
        Assert.DoesNotContain(rows, r => r.Action == AuditActions.SignIn && r.Target == "leader1");
    }

    [Fact]
    public async Task Login_DisabledUser_SessionEndsAndSignInRefused()
    {
        using var factory = new SecurityAppFactory();
        var password = await factory.CreateUserAsync("sched1", Roles.Scheduler);
        using var client = factory.NewClient();
        await SecurityAppFactory.PostLoginAsync(client, "sched1", password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var user = await factory.Service<UserStore>().FindAsync("sched1");
        await factory.Service<UserStore>().SetDisabledAsync(user!.Id, true);

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        var again = await SecurityAppFactory.PostLoginAsync(client, "sched1", password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task FirstRun_NoUsers_CreatesAdminWithHashedPasswordOnly()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();
        await client.GetAsync("/health");

        var admin = await factory.Service<UserStore>().FindAsync(FirstRunAdmin.UserName);

        Assert.NotNull(admin);
        Assert.Contains(Roles.Admin, admin.RoleList);
        Assert.StartsWith("AQAAAA", admin.PasswordHash);
    }

    [Fact]
    public async Task Health_Anonymous_ReturnsStatusWordOnly()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_AnyResponse_CarriesCspAndSecurityHeaders()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();

        var response = await client.GetAsync("/login");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("connect-src 'self' ws: wss:", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Single(response.Headers.GetValues("Referrer-Policy"));
    }
}
