using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Testing;
using Dapper;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>A case as the report tests write it straight into <c>cases</c>. Times are UTC.</summary>
internal sealed record ReportCase(
    long StreetId,
    long? DepartmentId,
    long CategoryId,
    string Source,
    DateTime ReportedAt,
    DateTime? RegisteredAt = null,
    DateTime? DispatchedAt = null,
    DateTime? DeadlineAt = null,
    DateTime? ResolvedAt = null,
    DateTime? ClosedAt = null,
    int ReworkCount = 0,
    string? Method = null,
    string? Rating = null,
    DateTime? RatedAt = null,
    string? Phone = null,
    string Description = "测试",
    string? Address = null,
    DateTime? RejectedAt = null,
    string? CaseNo = null,
    long? RoadId = null,
    DateTime? VoidedAt = null);

/// <summary>
/// A small city for the report tests: three streets (the third never has a case), two departments, two categories,
/// and a deterministic random month of cases with its neighbours (the month before, the same month a year before).
/// </summary>
internal static class ReportTestCity
{
    public const long District = 1, StreetA = 2, StreetB = 3, StreetQuiet = 4;
    public const long Municipal = 1, Sanitation = 2;
    public const long Manhole = 1, Vending = 2;

    public static readonly BusinessCalendar Calendar = BusinessCalendar.For("Asia/Shanghai");

    public static async Task InsertReferenceAsync(DbConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        await new TestCity()
            .District(id: District)
            .Street("S01", "济阳街道", id: StreetA).Street("S02", "济北街道", id: StreetB).Street("S03", "回河街道", id: StreetQuiet)
            .Department("municipal", "市政", id: Municipal).Department("sanitation", "环卫", id: Sanitation)
            .Category("manhole", "井盖", CategoryKind.Component, hours: 48, urgentHours: 4, "municipal", id: Manhole)
            .Category("vending", "占道经营", CategoryKind.Event, hours: 24, urgentHours: 2, "sanitation", id: Vending)
            .WriteAsync(connection);
    }

    public static async Task InsertAsync(DbConnectionFactory connections, IEnumerable<ReportCase> cases)
    {
        await using var connection = await connections.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var n = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases", transaction: tx);
        TestCity.WriteCases(connection, cases.Select(c => new StoredCase(c.CaseNo ?? $"R{++n:D7}", c.Source, c.CategoryId, c.StreetId, c.StreetId, c.ReportedAt)
        {
            RoadId = c.RoadId, DepartmentId = c.DepartmentId, Description = c.Description, Address = c.Address, Phone = c.Phone,
            Method = c.Method, Rating = c.Rating, ReworkCount = c.ReworkCount, RegisteredAt = c.RegisteredAt, RejectedAt = c.RejectedAt,
            DispatchedAt = c.DispatchedAt, DeadlineAt = c.DeadlineAt, ResolvedAt = c.ResolvedAt, ClosedAt = c.ClosedAt, RatedAt = c.RatedAt,
            VoidedAt = c.VoidedAt,
        }), tx);
        await tx.CommitAsync();
    }

    /// <summary>
    /// Random cases reported across <paramref name="month"/> (and a little before it, so some are registered in the month
    /// but reported earlier): rejected, open, overdue, resolved late, closed on time, reworked, rated each way.
    /// </summary>
    public static IEnumerable<ReportCase> RandomMonth(Period month, int count, int seed)
    {
        var random = new Random(seed);
        var range = Calendar.ToUtc(month);
        var span = (range.ToUtc - range.FromUtc).TotalMinutes;
        string[] sources = ["supervisor", "hotline", "grid", "leader", "sensor", "app"];
        string[] methods = ["service", "service", "service", "management", "enforcement"];
        string[] ratings = ["verysatisfied", "satisfied", "satisfied", "dissatisfied"];
        for (var i = 0; i < count; i++)
        {
            var street = random.Next(2) == 0 ? StreetA : StreetB;
            var category = random.Next(3) == 0 ? Vending : Manhole;
            var reported = range.FromUtc.AddMinutes(random.NextDouble() * span - 60 * 24 * 2);
            var source = sources[random.Next(sources.Length)];
            var phone = $"1{random.Next(30, 99)}{random.Next(10_000_000, 99_999_999)}";
            var roll = random.Next(10);
            if (roll == 0)
            {
                yield return new ReportCase(street, null, category, source, reported, Phone: phone);
                continue;
            }
            var registered = reported.AddMinutes(random.Next(5, 600));
            if (roll == 1)
            {
                yield return new ReportCase(street, null, category, source, reported, registered, Phone: phone, RejectedAt: registered.AddMinutes(1));
                continue;
            }
            var department = category == Manhole ? Municipal : Sanitation;
            var dispatched = registered.AddMinutes(random.Next(1, 120));
            var deadline = dispatched.AddHours(category == Manhole ? 48 : 24);
            if (roll == 2)
            {
                yield return new ReportCase(street, department, category, source, reported, registered, dispatched, deadline, Phone: phone);
                continue;
            }
            var resolved = dispatched.AddHours(random.NextDouble() * 70);
            var closed = resolved.AddHours(random.NextDouble() * 6);
            var rework = random.Next(6) == 0 ? 1 : 0;
            var rated = random.Next(3) > 0 ? closed.AddHours(random.Next(1, 72)) : (DateTime?)null;
            yield return new ReportCase(street, department, category, source, reported, registered, dispatched, deadline, resolved,
                roll == 3 ? null : closed, rework, methods[random.Next(methods.Length)],
                rated is null || roll == 3 ? null : ratings[random.Next(ratings.Length)], roll == 3 ? null : rated, phone);
        }
    }
}
