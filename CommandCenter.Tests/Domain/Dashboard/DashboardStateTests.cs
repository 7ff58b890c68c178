using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Tests.Domain.Dashboard;

public sealed class DashboardStateTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.For("Asia/Shanghai");
    // Monday 30 Nov 2026, 17:00 UTC = Tuesday 1 Dec 01:00 in Shanghai.
    private static readonly DateTime Now = new(2026, 11, 30, 17, 0, 0, DateTimeKind.Utc);

    private static DashboardReference Reference() => new(
        [new NamedRef(2, "S01", "济阳街道"), new NamedRef(3, "S02", "济北街道")],
        [new NamedRef(1, "municipal", "市政")],
        [new NamedRef(1, "manhole", "井盖")],
        [new RoadRef(1, "R01", "纬二路", 2)],
        [new LeaderRef(1, "L01", "王局长", "局长", 3)],
        [new LiveAssignment(1, 1, 1, new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31))]);

    private static DashboardState State(params LiveCase[] cases) =>
        new(Reference(), Calendar, 0, 0, cases, [], new Dictionary<string, CallbackCounts>(), [], Now);

    private static LiveCase Header(long id, DateTime reportedAt, long? road = null, string? phone = "13812345678") => new()
    {
        Id = id, CaseNo = $"20261201-{id:D5}", Source = CaseSource.Hotline, CategoryId = 1, StreetId = 2, RoadId = road,
        Description = "井盖缺失", ReporterPhone = phone, ReportedAt = reportedAt, Status = CaseStatus.Reported,
    };

    [Fact]
    public void Apply_CallbackJustAfterLocalMidnight_CountsInTheNewMonth()
    {
        var state = State();
        state.Add(Header(1, Now.AddDays(-10)), []);

        state.Apply(new LiveEvent(1, 1, CaseStep.Satisfaction, Now, Now, Rating: SatisfactionRating.Satisfied));

        Assert.Equal(new CallbackCounts(1, 1), state.CallbacksIn("2026-12"));
        Assert.Equal(default, state.CallbacksIn("2026-11"));
    }

    [Fact]
    public void Apply_EventTheCaseAlreadyIncludes_MovesTheCursorOnly()
    {
        var state = State();
        state.Add(Header(1, Now.AddDays(-3)),
        [
            new LiveEvent(5, 1, CaseStep.Register, Now.AddDays(-3), Now),
            new LiveEvent(6, 1, CaseStep.Dispatch, Now.AddDays(-3), Now, 1, Now.AddDays(-1)),
            new LiveEvent(7, 1, CaseStep.Resolve, Now.AddDays(-2), Now, Method: ResolutionMethod.Service),
            new LiveEvent(8, 1, CaseStep.Verify, Now.AddDays(-2), Now, Passed: false),
        ]);

        state.Apply(new LiveEvent(8, 1, CaseStep.Verify, Now.AddDays(-2), Now, Passed: false));

        var facts = Assert.Single(state.Cases);
        Assert.Equal(1, facts.ReworkCount);
        Assert.Equal(CaseStatus.Dispatched, facts.Status);
        Assert.Null(facts.ResolvedAt);
        Assert.Equal(8, state.LastEventId);
    }

    [Fact]
    public void Apply_TwentyFiveEvents_KeepsTheTwentyNewestWithPhonesMasked()
    {
        var state = State(Header(1, Now.AddHours(-1)));
        for (var i = 1; i <= 25; i++)
            state.Apply(new LiveEvent(i, 1, CaseStep.Escalate, Now, Now, Level: EscalationLevel.Community));

        Assert.Equal(20, state.Latest.Count);
        Assert.Equal(25, state.Latest[0].EventId);
        Assert.Equal(6, state.Latest[^1].EventId);
        Assert.All(state.Latest, e => Assert.Equal("138****5678", e.MaskedPhone));
        Assert.Equal("济阳街道", state.Latest[0].StreetName);
    }

    [Fact]
    public void Apply_EventOfAnUnknownCase_IsRefusedSoTheCallerLoadsItFirst()
    {
        var state = State();

        Assert.False(state.Apply(new LiveEvent(1, 99, CaseStep.Register, Now, Now)));
        Assert.Equal(0, state.LastEventId);
    }

    [Fact]
    public void Build_NoCases_RatesAreDashesAndEverySourceIsListed()
    {
        var snapshot = DashboardProjection.Build(State(), Now, new CompositeWeights());

        Assert.Equal(6, snapshot.BySource.Count);
        Assert.All(snapshot.StreetRanking, r => Assert.Null(r.Composite));
        Assert.All(snapshot.StreetRanking, r => Assert.Null(r.OnTimeClosureRate));
        Assert.Null(snapshot.Satisfaction.ThisMonth.Rate);
        Assert.Null(snapshot.Methods.ServiceShare);
        Assert.Equal(new DateOnly(2026, 12, 1), snapshot.Day);
    }

    [Fact]
    public void Build_OneAmLocal_HourlyTodayHasTwoHoursAndYesterdayAllDay()
    {
        var snapshot = DashboardProjection.Build(State(Header(1, Now.AddMinutes(-30)), Header(2, Now.AddHours(-3))), Now, new CompositeWeights());

        Assert.Equal(24, snapshot.Hourly.Count);
        Assert.Equal(1, snapshot.Hourly[0].Today);
        Assert.Equal(0, snapshot.Hourly[1].Today);
        Assert.Null(snapshot.Hourly[2].Today);
        Assert.Equal(1, snapshot.Hourly[22].Yesterday);
        Assert.Equal(new Compared(1, 0), snapshot.Today.Reported);
    }

    [Fact]
    public void Build_OverdueProblemOnALeadersRoad_RoadIsRed()
    {
        var open = Header(1, Now.AddDays(-3), road: 1);
        open.Status = CaseStatus.Dispatched;
        open.DispatchedAt = Now.AddDays(-3);
        open.DeadlineAt = Now.AddDays(-1);

        var snapshot = DashboardProjection.Build(State(open), Now, new CompositeWeights());

        var leader = Assert.Single(snapshot.Leaders);
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.ProblemsOverdue), leader.Status);
        Assert.Equal(1, leader.SinceCampaignStart.Overdue);
        Assert.Equal(1, snapshot.Today.Overdue);
        Assert.Equal(1, snapshot.Escalation.Grid);
    }

    [Fact]
    public void Apply_CaseResolvedTodayThenReworked_KeepsTodaysResolvedCount()
    {
        // Shanghai 1 Dec 00:10–00:50: every step today.
        var state = State();
        var at = Now.AddMinutes(-50);
        state.Add(Header(1, at), []);
        state.Apply(new LiveEvent(1, 1, CaseStep.Register, at, at));
        state.Apply(new LiveEvent(2, 1, CaseStep.Dispatch, at.AddMinutes(5), at, 1, Now.AddDays(1)));
        state.Apply(new LiveEvent(3, 1, CaseStep.Resolve, at.AddMinutes(10), at, Method: ResolutionMethod.Service));
        var resolved = DashboardProjection.Build(state, Now, new CompositeWeights()).Today;

        state.Apply(new LiveEvent(4, 1, CaseStep.Verify, at.AddMinutes(20), at, Passed: false));
        var reworked = DashboardProjection.Build(state, Now, new CompositeWeights()).Today;

        Assert.Equal(new Compared(1, 0), resolved.Resolved);
        Assert.Equal(new Compared(1, 0), reworked.Resolved);
        Assert.Equal(1, reworked.InProgress);
    }

    [Fact]
    public void Apply_ResolvedYesterdayReworkedAndResolvedAgainToday_CountsOneResolutionEachDay()
    {
        var state = State();
        var yesterday = Now.AddMinutes(-24 * 60 - 30); // 30 Nov 00:30 local: before the same time yesterday (01:00)
        state.Add(Header(1, yesterday.AddHours(-1)), []);
        state.Apply(new LiveEvent(1, 1, CaseStep.Register, yesterday.AddMinutes(-50), yesterday));
        state.Apply(new LiveEvent(2, 1, CaseStep.Dispatch, yesterday.AddMinutes(-40), yesterday, 1, Now.AddDays(1)));
        state.Apply(new LiveEvent(3, 1, CaseStep.Resolve, yesterday, yesterday, Method: ResolutionMethod.Service));
        state.Apply(new LiveEvent(4, 1, CaseStep.Verify, Now.AddMinutes(-40), Now, Passed: false));
        state.Apply(new LiveEvent(5, 1, CaseStep.Resolve, Now.AddMinutes(-20), Now, Method: ResolutionMethod.Management));

        var today = DashboardProjection.Build(state, Now, new CompositeWeights()).Today;

        Assert.Equal(new Compared(1, 1), today.Resolved);
        Assert.Equal([yesterday, Now.AddMinutes(-20)], Assert.Single(state.Cases).Resolutions);
    }

    [Fact]
    public void SnapshotDiff_OneCountDiffers_NamesTheField()
    {
        var a = DashboardProjection.Build(State(Header(1, Now.AddMinutes(-30))), Now, new CompositeWeights());
        var b = DashboardProjection.Build(State(Header(1, Now.AddMinutes(-30)), Header(2, Now.AddMinutes(-20))), Now, new CompositeWeights());

        Assert.Null(SnapshotDiff.FirstDifference(a, a with { Version = 9 }));
        Assert.Equal("Today.Reported.Value: 1 ≠ 2", SnapshotDiff.FirstDifference(a, b));
    }
}
