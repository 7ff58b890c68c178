using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Live;
using Dapper;

namespace CommandCenter.Tests.Domain;

/// <summary>
/// Each SQL condition beside a definition of <c>Domain/</c> run on SQLite, case by case, against the C# definition: random
/// cases and hand-picked ones on the boundaries where "&lt;" and "&lt;=" part ways (times exactly at T, a case closed exactly
/// at its deadline, a rating at 23:30 local on a month's last day).
/// </summary>
public sealed class DefinitionSqlTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly Period November = Period.Month(2026, 11);
    private static readonly UtcRange NovemberUtc = Shanghai.ToUtc(November);

    private sealed record Facts(DateTime Reported, DateTime? Dispatched, DateTime? Deadline, DateTime? Resolved, DateTime? Closed,
        SatisfactionRating? Rating, DateTime? RatedAt, DateTime? Held = null, DateTime? Resumed = null, DateTime? Voided = null)
    {
        public DeadlineHold Hold => new(Held, Resumed, Voided);
    }

    /// <summary>The T the overdue tests evaluate at: mid-month, the month's end, and a time after it.</summary>
    private static readonly DateTime[] AsOfs = [new(2026, 11, 18, 7, 30, 0, DateTimeKind.Utc), NovemberUtc.ToUtc, NovemberUtc.ToUtc.AddDays(3)];

    private static List<Facts> RandomCases(int seed)
    {
        var random = new Random(seed);
        var cases = new List<Facts>();
        DateTime? Maybe(DateTime? after, double probability, int maxHours) =>
            after is { } a && random.NextDouble() < probability ? a.AddMinutes(random.Next(0, maxHours * 60)) : null;
        for (var i = 0; i < 400; i++)
        {
            var reported = NovemberUtc.FromUtc.AddDays(-5).AddMinutes(random.Next(60 * 24 * 40));
            var dispatched = Maybe(reported, 0.8, 12);
            var deadline = dispatched?.AddHours(random.Next(2) == 0 ? 24 : 4);
            var resolved = Maybe(dispatched, 0.6, 48);
            var closed = Maybe(resolved ?? dispatched, 0.6, 24);
            var rated = Maybe(closed, 0.6, 72);
            // 缓办 (resumed or not) and 作废 now and then: they take a case out of 应结案 and 超期未处置.
            var held = resolved is null ? Maybe(dispatched, 0.2, 24) : null;
            var resumed = Maybe(held, 0.5, 48);
            var voided = closed is null && held is null ? Maybe(dispatched, 0.1, 24) : null;
            cases.Add(new Facts(reported, dispatched, deadline, resolved, closed,
                rated is null ? null : (SatisfactionRating)random.Next(3), rated, held, resumed, voided));
        }
        return cases;
    }

    /// <summary>Cases whose times sit exactly on each T, and one closed exactly at its deadline.</summary>
    private static IEnumerable<Facts> BoundaryCases()
    {
        foreach (var t in AsOfs)
        {
            yield return new Facts(t.AddHours(-5), t.AddHours(-4), t, null, null, null, null);                  // deadline exactly at T
            yield return new Facts(t.AddHours(-5), t.AddHours(-4), t.AddSeconds(-1), null, null, null, null);    // just past it
            yield return new Facts(t.AddHours(-5), t, t.AddHours(-1), null, null, null, null);                  // dispatched at T
            yield return new Facts(t.AddHours(-5), t.AddHours(-4), t.AddHours(-1), t, null, null, null);        // resolved at T
            yield return new Facts(t.AddHours(-5), t.AddHours(-4), t.AddHours(-1), null, t, null, null);        // closed at T
            yield return new Facts(t.AddHours(-5), t.AddHours(-4), t.AddHours(-2), t.AddHours(-3), t.AddHours(-2), null, null); // closed at its deadline
            yield return new Facts(t.AddHours(-5), t.AddHours(-4), t.AddHours(-1), null, null, null, null, Held: t);            // held at T: not yet on hold
            yield return new Facts(t.AddHours(-5), t.AddHours(-4), t.AddHours(-1), null, null, null, null, Held: t.AddHours(-2), Resumed: t); // resumed at T: still on hold
            yield return new Facts(t.AddHours(-5), t.AddHours(-4), t.AddHours(-1), null, null, null, null, Voided: t);          // voided at T: not yet void
        }
    }

    private static TestDatabase Seed(IReadOnlyList<Facts> cases)
    {
        var db = TestDatabase.CreateWithReference();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        for (var i = 0; i < cases.Count; i++)
        {
            var f = cases[i];
            connection.Execute("""
                INSERT INTO cases (id, case_no, source, category_id, region_id, street_id, description, status, level, rating,
                                   reported_at, dispatched_at, deadline_at, resolved_at, closed_at, rated_at, last_step_at,
                                   held_at, resumed_at, voided_at)
                VALUES (@Id, @CaseNo, 'hotline', @Category, @Grid, @Street, '测试', 'reported', 'grid', @Rating,
                        @Reported, @Dispatched, @Deadline, @Resolved, @Closed, @RatedAt, @Reported, @Held, @Resumed, @Voided)
                """, new
            {
                Id = i + 1, CaseNo = $"D-{i:D6}", TestDatabase.Ref.Category, TestDatabase.Ref.Grid, TestDatabase.Ref.Street,
                Rating = f.Rating.Code(), f.Reported, f.Dispatched, f.Deadline, f.Resolved, f.Closed, f.RatedAt, f.Held, f.Resumed, f.Voided,
            }, tx);
        }
        tx.Commit();
        return db;
    }

    /// <summary>The condition evaluated on every case, in insertion order.</summary>
    private static List<bool> Evaluate(TestDatabase db, string condition, object? parameters = null)
    {
        using var connection = db.Open();
        return connection.Query<long>($"SELECT CASE WHEN {condition} THEN 1 ELSE 0 END FROM cases ORDER BY id", parameters)
            .Select(v => v == 1).ToList();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void IsOverdueAtCondition_EqualsIsOverdueAt_CaseByCase(int seed)
    {
        var cases = RandomCases(seed).Concat(BoundaryCases()).ToList();
        using var db = Seed(cases);

        foreach (var t in AsOfs)
        {
            var sql = Evaluate(db, Overdue.IsOverdueAtCondition, new { AsOf = DapperSetup.Normalize(t) });
            var csharp = cases.Select(c => Overdue.IsOverdueAt(c.Dispatched, c.Deadline, c.Resolved, c.Closed, c.Hold, t)).ToList();

            Assert.Equal(csharp, sql);
            Assert.Contains(true, sql);
            Assert.Contains(false, sql);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void IsDueByCondition_EqualsIsDueBy_CaseByCase(int seed)
    {
        var cases = RandomCases(seed).Concat(BoundaryCases()).ToList();
        using var db = Seed(cases);

        foreach (var t in AsOfs)
        {
            var sql = Evaluate(db, Overdue.IsDueByCondition, new { AsOf = DapperSetup.Normalize(t) });

            Assert.Equal(cases.Select(c => Overdue.IsDueBy(c.Closed, c.Deadline, c.Hold, t)), sql);
            // The boundary case whose deadline is exactly T (not closed) is not yet due; one second past it is.
            var atT = cases.FindIndex(c => c.Deadline == t && c.Closed is null);
            var justPast = cases.FindIndex(c => c.Deadline == t.AddSeconds(-1) && c.Closed is null);
            Assert.False(sql[atT]);
            Assert.True(sql[justPast]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void IsClosedOnTimeCondition_EqualsIsClosedOnTime_CaseByCase(int seed)
    {
        var cases = RandomCases(seed).Concat(BoundaryCases()).ToList();
        using var db = Seed(cases);

        var sql = Evaluate(db, Overdue.IsClosedOnTimeCondition);

        Assert.Equal(cases.Select(c => Overdue.IsClosedOnTime(c.Closed, c.Deadline)), sql);
        // The boundary case closed exactly at its deadline is on time in both.
        var atDeadline = cases.FindIndex(c => c.Closed is { } closed && closed == c.Deadline);
        Assert.True(sql[atDeadline]);
    }

    [Fact]
    public void IsSatisfiedCondition_EqualsIsSatisfied_ForEveryRating()
    {
        var at = NovemberUtc.FromUtc.AddDays(1);
        var cases = Enum.GetValues<SatisfactionRating>().Select(r => (SatisfactionRating?)r).Append(null)
            .Select(r => new Facts(at, null, null, null, null, r, r is null ? null : at)).ToList();
        using var db = Seed(cases);

        var sql = Evaluate(db, Satisfaction.IsSatisfiedCondition);

        Assert.Equal(cases.Select(c => Satisfaction.IsSatisfied(c.Rating)), sql);
        Assert.Equal([true, true, false, false], sql);
    }

    /// <summary>
    /// The live rebuild's month of callbacks (<see cref="DashboardLoader.CallbacksSql"/> over a month's UTC range) against the
    /// month key of each rating's time (<see cref="BusinessCalendar.MonthOf"/>) and <see cref="Satisfaction.IsSatisfied"/>: the
    /// counts the live projection keeps per key.
    /// </summary>
    [Fact]
    public void CallbacksSql_PerMonth_EqualsTheMonthKeyAndSatisfiedOfEachRating()
    {
        var random = new Random(7);
        var lastDay2330 = new DateTime(2026, 11, 30, 15, 30, 0, DateTimeKind.Utc); // 23:30 local on 30 November
        var cases = Enumerable.Range(0, 300)
            .Select(_ => NovemberUtc.FromUtc.AddDays(-20).AddMinutes(random.Next(60 * 24 * 70)))
            .Concat([lastDay2330, NovemberUtc.ToUtc, NovemberUtc.FromUtc, NovemberUtc.FromUtc.AddSeconds(-1)])
            .Select(t => new Facts(t.AddDays(-3), null, null, null, null, (SatisfactionRating)random.Next(3), t)).ToList();
        using var db = Seed(cases);
        using var connection = db.Open();

        Assert.Equal("2026-11", Shanghai.MonthOf(lastDay2330).Label);
        Assert.Equal("2026-12", Shanghai.MonthOf(NovemberUtc.ToUtc).Label);
        for (var month = Period.Month(2026, 10); month.Start < new DateOnly(2027, 2, 1); month = month.Next())
        {
            var range = Shanghai.ToUtc(month);
            var row = connection.QuerySingle<(long Callbacks, long? Satisfied)>(DashboardLoader.CallbacksSql,
                new { From = DapperSetup.Normalize(range.FromUtc), To = DapperSetup.Normalize(range.ToUtc) });
            var inMonth = cases.Where(c => Shanghai.MonthOf(c.RatedAt!.Value).Label == month.Label).ToList();

            Assert.Equal((inMonth.Count, inMonth.Count(c => Satisfaction.IsSatisfied(c.Rating))), (row.Callbacks, row.Satisfied ?? 0));
        }
    }

    [Fact]
    public void CampaignCoversCondition_EqualsCampaignCovers_ForWeeksAndDays()
    {
        using var db = TestDatabase.CreateWithReference();
        var random = new Random(3);
        var first = new DateOnly(2026, 11, 1);
        var campaigns = Enumerable.Range(0, 200)
            .Select(_ => first.AddDays(random.Next(60)))
            .Select(from => (From: from, To: from.AddDays(random.Next(0, 20))))
            .ToList();
        var week = Period.Week(new DateOnly(2026, 11, 18)); // 16–22 November
        // Boundaries: ends on the week's first day, starts on its last, starts the day after it, ends the day before it.
        campaigns.AddRange([(week.Start.AddDays(-10), week.Start), (week.End.AddDays(-1), week.End.AddDays(5)),
            (week.End, week.End.AddDays(5)), (week.Start.AddDays(-10), week.Start.AddDays(-1))]);
        using var connection = db.Open();
        connection.Execute("INSERT INTO leaders (id, code, name, title, is_main, required_patrols_per_week) VALUES (1, 'L01', '张局长', '局长', 1, 3)");
        for (var i = 0; i < campaigns.Count; i++)
            connection.Execute("INSERT INTO road_assignments (id, leader_id, road_id, campaign_from, campaign_to) VALUES (@Id, 1, @Road, @From, @To)",
                new { Id = i + 1, TestDatabase.Ref.Road, campaigns[i].From, campaigns[i].To });

        var periods = new List<(DateOnly First, DateOnly End)> { (week.Start, week.End) };
        periods.AddRange(Enumerable.Range(0, 70).Select(d => (first.AddDays(d), first.AddDays(d + 1))));
        foreach (var (firstDay, endDay) in periods)
        {
            var sql = connection.Query<long>(
                $"SELECT CASE WHEN {RoadResponsibility.CampaignCoversCondition} THEN 1 ELSE 0 END FROM road_assignments a ORDER BY a.id",
                new { FirstDay = firstDay, EndDay = endDay }).Select(v => v == 1).ToList();

            Assert.Equal(campaigns.Select(c => RoadResponsibility.CampaignCovers(c.From, c.To, firstDay, endDay)), sql);
        }
        var weekCovers = campaigns.TakeLast(4).Select(c => RoadResponsibility.CampaignCovers(c.From, c.To, week.Start, week.End));
        Assert.Equal([true, true, false, false], weekCovers);
    }
}
