using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>
/// "One definition per figure", testable: each Today figure that links to /cases has exactly as many cases in the list
/// behind its link (<see cref="FigureLinks"/>) as the live snapshot shows — on a test city at 09:00 on 1 March in Shanghai,
/// with cases on both sides of local midnight (16:00 UTC on 28 February, also the month boundary).
/// </summary>
public sealed class FigureLinksTests : IDisposable
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly DateTime Now = Local(3, 1, 9);
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public FigureLinksTests() => _db.Insert(TestCity.ThreeStreets());

    public void Dispose() => _db.Dispose();

    private static DateTime Local(int month, int day, int hour, int minute = 0) =>
        Shanghai.ToUtc(new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Unspecified));

    private static StoredCase Case(string no, DateTime reportedAt) => new(no, "hotline", 1, 11, 2, reportedAt);

    /// <summary>A case dispatched at <paramref name="dispatched"/> with its deadline.</summary>
    private static StoredCase Dispatched(string no, DateTime dispatched, DateTime deadline) =>
        Case(no, dispatched.AddMinutes(-30)) with { RegisteredAt = dispatched.AddMinutes(-10), DispatchedAt = dispatched, DepartmentId = 1, DeadlineAt = deadline };

    [Fact]
    public async Task TodayFigures_EachLinkedList_HasExactlyTheFiguresCount()
    {
        using (var connection = _db.Open())
            TestCity.WriteCases(connection,
            [
                Case("rep-yesterday-2350", Local(2, 28, 23, 50)),
                Case("rep-today-0010", Local(3, 1, 0, 10)),
                Case("rep-today-0855", Local(3, 1, 8, 55)),
                Case("reg-today", Local(2, 28, 23, 40)) with { RegisteredAt = Local(3, 1, 0, 5) },
                Case("reg-today-0800", Local(3, 1, 7, 40)) with { RegisteredAt = Local(3, 1, 8) },
                Case("reg-yesterday", Local(2, 28, 22, 0)) with { RegisteredAt = Local(2, 28, 23, 59) },
                Dispatched("overdue-yesterday-deadline", Local(2, 27, 9), Local(2, 28, 20)),
                Dispatched("overdue-0859", Local(2, 28, 9), Local(3, 1, 8, 59)),
                Dispatched("open-0930", Local(2, 28, 10), Local(3, 1, 9, 30)),
                // Sunday 09:00: one working hour from now ends on Monday 09:30, so 09:30 today and 09:00 Monday are 即将超期, 10:00 Monday not.
                Dispatched("open-monday-0900", Local(2, 28, 11), Local(3, 2, 9)),
                Dispatched("open-monday-1000", Local(2, 28, 11), Local(3, 2, 10)),
                Dispatched("closed-today", Local(2, 26, 9), Local(2, 27, 9)) with { ResolvedAt = Local(2, 28, 23), ClosedAt = Local(3, 1, 0, 30) },
                Dispatched("closed-yesterday", Local(2, 26, 9), Local(2, 27, 9)) with { ResolvedAt = Local(2, 28, 22), ClosedAt = Local(2, 28, 23, 59) },
            ]);
        // WriteCases leaves last_step_at at the report; the live loader reads a case by its latest step.
        using (var connection = _db.Open())
            Dapper.SqlMapper.Execute(connection, """
                UPDATE cases SET last_step_at = MAX(reported_at, COALESCE(registered_at, reported_at), COALESCE(dispatched_at, reported_at),
                                                    COALESCE(resolved_at, reported_at), COALESCE(closed_at, reported_at))
                """);
        var reference = new ReferenceCatalog(_db.Connections);
        var loader = new DashboardLoader(_db.Connections, reference, new IndicatorsQuery(_db.Connections, reference), Shanghai);
        var rebuilt = await loader.RebuildAsync(Now, CancellationToken.None);
        var today = DashboardProjection.Build(rebuilt.State, Now, new CompositeWeights(), rebuilt.Rankings).Today;
        var list = new CaseListQuery(_db.Connections, reference, Shanghai, new FixedClock(Now));
        var day = Shanghai.LocalDate(Now);

        async Task<long> TotalAsync(CaseFilter filter) => (await list.GetAsync(new CaseListRequest(filter, null, 1))).Total;

        Assert.Equal(today.Reported.Value, await TotalAsync(FigureLinks.ReportedOn(day)));
        Assert.Equal(3, today.Reported.Value);
        Assert.Equal(today.Registered.Value, await TotalAsync(FigureLinks.RegisteredOn(day)));
        Assert.Equal(2, today.Registered.Value);
        Assert.Equal(today.Closed.Value, await TotalAsync(FigureLinks.ClosedOn(day)));
        Assert.Equal(1, today.Closed.Value);
        Assert.Equal(today.InProgress, await TotalAsync(FigureLinks.InProgress));
        Assert.Equal(5, today.InProgress);
        Assert.Equal(today.Overdue, await TotalAsync(FigureLinks.OverdueNow));
        Assert.Equal(2, today.Overdue);
        Assert.Equal(today.SoonDue, await TotalAsync(FigureLinks.SoonDueNow));
        Assert.Equal(2, today.SoonDue);
    }
}
