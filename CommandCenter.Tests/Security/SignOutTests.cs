using System.Net;
using System.Text.RegularExpressions;
using CommandCenter.Security;

namespace CommandCenter.Tests.Security;

/// <summary>Signing out always signs this browser out, even when the database cannot end the session on the server.</summary>
public sealed partial class SignOutTests
{
    [Fact]
    public async Task Logout_DatabaseGone_ClearsTheCookieAndGoesToTheLoginPage()
    {
        using var factory = new SecurityAppFactory();
        var password = await factory.CreateUserAsync("staff8", Roles.Staff);
        var browser = factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityAppFactory.PostLoginAsync(browser, "staff8", password)).StatusCode);
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(await browser.GetStringAsync("/logout")).Groups[1].Value);
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(factory.ConnectionString).DataSource;
        File.Move(file, file + ".away");
        try
        {
            using var logout = await browser.PostAsync("/account/logout",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            Assert.Equal("/login", logout.Headers.Location!.OriginalString);
            var cleared = logout.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".CommandCenter.Auth=", StringComparison.Ordinal));
            Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Move(file + ".away", file);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
