using CommandCenter.Tests.Features.Wall.Browser;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CommandCenter.Tests.Features.Schedule.Browser;

/// <summary>
/// /schedule in Chromium on a 1366×768 laptop, against the real app over the small demo city (<see cref="WallServer"/>):
/// a click on a road brings its drill-down into view, and the road table and the plan editor work from the keyboard with
/// a visible focus.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ScheduleBrowserTests(WallServer server) : IClassFixture<WallServer>
{
    private const string DrillDownInView = """
        () => {
            const drill = document.querySelector('[data-testid=drill-down]');
            if (!drill) return false;
            const top = drill.getBoundingClientRect().top;
            const appBar = document.querySelector('.mud-appbar').getBoundingClientRect().bottom;
            return top >= appBar && top < innerHeight / 2;
        }
        """;

    private async Task<IPage> SignedInPageAsync(string name)
    {
        var password = await server.AddAdminAsync(name);
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{server.BaseUrl}/login");
        await page.FillAsync("#login-user", name);
        await page.FillAsync("input[type=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync($"{server.BaseUrl}/schedule");
        await page.WaitForSelectorAsync("[data-testid=road-table] tbody tr [data-testid=road-open]");
        return page;
    }

    [Fact]
    public async Task ClickARoadAt1366x768_BringsItsDrillDownIntoView()
    {
        var page = await SignedInPageAsync("schedule-click");
        var lastRow = page.Locator("[data-testid=road-table] tbody tr").Last;
        var before = await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=road-table] tbody tr:last-child').getBoundingClientRect().bottom");
        Assert.True(before > 768, $"the table should reach below the screen for this test to mean anything (last row ends at {before})");

        // A click anywhere on the row (here its leader cell), as a user would.
        await BrowserSteps.UntilAsync(page, () => lastRow.Locator("[data-testid=cell-leader]").ClickAsync(), "() => document.querySelector('[data-testid=drill-down]') !== null");

        await page.WaitForFunctionAsync(DrillDownInView, null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        var heading = await page.EvaluateAsync<string>("() => document.activeElement.textContent");
        Assert.Contains(await lastRow.Locator("[data-testid=road-open]").InnerTextAsync(), heading);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RoadTable_ByKeyboard_TabReachesARoadWithAVisibleFocusAndEnterOpensIt()
    {
        var page = await SignedInPageAsync("schedule-keys");
        await page.FocusAsync("input[data-testid=road-search]");

        // Tab order: from the search box, through the filter chips, to the first road of the table.
        var tabs = 0;
        while (await page.EvaluateAsync<string?>("() => document.activeElement?.dataset.testid") != "road-open")
        {
            Assert.True(++tabs < 40, "Tab never reached a road");
            await page.Keyboard.PressAsync("Tab");
        }
        var outline = await page.EvaluateAsync<string[]>("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }");
        Assert.Equal(["solid", "3px"], outline);

        // Enter toggles the row: pressed again only while the row is not yet expanded (a press before the circuit is up is
        // lost), never on an open row whose drill-down (a map and two reads) is still on its way. The live table can render
        // its rows again meanwhile (a new snapshot), taking the focus with the old button: the road is focused again first.
        await BrowserSteps.UntilAsync(page, async () =>
        {
            var road = page.Locator("[data-testid=road-open]").First;
            if (await road.GetAttributeAsync("aria-expanded") == "true") return;
            await road.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
        }, "() => document.querySelector('[data-testid=drill-down]') !== null");

        await page.WaitForFunctionAsync(DrillDownInView, null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.Equal("true", await page.Locator("[data-testid=road-open]").First.GetAttributeAsync("aria-expanded"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PlanEditor_ByKeyboard_TabMovesBetweenDaysSpaceTicksEnterSaves()
    {
        var page = await SignedInPageAsync("schedule-plan");
        await BrowserSteps.UntilAsync(page, () => page.Locator(".mud-tab").Nth(1).ClickAsync(),
            "() => document.querySelector('[data-testid=plan-table]') !== null");
        var leader = await page.Locator("[data-testid=plan-row]").First.GetAttributeAsync("data-leader");
        var monday = page.Locator($"input[data-testid=plan-{leader}-0]");
        var tuesday = page.Locator($"input[data-testid=plan-{leader}-1]");
        await monday.FocusAsync();

        await page.Keyboard.PressAsync("Tab");

        Assert.Equal($"plan-{leader}-1", await page.EvaluateAsync<string?>("() => document.activeElement?.dataset.testid"));
        // The input itself is hidden inside its box: the ring is on the box.
        var ring = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement.parentElement).outlineStyle");
        Assert.Equal("solid", ring);
        var box = tuesday.Locator("xpath=..");
        await Assertions.Expect(box).ToHaveClassAsync(new Regex("mud-checkbox-false"));

        await page.Keyboard.PressAsync("Space");

        await Assertions.Expect(box).ToHaveClassAsync(new Regex("mud-checkbox-true"), new() { Timeout = 10_000 });
        var save = page.Locator("button[data-testid=save-plans]");
        await Assertions.Expect(save).ToBeEnabledAsync();
        await save.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=plan-message]")).ToContainTextAsync("已保存", new() { Timeout = 10_000 });
        await page.Context.CloseAsync();
    }
}
