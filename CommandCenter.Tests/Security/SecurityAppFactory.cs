using System.Net;
using System.Text.RegularExpressions;
using CommandCenter.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Security;

/// <summary>The app on a temp SQLite file, demo city and simulator off, caches off so revocations show at once.</summary>
public sealed partial class SecurityAppFactory : WebApplicationFactory<Program>
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"cc-sec-{Guid.NewGuid():N}.db");

    /// <summary>This app's database, for a second app instance over the same file.</summary>
    public string ConnectionString => $"Data Source={_file}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CommandCenter", ConnectionString);
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Simulator:Enabled", "false");
        builder.UseSetting("Security:CacheDuration", "00:00:00");
        builder.UseSetting("Security:LoginPostsPerMinute", "1000");
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates a user with the given roles and returns its password.</summary>
    public async Task<string> CreateUserAsync(string userName, params string[] roles)
    {
        var password = Secrets.NewPassword();
        await Service<UserStore>().CreateAsync(userName, password, new UserEdit(userName, roles, HasPii: false, LeaderId: null));
        return password;
    }

    /// <summary>Signs in through the real login form (GET for the antiforgery token, then POST).</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password, string? returnUrl = null)
    {
        var page = await client.GetStringAsync("/login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        };
        var url = returnUrl is null ? "/login" : $"/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    public async Task<HttpClient> SignedInClientAsync(string userName, params string[] roles)
    {
        var password = await CreateUserAsync(userName, roles);
        var client = NewClient();
        var response = await PostLoginAsync(client, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A wall screen: registers a device and opens its link once.</summary>
    public async Task<(HttpClient Client, long DeviceId)> DisplayClientAsync(string name)
    {
        var token = await Service<DisplayDeviceStore>().CreateAsync(name);
        var client = NewClient();
        var response = await client.GetAsync($"/wall?device={token}");
        Assert.Equal("/wall", response.Headers.Location?.OriginalString);
        var id = (await Service<DisplayDeviceStore>().ListAsync()).Single(d => d.Name == name).Id;
        return (client, id);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }
}
