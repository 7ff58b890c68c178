using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using Dapper;
using static CommandCenter.Tests.Features.RoadResponsibility.RoadResponsibilityTestData;

namespace CommandCenter.Tests.Features.RoadResponsibility;

/// <summary>The SQL aggregate of the query against <see cref="CommandCenter.Domain.RoadResponsibility.Fold"/>, the definition, on random cases.</summary>
public sealed class RoadResponsibilitySqlMatchesFoldTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly Period Week47 = Period.Week(new DateOnly(2026, 11, 16));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Get_RandomCasesAroundTheWeek_CountsWhatFoldCounts(int seed)
    {
        using var db = TestDatabase.CreateWithReference();
        InsertLeadersAndRoads(db);
        // The campaign starts inside the random window, so "since the campaign" cuts some cases off.
        using (var connection = db.Open())
            connection.Execute("UPDATE road_assignments SET campaign_from = '2026-11-12' WHERE leader_id = @MainLeader", new { MainLeader });
        var random = new Random(seed);
        var weekUtc = Shanghai.ToUtc(Week47);
        var facts = new List<RoadCaseFacts>();
        void Add(RoadCaseFacts f)
        {
            facts.Add(f);
            InsertCase(db, TestDatabase.Ref.Road, f.ReportedAt, f.RejectedAt, f.DispatchedAt, f.DeadlineAt, f.ResolvedAt, f.ClosedAt);
        }
        for (var i = 0; i < 150; i++)
        {
            DateTime At(DateTime after, int maxHours) => after.AddMinutes(random.Next(0, maxHours * 60));
            var reported = At(weekUtc.FromUtc.AddDays(-10), 24 * 20);
            DateTime? rejected = random.NextDouble() < 0.15 ? At(reported, 30) : null;
            DateTime? dispatched = rejected is null && random.NextDouble() < 0.75 ? At(reported, 30) : null;
            DateTime? deadline = dispatched is { } d ? At(d, 96) : null;
            DateTime? resolved = dispatched is { } d2 && random.NextDouble() < 0.5 ? At(d2, 120) : null;
            DateTime? closed = resolved is { } r && random.NextDouble() < 0.6 ? At(r, 30) : null;
            Add(new RoadCaseFacts(reported, rejected, dispatched, deadline, resolved, closed));
        }
        // Boundaries, where "<" and "<=" part ways: times exactly at each T, reports exactly at the week's edges, and a case
        // closed with no resolution time (an imported history can hold one).
        var asOfs = new[] { weekUtc.FromUtc.AddHours(30), Utc(11, 20, 10), weekUtc.ToUtc, weekUtc.ToUtc.AddDays(5) };
        foreach (var t in asOfs)
        {
            Add(new RoadCaseFacts(t.AddHours(-5), t, null, null, null, null));
            Add(new RoadCaseFacts(t.AddHours(-5), null, t.AddHours(-4), t, null, null));
            Add(new RoadCaseFacts(t.AddHours(-5), null, t.AddHours(-4), t.AddHours(-1), t, null));
            Add(new RoadCaseFacts(t.AddHours(-5), null, t, t.AddHours(-1), null, null));
            Add(new RoadCaseFacts(t, null, null, null, null, null));
        }
        Add(new RoadCaseFacts(weekUtc.FromUtc, null, null, null, null, null));
        Add(new RoadCaseFacts(weekUtc.ToUtc, null, null, null, null, null));
        Add(new RoadCaseFacts(weekUtc.FromUtc.AddHours(2), null, weekUtc.FromUtc.AddHours(3), weekUtc.FromUtc.AddHours(4), null, weekUtc.FromUtc.AddHours(5)));
        var query = new RoadResponsibilityQuery(db.Connections, Shanghai, new FixedClock(DateTimeOffset.UnixEpoch));
        var campaign = new UtcRange(Shanghai.StartOfDayUtc(new DateOnly(2026, 11, 12)), DateTime.MaxValue);

        foreach (var asOf in asOfs)
        {
            var row = (await query.GetAsync(weekUtc, asOf, Shanghai.LocalDate(asOf))).Single(r => r.LeaderId == MainLeader);

            Assert.Equal(CommandCenter.Domain.RoadResponsibility.Fold(facts, weekUtc, asOf), row.ProblemsInPeriod);
            Assert.Equal(CommandCenter.Domain.RoadResponsibility.Fold(facts, campaign with { ToUtc = asOf }, asOf), row.ProblemsSinceCampaign);
        }
        Assert.Contains(facts, f => f.ReportedAt < campaign.FromUtc);
    }
}
