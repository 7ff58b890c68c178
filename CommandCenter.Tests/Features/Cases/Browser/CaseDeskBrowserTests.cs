using System.Text.RegularExpressions;
using CommandCenter.Tests.Features.Wall.Browser;
using Microsoft.Playwright;

namespace CommandCenter.Tests.Features.Cases.Browser;

/// <summary>
/// The case desk in Chromium at 1440×900, against the real app over the small demo city (<see cref="WallServer"/>): a
/// figure of the monthly report preview opens /cases with as many cases as it shows, and a case of that list opens its page
/// with the timeline. With <c>WALL_SCREENSHOTS</c> set, the list and the case are saved as the README's pictures.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class CaseDeskBrowserTests(WallServer server) : IClassFixture<WallServer>
{
    private async Task<IPage> SignedInPageAsync(string name)
    {
        var password = await server.AddAdminAsync(name);
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // a busy machine: each step may wait, none is timed
        await page.GotoAsync($"{server.BaseUrl}/login");
        await page.FillAsync("#login-user", name);
        await page.FillAsync("input[type=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        return page;
    }

    [Theory]
    [InlineData("summary-Reported-cases", "zhangwei")]
    [InlineData("summary-ClosedOnTime-cases", "lina")]
    public async Task ReportFigure_Clicked_OpensTheListWithItsCount_ThenACase(string figure, string user)
    {
        var page = await SignedInPageAsync(user);
        await page.GotoAsync($"{server.BaseUrl}/reports");
        var link = page.Locator($"[data-testid={figure}]");
        await link.WaitForAsync();
        var shown = Number(await link.InnerTextAsync());
        Assert.True(shown > 0, $"the demo city's last month should have cases behind {figure}");
        if (WallServer.ScreenshotFolder is { } reportFolder && figure == "summary-Reported-cases")
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(reportFolder, "report-figure-links.png"), FullPage = true });

        await BrowserSteps.UntilAsync(page, () => link.ClickAsync(), "() => location.pathname === '/cases'");

        var count = page.Locator("[data-testid=case-count]");
        await count.WaitForAsync();
        Assert.Equal(shown, Number(await count.InnerTextAsync()));
        Assert.Contains("from=", page.Url, StringComparison.Ordinal);
        if (WallServer.ScreenshotFolder is { } folder && figure == "summary-Reported-cases")
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "cases.png") });

        var open = page.Locator("[data-testid=case-open]").First;
        var caseNo = (await open.InnerTextAsync()).Trim();
        await BrowserSteps.UntilAsync(page, () => open.ClickAsync(), $"() => location.pathname === '/cases/{caseNo}'");

        await page.Locator("[data-testid=case-timeline]").WaitForAsync();
        Assert.Contains(caseNo, await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        if (WallServer.ScreenshotFolder is { } caseFolder && figure == "summary-Reported-cases")
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(caseFolder, "case.png") });
        await page.Context.CloseAsync();
    }

    /// <summary>A case in 处置中 of the demo city: its page says the working time left or how late, in working hours.</summary>
    [Fact]
    public async Task DispatchedCase_Page_ShowsTheDeadlineInWorkingTime()
    {
        var page = await SignedInPageAsync("wangfang");
        await page.GotoAsync($"{server.BaseUrl}/cases?status=dispatched");
        var open = page.Locator("[data-testid=case-open]").First;
        await open.WaitForAsync();
        var caseNo = (await open.InnerTextAsync()).Trim();
        await BrowserSteps.UntilAsync(page, () => open.ClickAsync(), $"() => location.pathname === '/cases/{caseNo}'");

        var deadline = page.Locator("[data-testid=case-deadline]");
        await deadline.WaitForAsync();
        Assert.Matches(@"(剩余|已超期) \d+\.\d\d 工作时", await deadline.InnerTextAsync());
        if (WallServer.ScreenshotFolder is { } folder)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "case-dispatched.png") });
        await page.Context.CloseAsync();
    }

    /// <summary>The figure in a text ("1,234", "共 1,234 件").</summary>
    private static long Number(string text) => long.Parse(Digits().Replace(text, ""), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("[^0-9]")]
    private static partial Regex Digits();
}
