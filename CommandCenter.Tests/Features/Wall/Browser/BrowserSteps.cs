using Microsoft.Playwright;

namespace CommandCenter.Tests.Features.Wall.Browser;

/// <summary>Steps the browser tests share.</summary>
public static class BrowserSteps
{
    /// <summary>
    /// Does <paramref name="act"/> until <paramref name="done"/> holds: an event sent before the circuit is up is lost, so
    /// the first tries after the prerendered page appears may do nothing. <paramref name="act"/> may throw
    /// <see cref="TimeoutException"/> to say "not yet".
    /// </summary>
    public static async Task UntilAsync(IPage page, Func<Task> act, string done)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await page.EvaluateAsync<bool>(done)) return;
            try
            {
                await act();
                await page.WaitForFunctionAsync(done, null, new PageWaitForFunctionOptions { Timeout = 3000 });
                return;
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                // Not interactive yet, or the page was re-rendered under the action as the circuit came up: try again.
            }
        }
        Assert.Fail($"never became true: {done}");
    }
}
