using CommandCenter.Tests.Features.Wall.Browser;
using Microsoft.Playwright;

namespace CommandCenter.Tests.Features.Accessibility;

/// <summary>
/// The laptop pages in Chromium, in both languages, against the real app over the small demo city (<see cref="WallServer"/>):
/// axe-core finds nothing on any of them (WCAG 2.1 A/AA and axe's best practices: one main landmark, one h1, headings in
/// order, all content in landmarks, contrast, labelled table headers), including the states a user opens (a road's
/// drill-down, every reference-data tab, the print pages); and the monthly report's months open and its export downloads from the
/// keyboard alone, with a visible focus.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LaptopAccessibilityTests(WallServer server) : IClassFixture<WallServer>
{
    /// <summary>The signed-in pages, each with what shows it is filled in.</summary>
    private static readonly (string Path, string Ready)[] SignedInPages =
    [
        ("/", "[data-testid=reported-value]"),
        ("/schedule", "[data-testid=road-table] tbody tr [data-testid=road-open]"),
        ("/reports", "[data-testid=section-summary]"),
        ("/cases", "[data-testid=case-list] tbody tr"),
        ("/map", ".leaflet-container[data-points]"),
        ("/admin/users", "[data-testid=users-table] tbody tr"),
        ("/admin/api-keys", "main table tbody tr"),
        ("/admin/displays", "main table tbody tr"),
        ("/admin/audit", "main table tbody tr"),
        ("/admin/reference", "[data-testid=reference-tabs] table tbody tr"),
        ("/no-such-page", "main h1"),
    ];

    private async Task<IPage> PageAsync(string culture)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            BypassCSP = true, // axe is injected as a script; the app's policy rightly forbids that
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // a busy CI machine: each step may wait, none is timed
        await page.GotoAsync($"{server.BaseUrl}/culture/{culture}?returnUrl=%2Flogin");
        await page.WaitForSelectorAsync("#login-user");
        return page;
    }

    private async Task SignInAsync(IPage page, string name)
    {
        var password = await server.AddAdminAsync(name);
        await page.FillAsync("#login-user", name);
        await page.FillAsync("input[type=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
    }

    private static async Task CheckAsync(IPage page, string state, List<string> findings)
    {
        // The head is re-rendered as the circuit starts, and its <title> is empty for a moment; a title that stays empty is
        // still reported by axe below.
        try
        {
            await page.WaitForFunctionAsync("() => document.title.trim().length > 0", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
        }
        foreach (var violation in await Axe.ViolationsAsync(page)) findings.Add($"{state}: {violation}");
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task EveryLaptopPage_InBothLanguages_HasNoAxeViolations(string culture)
    {
        var findings = new List<string>();
        var page = await PageAsync(culture);
        await CheckAsync(page, "/login", findings);
        await SignInAsync(page, $"a11y-{culture.ToLowerInvariant()}");

        foreach (var (path, ready) in SignedInPages)
        {
            await page.GotoAsync(server.BaseUrl + path);
            await page.WaitForSelectorAsync(ready);
            await CheckAsync(page, path, findings);
        }

        // The states a user opens on top of a page.
        await page.GotoAsync(server.BaseUrl + "/schedule");
        await page.WaitForSelectorAsync("[data-testid=road-table] tbody tr [data-testid=road-open]");
        var packHref = await page.GetAttributeAsync("[data-testid=print-pack]", "href");
        await BrowserSteps.UntilAsync(page, () => page.Locator("[data-testid=road-open]").First.ClickAsync(), "() => document.querySelector('[data-testid=drill-down]') !== null");
        await CheckAsync(page, "/schedule with a road's drill-down open", findings);

        // A case's page, opened from the list (the newest case: the demo city's numbers are not fixed).
        await page.GotoAsync(server.BaseUrl + "/cases");
        var caseHref = await page.GetAttributeAsync("[data-testid=case-open]", "href");
        await page.GotoAsync($"{server.BaseUrl}/{caseHref!.TrimStart('/')}");
        await page.WaitForSelectorAsync("[data-testid=case-timeline]");
        await CheckAsync(page, "/cases/{caseNo}", findings);

        await page.GotoAsync(server.BaseUrl + "/admin/reference");
        await page.WaitForSelectorAsync("[data-testid=reference-tabs] table tbody tr");
        var tabs = await page.Locator("[role=tab]").CountAsync();
        Assert.Equal(9, tabs); // the eighth: 辖区边界与道路, the ninth: 管理点位 (docs/map.md)
        for (var i = 1; i < tabs; i++)
        {
            var tab = page.Locator("[role=tab]").Nth(i);
            await BrowserSteps.UntilAsync(page, () => tab.ClickAsync(), $"() => document.querySelectorAll('[role=tab]')[{i}].classList.contains('mud-tab-active')");
            await page.WaitForSelectorAsync(".mud-tabs-panels table tbody tr");
            await CheckAsync(page, $"/admin/reference, tab {i + 1}", findings);
        }

        await page.GotoAsync(server.BaseUrl + "/reports");
        var reportPrintHref = await page.GetAttributeAsync("[data-testid=print]", "href");
        foreach (var href in new[] { packHref, reportPrintHref })
        {
            Assert.False(string.IsNullOrEmpty(href));
            await page.GotoAsync($"{server.BaseUrl}/{href!.TrimStart('/')}");
            await page.WaitForSelectorAsync("h1");
            await CheckAsync(page, href, findings);
        }

        Assert.True(findings.Count == 0, $"{findings.Count} axe violation(s) in {culture}:\n{string.Join('\n', findings)}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCheck_FindsAViolation_WhenThePageHasOne()
    {
        var page = await PageAsync("zh-CN");
        Assert.Empty(await Axe.ViolationsAsync(page));

        // An image with no text alternative and a second h1 outside the main landmark.
        await page.EvaluateAsync("() => { const i = document.createElement('img'); i.src = 'data:,'; document.querySelector('main').append(i); document.body.prepend(Object.assign(document.createElement('h1'), { textContent: 'x' })); }");

        var violations = await Axe.ViolationsAsync(page);
        Assert.Contains(violations, v => v.Contains("image-alt", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("region", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MonthlyReport_FromTheKeyboardAlone_OpensTheMonthsAndExportsIt_WithAVisibleFocus()
    {
        var page = await PageAsync("zh-CN");
        await SignInAsync(page, "a11y-keyboard");
        await page.GotoAsync(server.BaseUrl + "/reports");
        await page.WaitForSelectorAsync("[data-testid=download-xlsx]");
        var shownMonth = (await page.Locator("[data-testid=report-month]").InnerTextAsync()).Trim();
        await page.WaitForFunctionAsync("() => document.activeElement.tagName === 'H1'"); // FocusOnNavigate, once the circuit is up
        // Where a screen reader starts: a heading, not a control, so no ring.
        Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));

        // The month picker is the first stop after the page's heading, and Enter opens its list of months. Retried until the
        // circuit is up (a key pressed before that does nothing).
        await BrowserSteps.UntilAsync(page, async () =>
        {
            await page.FocusAsync("h1");
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement.getAttribute('data-testid')") != "report-month")
                throw new TimeoutException("the heading did not take the focus yet");
            await page.Keyboard.PressAsync("Enter");
        }, "() => document.querySelector('.mud-popover-open .mud-list-item') !== null");
        Assert.Contains(shownMonth, await page.Locator(".mud-popover-open .mud-list-item").AllInnerTextsAsync());
        await page.Keyboard.PressAsync("Escape"); // keeps the month shown
        await page.WaitForFunctionAsync("() => document.querySelector('.mud-popover-open .mud-list-item') === null");

        // Tab on to the Excel export: its focus ring shows, and Enter downloads the month shown.
        string? focused = null;
        for (var presses = 0; presses < 10 && focused != "download-xlsx"; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            focused = await page.EvaluateAsync<string?>("() => document.activeElement.getAttribute('data-testid')");
        }
        Assert.Equal("download-xlsx", focused);
        Assert.Contains(shownMonth, await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));
        var ring = await page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.Equal("solid 3px", ring);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.EndsWith($"{shownMonth}.xlsx", download.SuggestedFilename);
        var file = await download.PathAsync();
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(file!)[..2]); // an xlsx is a zip
        await page.Context.CloseAsync();
    }
}
