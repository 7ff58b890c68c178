using CommandCenter.Testing;
using Dapper;

namespace CommandCenter.Tests;

public sealed class TestCityTests
{
    [Fact]
    public void Write_ThreeStreets_LinksEveryRowToItsParentByCode()
    {
        using var db = TestDatabase.CreateMigrated();

        db.Insert(TestCity.ThreeStreets());

        using var connection = db.Open();
        Assert.Equal("S02", connection.ExecuteScalar<string>("SELECT p.code FROM regions g JOIN regions p ON p.id = g.parent_id WHERE g.code = 'G02'"));
        Assert.Equal(("sanitation", "event", 2.0, 1.0), connection.QuerySingle<(string, string, double, double)>("""
            SELECT d.code, c.kind, c.time_limit_hours, c.urgent_time_limit_hours
            FROM categories c JOIN departments d ON d.id = c.department_id WHERE c.code = 'vending'
            """));
        Assert.Equal(("L02", "R03", "2027-01-01"), connection.QuerySingle<(string, string, string)>("""
            SELECT l.code, r.code, a.campaign_from FROM road_assignments a
            JOIN leaders l ON l.id = a.leader_id JOIN roads r ON r.id = a.road_id WHERE a.id = 4
            """));
        Assert.Equal(13, connection.ExecuteScalar<long>("SELECT id FROM regions WHERE code = 'G03'"));
    }

    [Fact]
    public void Write_ParentCodeNotInTheDatabase_ThrowsNamingTheRowAndTheCode()
    {
        using var db = TestDatabase.CreateWithReference();

        var error = Assert.Throws<InvalidOperationException>(() => db.Insert(new TestCity().Road("R09", "无名路", "S09")));

        Assert.Contains("road R09", error.Message);
        Assert.Contains("S09", error.Message);
        Assert.Equal(0, db.Count("roads", "code = 'R09'"));
    }

    [Fact]
    public void WriteCases_StatusIsTheLatestStepAndTimesAreStoredAsTheAppStoresThem()
    {
        using var db = TestDatabase.CreateWithReference();
        var at = new DateTime(2026, 11, 30, 15, 30, 0, 123, DateTimeKind.Utc).AddTicks(4567);
        StoredCase Case(string no) => new(no, "hotline", TestDatabase.Ref.Category, TestDatabase.Ref.Grid, TestDatabase.Ref.Street, at);

        using (var connection = db.Open())
            TestCity.WriteCases(connection,
            [
                Case("reported"), Case("registered") with { RegisteredAt = at }, Case("rejected") with { RegisteredAt = at, RejectedAt = at },
                Case("dispatched") with { RegisteredAt = at, DispatchedAt = at }, Case("resolved") with { DispatchedAt = at, ResolvedAt = at },
                Case("closed") with { ResolvedAt = at, ClosedAt = at },
            ]);

        using var read = db.Open();
        Assert.All(read.Query<(string, string)>("SELECT case_no, status FROM cases"), c => Assert.Equal(c.Item1, c.Item2));
        Assert.Equal(CommandCenter.Data.DapperSetup.Normalize(at), read.ExecuteScalar<DateTime>("SELECT reported_at FROM cases WHERE case_no = 'closed'"));
    }
}
