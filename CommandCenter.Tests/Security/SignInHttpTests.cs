using System.Net;
using System.Text.RegularExpressions;
using CommandCenter.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CommandCenter.Tests.Security;

/// <summary>The sign-in form and sign-out as an attacker sees them: URL spellings, answers, a cookie replayed after sign-out.</summary>
public sealed partial class SignInHttpTests
{
    /// <summary>Posts the sign-in form to <paramref name="path"/> (the antiforgery token from a GET of /login).</summary>
    private static async Task<HttpResponseMessage> PostLoginToAsync(HttpClient client, string path, string userName, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/login");
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page) =>
        WebUtility.HtmlDecode(AntiforgeryField().Match(await client.GetStringAsync(page)).Groups[1].Value);

    [Fact]
    public async Task LoginPosts_OtherSpellingsOfTheLoginUrl_CountAgainstTheSameLimit()
    {
        using var baseFactory = new SecurityAppFactory();
        using var factory = baseFactory.WithWebHostBuilder(b => b.UseSetting("Security:LoginPostsPerMinute", "3"));
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Each spelling reaches the form: the answer is the sign-in page with its error, not a 404 or a 400.
        foreach (var path in new[] { "/login", "/login/", "/LOGIN/" })
        {
            var response = await PostLoginToAsync(client, path, "admin", "guess");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("data-testid=\"login-error\"", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostLoginToAsync(client, "/Login/", "admin", "guess")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostLoginToAsync(client, "/login", "admin", "guess")).StatusCode);
    }

    [Fact]
    public async Task Login_UnknownWrongDisabledAndLocked_AllGetTheSameAnswer()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();
        var lockedPassword = await factory.CreateUserAsync("leader7", Roles.Leader);
        var disabledPassword = await factory.CreateUserAsync("gone7", Roles.Staff);
        await factory.Service<UserStore>().SetDisabledAsync((await factory.Service<UserStore>().FindAsync("gone7"))!.Id, true);
        for (var i = 0; i < 5; i++) await SecurityAppFactory.PostLoginAsync(client, "leader7", "guess" + i);

        var answers = new List<string>();
        foreach (var (userName, password) in new[] { ("nobody7", "guess"), ("gone7", "guess"), ("gone7", disabledPassword), ("leader7", lockedPassword) })
        {
            var response = await SecurityAppFactory.PostLoginAsync(client, userName, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(LoginError().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);
        }

        Assert.NotEqual("", answers[0]);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
    }

    [Fact]
    public async Task Logout_CookieCapturedBeforeSignOut_NoLongerOpensPagesOrTheApi()
    {
        using var factory = new SecurityAppFactory();
        var password = await factory.CreateUserAsync("staff7", Roles.Staff);
        var jar = new CookieContainer();
        using var browser = factory.CreateDefaultClient(new CookieContainerHandler(jar));
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityAppFactory.PostLoginAsync(browser, "staff7", password)).StatusCode);
        var captured = jar.GetCookieHeader(new Uri("http://localhost/"));
        using var thief = factory.CreateDefaultClient();
        Assert.Equal(HttpStatusCode.OK, (await SendWithCookieAsync(thief, "/reports", captured)).StatusCode);

        var token = await AntiforgeryTokenAsync(browser, "/logout");
        var logout = await browser.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var page = await SendWithCookieAsync(thief, "/reports", captured);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendWithCookieAsync(thief, "/api/v1/reference", captured)).StatusCode);
    }

    private static Task<HttpResponseMessage> SendWithCookieAsync(HttpClient client, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("data-testid=\"login-error\".*?mud-alert-message\">([^<]*)<", RegexOptions.Singleline)]
    private static partial Regex LoginError();
}

internal static class UriPaths
{
    /// <summary>The path and query of a redirect target, relative or absolute.</summary>
    public static string PathAndQuery(this Uri uri) => new Uri(new Uri("http://localhost/"), uri).PathAndQuery;
}
