using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Testing;
using Dapper;

namespace CommandCenter.Tests.Features.Assessment;

public class IndicatorsQueryTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.For("Asia/Shanghai");

    /// <summary>Random cases written straight into <c>cases</c>: the query only reads their times and outcome.</summary>
    private sealed record Seeded(long StreetId, long? DepartmentId, long CategoryId, string Source, CaseFacts Facts);

    [Theory]
    [InlineData(IndicatorGrouping.City)]
    [InlineData(IndicatorGrouping.Street)]
    [InlineData(IndicatorGrouping.Department)]
    [InlineData(IndicatorGrouping.Category)]
    [InlineData(IndicatorGrouping.Source)]
    public async Task Get_RandomCases_EqualsTheDomainFoldPerGroup(IndicatorGrouping grouping)
    {
        using var db = TestDatabase.CreateMigrated();
        var cases = SeedRandomCity(db, seed: 47, count: 3000);
        var november = Calendar.ToUtc(Period.Month(2026, 11));
        // As of the middle of the month: some deadlines have passed, some closings are still to come.
        var asOf = new DateTime(2026, 11, 18, 7, 30, 0, DateTimeKind.Utc);

        var groups = await new IndicatorsQuery(db.Connections, new ReferenceCatalog(db.Connections)).GetAsync(november, asOf, grouping);

        var expected = cases.GroupBy(c => KeyOf(c, grouping))
            .Where(g => g.Key is not null)
            .Select(g => (Key: g.Key!, Counts: CommandCenter.Domain.Indicators.Fold(g.Select(c => c.Facts), november, asOf)))
            .Where(g => g.Counts.Reported + g.Counts.Registered + g.Counts.Callbacks + g.Counts.ResolvedCount > 0)
            .ToDictionary(g => g.Key, g => g.Counts);
        // A group whose every time in the period is after T comes back with zero counts; the fold leaves it out.
        Assert.Empty(expected.Keys.Except(groups.Select(g => g.Code)));
        foreach (var group in groups)
        {
            var want = expected.GetValueOrDefault(group.Code, IndicatorCounts.Zero);
            Assert.Equal(want with { ResolutionHours = 0 }, group.Counts with { ResolutionHours = 0 });
            Assert.Equal(want.ResolutionHours, group.Counts.ResolutionHours, precision: 3);
        }
        Assert.Contains(groups, g => g.Counts.Due > g.Counts.Closed);
        Assert.Contains(groups, g => g.Counts.ClosedReworked > 0);
        Assert.Contains(groups, g => g.Counts is { Extended: > 0, Held: > 0, Voided: > 0 });
        Assert.Contains(groups, g => g.Counts.Returned > 0);
    }

    [Fact]
    public async Task GetCity_NoCases_IsZeroAndEveryRateIsUnknown()
    {
        using var db = TestDatabase.CreateWithReference();
        var november = Calendar.ToUtc(Period.Month(2026, 11));

        var counts = await new IndicatorsQuery(db.Connections, new ReferenceCatalog(db.Connections))
            .GetCityAsync(november, november.ToUtc);

        Assert.Equal(IndicatorCounts.Zero, counts);
        Assert.Null(counts.ClosureRate);
        Assert.Null(counts.SatisfactionRate);
    }

    [Fact]
    public async Task GetCity_CaseRegisteredAt2330OnTheMonthsLastDay_CountsInThatMonthOnly()
    {
        using var db = TestDatabase.CreateWithReference();
        // 2026-11-30 23:30 in Shanghai is 15:30 UTC.
        var registered = new DateTime(2026, 11, 30, 15, 30, 0, DateTimeKind.Utc);
        Insert(db, [new Seeded(TestDatabase.Ref.Street, TestDatabase.Ref.Department, TestDatabase.Ref.Category, "hotline",
            new CaseFacts(registered.AddMinutes(-10), registered, registered.AddMinutes(5), registered.AddHours(48), null, null, 0, null, null))]);
        var query = new IndicatorsQuery(db.Connections, new ReferenceCatalog(db.Connections));
        var now = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);

        var november = await query.GetCityAsync(Calendar.ToUtc(Period.Month(2026, 11)), Calendar.AsOf(Period.Month(2026, 11), now));
        var december = await query.GetCityAsync(Calendar.ToUtc(Period.Month(2026, 12)), Calendar.AsOf(Period.Month(2026, 12), now));

        Assert.Equal((1, 1), (november.Reported, november.Registered));
        Assert.Equal((0, 0), (december.Reported, december.Registered));
        // Its 48 h deadline falls in December, after November's T: not yet due in November's figures.
        Assert.Equal(0, november.Due);
    }

    /// <summary>
    /// Hand-picked boundaries of November 2026 (Shanghai) as of its end, where random data never lands: the SQL and the fold
    /// both give the counts worked out by hand, so they cannot be wrong together.
    /// </summary>
    [Fact]
    public async Task GetCity_BoundaryCases_SqlAndFoldGiveTheHandCounts()
    {
        using var db = TestDatabase.CreateWithReference();
        var p = Calendar.ToUtc(Period.Month(2026, 11));
        var (from, to) = (p.FromUtc, p.ToUtc);
        var october = from.AddDays(-10);
        CaseFacts[] facts =
        [
            // a: reported and registered exactly at the period's start; closed exactly at its deadline: on time.
            new(from, from, from.AddHours(1), from.AddHours(49), from.AddHours(10), from.AddHours(49), 0, null, null),
            // b: closed a second after its deadline: closed, not on time.
            new(from.AddDays(1), from.AddDays(1), from.AddDays(1), from.AddDays(2), from.AddDays(1).AddHours(30),
                from.AddDays(2).AddSeconds(1), 0, null, null),
            // c: deadline exactly at T, open: registered, not yet due.
            new(to.AddHours(-48), to.AddHours(-48), to.AddHours(-48), to, null, null, 0, null, null),
            // d: reported in the period, registered exactly at its end: reported only.
            new(to.AddHours(-1), to, null, null, null, null, 0, null, null),
            // e: reported exactly at the period's end: not this period's.
            new(to, null, null, null, null, null, 0, null, null),
            // f: an October case rated satisfied at 23:30 local on 30 November (15:30Z): November's callback.
            new(october, october, october, october.AddDays(1), october.AddHours(5), october.AddHours(6), 0,
                SatisfactionRating.Satisfied, new DateTime(2026, 11, 30, 15, 30, 0, DateTimeKind.Utc)),
            // g: rated at the period's end (00:00 local on 1 December): December's.
            new(october, october, october, october.AddDays(1), october.AddHours(5), october.AddHours(6), 0,
                SatisfactionRating.VerySatisfied, to),
            // h: rated dissatisfied exactly at the period's start: a callback, not satisfied.
            new(october, october, october, october.AddDays(1), october.AddHours(5), october.AddHours(6), 0,
                SatisfactionRating.Dissatisfied, from),
        ];
        Insert(db, facts.Select(f => new Seeded(TestDatabase.Ref.Street, TestDatabase.Ref.Department, TestDatabase.Ref.Category, "hotline", f)).ToList());

        var sql = await new IndicatorsQuery(db.Connections, new ReferenceCatalog(db.Connections)).GetCityAsync(p, to);
        var fold = CommandCenter.Domain.Indicators.Fold(facts, p, to);

        var expected = new IndicatorCounts(Reported: 4, Registered: 3, Due: 2, Closed: 2, ClosedOnTime: 1, ClosedReworked: 0,
            Callbacks: 2, Satisfied: 1, ResolvedCount: 2, ResolutionHours: 9 + 30);
        Assert.Equal(expected with { ResolutionHours = 0 }, fold with { ResolutionHours = 0 });
        Assert.Equal(expected.ResolutionHours, fold.ResolutionHours, precision: 6);
        Assert.Equal(expected with { ResolutionHours = 0 }, sql with { ResolutionHours = 0 });
        Assert.Equal(expected.ResolutionHours, sql.ResolutionHours, precision: 3);
    }

    private static string? KeyOf(Seeded c, IndicatorGrouping grouping) => grouping switch
    {
        IndicatorGrouping.City => "city",
        IndicatorGrouping.Street => $"S{c.StreetId}",
        IndicatorGrouping.Department => c.DepartmentId is { } d ? $"P{d}" : null,
        IndicatorGrouping.Category => $"K{c.CategoryId}",
        _ => c.Source,
    };

    private static List<Seeded> SeedRandomCity(TestDatabase db, int seed, int count)
    {
        // Street ids 2–5 (codes S2–S5), department and category ids 1–3 (P1–P3, K1–K3): the codes KeyOf expects.
        var city = new TestCity().District("D", "区", id: 1);
        for (var s = 1; s <= 4; s++) city.Street($"S{1 + s}", $"街道{s}", "D", id: 1 + s);
        for (var d = 1; d <= 3; d++)
            city.Department($"P{d}", $"部门{d}", id: d).Category($"K{d}", $"类别{d}", CategoryKind.Event, hours: 24, urgentHours: 4, id: d);
        db.Insert(city);
        var random = new Random(seed);
        var start = new DateTime(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc);
        string[] sources = ["hotline", "supervisor", "grid", "app"];
        var cases = new List<Seeded>(count);
        DateTime? Maybe(DateTime? after, double probability, double maxHours) =>
            after is { } a && random.NextDouble() < probability ? DapperSetup.Normalize(a.AddMinutes(1 + random.NextDouble() * maxHours * 60)) : null;
        for (var i = 0; i < count; i++)
        {
            var reported = start.AddMinutes(random.Next(60 * 24 * 45));
            var registered = Maybe(reported, 0.9, 6);
            var dispatched = Maybe(registered, 0.9, 4);
            var deadline = dispatched?.AddHours(random.Next(2) == 0 ? 24 : 4);
            var resolved = Maybe(dispatched, 0.8, 40);
            var closed = Maybe(resolved, 0.85, 10);
            var rework = closed is not null && random.NextDouble() < 0.1 ? 1 + random.Next(2) : 0;
            var rated = Maybe(closed, 0.5, 72);
            SatisfactionRating? rating = rated is null ? null : (SatisfactionRating)random.Next(3);
            // The lifecycle: an extension granted, a hold (resumed or not), a return before the dispatch, a void of an open case.
            var extended = Maybe(dispatched, 0.15, 20);
            var held = Maybe(dispatched, 0.1, 20);
            var resumed = Maybe(held, 0.6, 30);
            var returned = Maybe(registered, 0.05, 2);
            var voided = closed is null && resolved is null ? Maybe(registered, 0.1, 30) : null;
            cases.Add(new Seeded(2 + random.Next(4), dispatched is null ? null : 1 + random.Next(3), 1 + random.Next(3),
                sources[random.Next(sources.Length)],
                new CaseFacts(reported, registered, dispatched, deadline, resolved, closed, rework, rating, rated,
                    extended, held, resumed, returned, voided)));
        }
        Insert(db, cases);
        return cases;
    }

    private static void Insert(TestDatabase db, IReadOnlyList<Seeded> cases)
    {
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        TestCity.WriteCases(connection, cases.Select((c, n) => new StoredCase($"T-{n:D6}", c.Source, c.CategoryId, c.StreetId, c.StreetId, c.Facts.ReportedAt)
        {
            DepartmentId = c.DepartmentId, Rating = c.Facts.Rating.Code(), ReworkCount = c.Facts.ReworkCount,
            RegisteredAt = c.Facts.RegisteredAt, DispatchedAt = c.Facts.DispatchedAt, DeadlineAt = c.Facts.DeadlineAt,
            ResolvedAt = c.Facts.ResolvedAt, ClosedAt = c.Facts.ClosedAt, RatedAt = c.Facts.RatedAt,
            ExtendedAt = c.Facts.ExtendedAt, HeldAt = c.Facts.HeldAt, ResumedAt = c.Facts.ResumedAt, ReturnedAt = c.Facts.ReturnedAt,
            VoidedAt = c.Facts.VoidedAt,
        }), tx);
        tx.Commit();
    }
}
