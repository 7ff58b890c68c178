using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Security;

public sealed class XssTests
{
    [Fact]
    public async Task Wall_CaseDescriptionWithMarkup_IsShownAsTextAndPhoneMasked()
    {
        using var factory = new SecurityAppFactory();
        var (client, _) = await factory.DisplayClientAsync("xss-screen");
        await using (var connection = await factory.Service<DbConnectionFactory>().OpenAsync())
            await new TestCity().District("D1", "区").Street("S1", "街道", "D1")
                .Category("E01", "占道经营", CategoryKind.Event, hours: 24, urgentHours: 2)
                .WriteAsync(connection);
        factory.Service<ReferenceCatalog>().Invalidate();
        var reference = await factory.Service<ReferenceCatalog>().GetAsync();
        foreach (var (id, text) in new[] { ("x1", "<script>alert(1)</script>"), ("x2", "<img src=x onerror=alert(1)>") })
            await factory.Service<CaseService>().CreateAsync(new NewCase(id, CaseSource.Hotline, reference.Category("E01")!.Id,
                reference.Region("S1")!.Id, null, text, null, null, null, "13812345678", false, DateTime.UtcNow), "test");

        // The wall draws the live snapshot: wait until the tailer has folded both cases in.
        var feed = factory.Service<IDashboardFeed>();
        for (var i = 0; i < 100 && (feed.Current?.LatestEvents.Count(e => e.Type == "report") ?? 0) < 2; i++) await Task.Delay(100);
        Assert.Equal(2, feed.Current?.LatestEvents.Count(e => e.Type == "report"));

        var html = await client.GetStringAsync("/wall/overview");

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("138****5678", html);
        Assert.DoesNotContain("13812345678", html);
    }
}
