using CommandCenter.Testing;
using Dapper;

namespace CommandCenter.Tests.Features.RoadResponsibility;

/// <summary>
/// Hand-made road-responsibility data on top of <see cref="TestDatabase.InsertReference"/>: leaders, roads, assignments,
/// patrols and cases written by SQL so every count the tests expect can be read off this file.
/// </summary>
public static class RoadResponsibilityTestData
{
    public const long MainLeader = 1;   // 张局长, main leader, 3 a week, owns road 1 (纬二路)
    public const long Leader = 2;       // 李副局长, 1 a week, owns road 2 (经十路)
    public const long PastLeader = 3;   // 王主任, campaign ended in October, owns road 3
    public const long Road2 = 2;
    public const long Road3 = 3;

    public static DateTime Utc(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    public static void InsertLeadersAndRoads(TestDatabase db) => db.Insert(new TestCity()
        .Road("R02", "经十路", "S01", id: Road2).Road("R03", "纬五路", "S01", id: Road3)
        .Leader("L01", "张局长", "局长", isMain: true, patrolsPerWeek: 3, id: MainLeader)
        .Leader("L02", "李副局长", "副局长", patrolsPerWeek: 1, id: Leader)
        .Leader("L03", "王主任", "主任", patrolsPerWeek: 1, id: PastLeader)
        .Assignment("L01", "R01", "2026-03-01", "2026-12-31")
        .Assignment("L02", "R02", "2026-03-01", "2026-12-31")
        .Assignment("L03", "R03", "2026-03-01", "2026-10-31"));

    /// <summary>
    /// Week 2026-W47 (Monday 2026-11-16 … Sunday 2026-11-22 local): the main leader's three patrols (one at 23:50 Sunday local),
    /// one just after midnight into W48, a patrol on someone else's road; road 1's problems: resolved, rejected, overdue (from
    /// Thursday), one from October, one in W48, one before the campaign; road 3's campaign is over.
    /// </summary>
    public static void InsertWeek47Scenario(TestDatabase db)
    {
        InsertLeadersAndRoads(db);
        // The main leader on his road: Monday walk, Wednesday bike, Sunday 23:50 local drive (= Sunday 15:50Z, still W47).
        InsertPatrol(db, MainLeader, TestDatabase.Ref.Road, Utc(11, 16, 1), "walk");
        InsertPatrol(db, MainLeader, TestDatabase.Ref.Road, Utc(11, 18, 2), "bike");
        InsertPatrol(db, MainLeader, TestDatabase.Ref.Road, Utc(11, 22, 15, 50), "drive");
        // Monday 00:05 local of W48 (= Sunday 16:05Z): next week's.
        InsertPatrol(db, MainLeader, TestDatabase.Ref.Road, Utc(11, 22, 16, 5), "walk");
        // The main leader on someone else's road: not his road's patrol, not the other leader's either.
        InsertPatrol(db, MainLeader, Road2, Utc(11, 18, 3), "walk");
        // The other leader patrolled last week only.
        InsertPatrol(db, Leader, Road2, Utc(11, 12, 2), "bike");

        // Road 1 problems.
        InsertCase(db, TestDatabase.Ref.Road, Utc(11, 16, 2), dispatched: Utc(11, 16, 3), deadline: Utc(11, 18, 3), resolved: Utc(11, 17, 3));
        InsertCase(db, TestDatabase.Ref.Road, Utc(11, 17, 2), rejected: Utc(11, 17, 3));
        InsertCase(db, TestDatabase.Ref.Road, Utc(11, 18, 2), dispatched: Utc(11, 18, 3), deadline: Utc(11, 19, 3));
        InsertCase(db, TestDatabase.Ref.Road, Utc(10, 8, 2), dispatched: Utc(10, 8, 3), deadline: Utc(10, 10, 3), resolved: Utc(10, 9, 3), closed: Utc(10, 9, 5));
        // Reported in W48: after T of W47.
        InsertCase(db, TestDatabase.Ref.Road, Utc(11, 23, 2));
        // Reported before the campaign: not since the campaign start.
        InsertCase(db, TestDatabase.Ref.Road, Utc(2, 10, 2));
        // Road 3 (campaign over) has a problem this week, but no row.
        InsertCase(db, Road3, Utc(11, 18, 2));
    }

    public static void InsertPatrol(TestDatabase db, long leader, long road, DateTime startedAt, string mode)
    {
        using var connection = db.Open();
        connection.Execute("""
            INSERT INTO patrols (leader_id, road_id, started_at, ended_at, mode, recorded_at)
            VALUES (@Leader, @Road, @StartedAt, @EndedAt, @Mode, @EndedAt)
            """, new { Leader = leader, Road = road, StartedAt = startedAt, EndedAt = startedAt.AddMinutes(5), Mode = mode });
    }

    private static int _caseNo;

    public static void InsertCase(TestDatabase db, long road, DateTime reported, DateTime? rejected = null, DateTime? dispatched = null,
        DateTime? deadline = null, DateTime? resolved = null, DateTime? closed = null, string level = "grid")
    {
        using var connection = db.Open();
        TestCity.WriteCases(connection, [new StoredCase($"T{Interlocked.Increment(ref _caseNo):000000}", "leader", TestDatabase.Ref.Category,
            TestDatabase.Ref.Grid, TestDatabase.Ref.Street, reported)
        {
            RoadId = road, Description = "井盖破损", Level = level, DepartmentId = dispatched is null ? null : TestDatabase.Ref.Department,
            RejectedAt = rejected, DispatchedAt = dispatched, DeadlineAt = deadline, ResolvedAt = resolved, ClosedAt = closed,
        }]);
    }
}
