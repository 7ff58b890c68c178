using Microsoft.Playwright;

namespace CommandCenter.Tests.Features.Accessibility;

/// <summary>
/// Runs axe-core (test-only, pinned in <c>CommandCenter.Tests/browser-tools/package.json</c> and installed by the test
/// project's build) on a page: the WCAG 2.0/2.1 A and AA rules plus axe's best practices, which hold the landmark and
/// heading rules (one main landmark, one h1, heading order, all content in landmarks). The page's context must bypass the
/// app's Content-Security-Policy (<see cref="BrowserNewContextOptions.BypassCSP"/>), which forbids injected scripts.
/// </summary>
public static class Axe
{
    public static readonly string ScriptPath = Path.GetFullPath(Path.Combine(
        AppContext.BaseDirectory, "..", "..", "..", "browser-tools", "node_modules", "axe-core", "axe.min.js"));

    private const string Run = """
        async () => {
            const result = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
            });
            return result.violations.map(v =>
                `[${v.impact}] ${v.id} (${v.nodes.length} nodes): ${v.help}: ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\n').slice(1, 2).join('').trim()).join(' | '));
        }
        """;

    /// <summary>Every violation on the page as it is now, one line each (impact, rule, node count, first three nodes).</summary>
    public static async Task<string[]> ViolationsAsync(IPage page)
    {
        Assert.True(File.Exists(ScriptPath), $"axe-core is not installed at {ScriptPath}: build the test project (it runs npm ci in browser-tools/)");
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = ScriptPath });
        var violations = await page.EvaluateAsync<string[]>(Run);
        if (!violations.Any(v => v.Contains("] document-title (", StringComparison.Ordinal))) return violations;
        // Blazor re-renders the head as the circuit starts, and the <title> is empty for that moment: a title that is
        // there again within 10 s was caught mid-render. One that stays empty is reported by the second run.
        try
        {
            await page.WaitForFunctionAsync("() => document.title.trim().length > 0", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
        }
        return await page.EvaluateAsync<string[]>(Run);
    }
}
