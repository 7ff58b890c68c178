using System.Text;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Features.Demo;

public class DemoCitySeederTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 30, 0, TimeSpan.Zero);

    private static async Task<TestDatabase> SeedAsync(DemoOptions options)
    {
        var db = TestDatabase.CreateMigrated();
        var clock = new FixedClock(Now);
        var calendar = BusinessCalendar.For("Asia/Shanghai");
        var reference = new ReferenceCatalog(db.Connections);
        var import = new BulkImport(db.Connections, reference, clock, calendar);
        var seeder = new DemoCitySeeder(db.Connections, reference, import, calendar, Options.Create(options), NullLogger<DemoCitySeeder>.Instance);
        Assert.True(await seeder.IsEmptyAsync(CancellationToken.None));
        await seeder.SeedAsync(Now.UtcDateTime, CancellationToken.None);
        Assert.False(await seeder.IsEmptyAsync(CancellationToken.None));
        return db;
    }

    private static string Digest(TestDatabase db)
    {
        using var connection = db.Open();
        var text = new StringBuilder();
        foreach (var table in new[] { "regions", "departments", "categories", "roads", "leaders", "road_assignments", "cases", "case_events", "patrols", "patrol_plans", "duty_roster" })
            foreach (var row in connection.Query($"SELECT * FROM {table} ORDER BY id"))
                text.AppendLine(string.Join('|', ((IDictionary<string, object?>)row).Values));
        return text.ToString();
    }

    [Fact]
    public async Task Seed_SameSeedAndNow_WritesIdenticalDatabases()
    {
        var small = new DemoOptions { HistoryDays = 20, CasesPerDay = 15, SatisfactionMonths = 48 };
        using var first = await SeedAsync(small);
        using var second = await SeedAsync(small);

        var digest = Digest(first);
        Assert.Equal(digest, Digest(second));
        Assert.True(digest.Length > 100_000, "the digest covers real data");
    }

    [Fact]
    public async Task Seed_OtherSeed_WritesOtherHistory()
    {
        using var first = await SeedAsync(new DemoOptions { HistoryDays = 10, CasesPerDay = 15, SatisfactionMonths = 2 });
        using var second = await SeedAsync(new DemoOptions { HistoryDays = 10, CasesPerDay = 15, SatisfactionMonths = 2, Seed = 7 });

        Assert.NotEqual(Digest(first), Digest(second));
    }

    [Fact]
    public async Task Seed_Defaults_BuildTheCityThatTheIssueAsksFor()
    {
        using var db = await SeedAsync(new DemoOptions());
        using var connection = db.Open();

        Assert.True(db.Count("regions", "level = 'street'") >= 8);
        Assert.True(db.Count("regions", "level = 'community'") > db.Count("regions", "level = 'street'"));
        Assert.True(db.Count("regions", "level = 'grid'") > db.Count("regions", "level = 'community'"));
        Assert.True(db.Count("categories") >= 20);
        Assert.True(db.Count("roads") >= 30);
        Assert.Equal(12, db.Count("leaders"));
        Assert.Equal(12, db.Count("road_assignments", "campaign_from = '2026-03-01' AND campaign_to = '2026-12-31'"));
        Assert.True(db.Count("cases") >= 20_000, "tens of thousands of cases");

        // At least 12 months of history, every workflow stage present.
        var firstReported = connection.ExecuteScalar<DateTime>("SELECT MIN(reported_at) FROM cases WHERE rated_at IS NULL");
        Assert.True(firstReported <= Now.UtcDateTime.AddMonths(-12));
        // The lifecycle steps (延期, 缓办, 回退, 作废) are not planned by the demo history yet: their figures start at zero.
        CaseStep[] lifecycle = [CaseStep.ExtendRequest, CaseStep.ExtendApprove, CaseStep.ExtendRefuse, CaseStep.Suspend, CaseStep.Resume,
            CaseStep.Return, CaseStep.Void];
        foreach (var type in Enum.GetValues<CaseStep>().Except(lifecycle))
            Assert.True(db.Count("case_events", "type = @Type", new { Type = type.Code() }) > 0, $"no {type.Code()} event");
        Assert.True(db.Count("cases", "rework_count > 0") > 0);
        Assert.True(db.Count("cases", "level = 'street'") > 0);
        Assert.True(db.Count("cases", "status = 'dispatched'") > 0, "some cases are open now");
        Assert.True(db.Count("patrols") > 12 * 30, "weekly patrols since March");
        Assert.True(db.Count("cases", "source = 'leader'") > 500, "problems found on patrols");

        // Weekdays are busier than Sundays (the weekly rhythm).
        var calendar = BusinessCalendar.For("Asia/Shanghai");
        var byWeekday = connection.Query<DateTime>("SELECT reported_at FROM cases")
            .GroupBy(t => calendar.ToLocal(t).DayOfWeek).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byWeekday[DayOfWeek.Wednesday] > byWeekday[DayOfWeek.Sunday] * 1.2);

        // 48 months of callbacks; the newest 45 complete months at 100 %.
        var ratedMonths = connection.Query<DateTime>("SELECT rated_at FROM cases WHERE rated_at IS NOT NULL")
            .Select(t => calendar.LocalDate(t)).Select(d => (d.Year, d.Month)).Distinct().Count();
        Assert.True(ratedMonths >= 48, $"callbacks in {ratedMonths} months");
        var months = Enumerable.Range(0, 48).Select(back =>
        {
            var start = new DateOnly(2026, 11, 1).AddMonths(-back);
            var range = calendar.ToUtc(Period.Month(start.Year, start.Month));
            var rows = connection.Query<string>("SELECT rating FROM cases WHERE rated_at >= @From AND rated_at < @To",
                new { From = range.FromUtc, To = range.ToUtc }).ToList();
            return ((long)rows.Count, (long)rows.Count(r => r != "dissatisfied"));
        }).ToList();
        Assert.Equal(45, Indicators.SatisfactionStreak(months, firstMonthIsRunning: true));
    }
}
