using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>
/// 即将超期 on every boundary of its definition: dispatched before T, not resolved or closed before T, the deadline in
/// [T, T + one hour). Next to it, 超期未处置 takes over exactly where it ends.
/// </summary>
public sealed class SoonDueTests
{
    private static readonly DateTime T = new(2026, 11, 18, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    public static TheoryData<string, DateTime?, DateTime?, DateTime?, DateTime?, bool> Cases => new()
    {
        { "deadline at T", T.AddHours(-2), T, null, null, true },
        { "deadline just inside the hour", T.AddHours(-2), T + SoonDue.Window - Tick, null, null, true },
        { "deadline at T + one hour", T.AddHours(-2), T + SoonDue.Window, null, null, false },
        { "deadline passed", T.AddHours(-2), T - Tick, null, null, false },
        { "dispatched at T", T, T.AddMinutes(30), null, null, false },
        { "dispatched after T", T + Tick, T.AddMinutes(30), null, null, false },
        { "never dispatched", null, T.AddMinutes(30), null, null, false },
        { "resolved before T", T.AddHours(-2), T.AddMinutes(30), T - Tick, null, false },
        { "resolved at T", T.AddHours(-2), T.AddMinutes(30), T, null, true },
        { "closed before T", T.AddHours(-2), T.AddMinutes(30), null, T - Tick, false },
        { "closed at T", T.AddHours(-2), T.AddMinutes(30), null, T, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsSoonDueAt_OnEachBoundary(string what, DateTime? dispatched, DateTime? deadline, DateTime? resolved, DateTime? closed, bool expected) =>
        Assert.True(expected == SoonDue.IsSoonDueAt(dispatched, deadline, resolved, closed, T), what);

    [Fact]
    public void AtTheDeadline_TheCaseLeavesSoonDueAndBecomesOverdueOneInstantLater()
    {
        var dispatched = T.AddHours(-3);

        Assert.True(SoonDue.IsSoonDueAt(dispatched, T, null, null, T));
        Assert.False(Overdue.IsOverdueAt(dispatched, T, null, null, DeadlineHold.None, T));
        Assert.False(SoonDue.IsSoonDueAt(dispatched, T, null, null, T + Tick));
        Assert.True(Overdue.IsOverdueAt(dispatched, T, null, null, DeadlineHold.None, T + Tick));
    }
}
