using System.Text.RegularExpressions;

namespace CommandCenter.Tests.Deployment;

/// <summary>
/// Started from the build output (as <c>dotnet run</c> does, not a publish) in Production, the app serves every stylesheet
/// and script its pages link: the package and framework assets (MudBlazor, blazor.web.js, the scoped CSS) come from the
/// build's static web assets manifest, which the host reads by itself in Development only (Program.cs).
/// </summary>
public sealed partial class StaticAssetsInProductionTests
{
    [Fact]
    public async Task BuildOutput_InProduction_ServesEveryStylesheetAndScriptTheSignInPageLinks()
    {
        await using var app = new AppProcess("Production", Path.Combine(Path.GetTempPath(), $"cc-prod-assets-{Guid.NewGuid():N}"),
            "--ForwardedHeaders:KnownProxies:0=127.0.0.1");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        var page = await http.GetStringAsync("/login");
        var assets = AssetLink().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains(assets, a => a.Contains("_content/MudBlazor/", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("_framework/blazor.web", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".styles.css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync("/" + asset.TrimStart('/'));
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}\n{app.Log}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} is empty");
        }
    }

    [GeneratedRegex("""(?:href|src)="([^"]+\.(?:css|js))["?]""")]
    private static partial Regex AssetLink();
}
