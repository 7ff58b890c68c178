using System.Globalization;
using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>
/// 即将超期 on every boundary of its definition: dispatched before T, not resolved or closed before T, the deadline at or after
/// T with less than one working hour left — around a lunch break, a weekend and the 2025 National Day holiday (1–8 October
/// off; Sunday 28 September and Saturday 11 October working days). Next to it, 超期未处置 takes over exactly where it ends.
/// </summary>
public sealed class SoonDueTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly WorkingTime Working = new(Shanghai, WorkingTimeTests.NationalDay2025);

    /// <summary>Wednesday 18 November 2026, 16:00 in Shanghai: a working hour is a calendar hour until 17:00.</summary>
    private static readonly DateTime T = new(2026, 11, 18, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static DateTime Local(string text) =>
        Shanghai.ToUtc(DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    private static bool SoonDueAt(DateTime? dispatched, DateTime? deadline, DateTime? resolved, DateTime? closed, DateTime asOf) =>
        SoonDue.IsSoonDueAt(dispatched, deadline, resolved, closed, DeadlineHold.None, SoonDue.WindowAt(Working, asOf));

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
        Assert.True(expected == SoonDueAt(dispatched, deadline, resolved, closed, T), what);

    [Theory]
    // Monday 22 September, before lunch: the hour ends at 12:00 — a deadline exactly then has a full working hour left.
    [InlineData("2025-09-22 11:00", "2025-09-22 11:59", true)]
    [InlineData("2025-09-22 11:00", "2025-09-22 12:00", false)]
    [InlineData("2025-09-22 11:00", "2025-09-22 13:30", false)]
    // Half an hour before lunch and half an hour after it.
    [InlineData("2025-09-22 11:30", "2025-09-22 12:45", true)]
    [InlineData("2025-09-22 11:30", "2025-09-22 13:59", true)]
    [InlineData("2025-09-22 11:30", "2025-09-22 14:00", false)]
    // During the lunch break: the hour is the first one of the afternoon.
    [InlineData("2025-09-22 12:30", "2025-09-22 14:29", true)]
    [InlineData("2025-09-22 12:30", "2025-09-22 14:30", false)]
    // Friday 19 September 17:00: half an hour that day, the weekend off, half an hour on Monday morning.
    [InlineData("2025-09-19 17:00", "2025-09-20 10:00", true)]
    [InlineData("2025-09-19 17:00", "2025-09-22 08:59", true)]
    [InlineData("2025-09-19 17:00", "2025-09-22 09:00", false)]
    [InlineData("2025-09-19 16:30", "2025-09-22 08:30", false)]
    // Friday 26 September 17:00: Sunday 28 September is a make-up working day, so the hour ends on Sunday at 09:00.
    [InlineData("2025-09-26 17:00", "2025-09-28 08:59", true)]
    [InlineData("2025-09-26 17:00", "2025-09-28 09:00", false)]
    [InlineData("2025-09-26 17:00", "2025-09-29 08:30", false)]
    // The eve of National Day: 1–8 October off, the hour ends on 9 October at 09:00.
    [InlineData("2025-09-30 17:00", "2025-10-05 12:00", true)]
    [InlineData("2025-09-30 17:00", "2025-10-09 08:59", true)]
    [InlineData("2025-09-30 17:00", "2025-10-09 09:00", false)]
    [InlineData("2025-09-30 16:29", "2025-10-09 08:30", false)]
    // Friday 10 October 17:00: Saturday 11 October is a make-up working day.
    [InlineData("2025-10-10 17:00", "2025-10-11 08:59", true)]
    [InlineData("2025-10-10 17:00", "2025-10-11 09:00", false)]
    public void IsSoonDueAt_InWorkingTime(string asOf, string deadline, bool expected)
    {
        var t = Local(asOf);

        Assert.Equal(expected, SoonDueAt(t.AddDays(-1), Local(deadline), null, null, t));
        // The same as counting the working time left: less than one hour.
        Assert.Equal(expected, SoonDue.WorkingTimeLeft(Working, Local(deadline), t) < SoonDue.Window);
    }

    [Fact]
    public void WindowEnd_IsWhereLessThanOneWorkingHourIsLeft_ForAnyInstantAndDeadline()
    {
        var random = new Random(17);
        var start = Local("2025-09-15 00:00");
        for (var i = 0; i < 2000; i++)
        {
            var t = start.AddMinutes(random.Next(0, 40 * 24 * 60));
            var deadline = t.AddMinutes(random.Next(0, 12 * 24 * 60));
            var window = SoonDue.WindowAt(Working, t);

            Assert.True(deadline < window.Until == Working.Between(t, deadline) < SoonDue.Window,
                $"T {t:O}, deadline {deadline:O}, window end {window.Until:O}");
        }
    }

    [Theory]
    [InlineData("2025-09-22 09:30", "2025-09-22 08:30")]
    // Not 12:00: from 12:00 to 13:30 there is a full working hour left too; the last such instant is 13:30.
    [InlineData("2025-09-22 14:30", "2025-09-22 13:30")]
    [InlineData("2025-09-22 14:00", "2025-09-22 11:30")]
    [InlineData("2025-09-22 09:00", "2025-09-19 17:00")]
    [InlineData("2025-10-09 09:00", "2025-09-30 17:00")]
    [InlineData("2025-09-29 08:30", "2025-09-28 16:30")]
    // A deadline outside working hours (an urgent case in calendar hours): one working hour before the end of work.
    [InlineData("2025-10-04 10:00", "2025-09-30 16:30")]
    public void StartsAfter_IsTheLastInstantWithAFullWorkingHourLeft(string deadline, string last)
    {
        var d = Local(deadline);
        var dispatched = d.AddDays(-20);

        Assert.Equal(Local(last), SoonDue.StartsAfter(Working, d));
        Assert.False(SoonDueAt(dispatched, d, null, null, Local(last)));
        Assert.True(SoonDueAt(dispatched, d, null, null, Local(last) + Tick));
    }

    [Fact]
    public void StartsAfter_AnyDeadline_LeavesExactlyOneWorkingHour()
    {
        var random = new Random(1001);
        for (var i = 0; i < 500; i++)
        {
            var deadline = Local("2025-09-20 00:00").AddMinutes(random.Next(0, 40 * 24 * 60));

            var last = SoonDue.StartsAfter(Working, deadline);

            Assert.Equal(SoonDue.Window, Working.Between(last, deadline));
            Assert.True(Working.Between(last + TimeSpan.FromMinutes(1), deadline) < SoonDue.Window, $"{deadline:O}: {last:O} is not the last instant");
        }
    }

    [Fact]
    public void AtTheDeadline_TheCaseLeavesSoonDueAndBecomesOverdueOneInstantLater()
    {
        var dispatched = T.AddHours(-3);

        Assert.True(SoonDueAt(dispatched, T, null, null, T));
        Assert.False(Overdue.IsOverdueAt(dispatched, T, null, null, DeadlineHold.None, T));
        Assert.False(SoonDueAt(dispatched, T, null, null, T + Tick));
        Assert.True(Overdue.IsOverdueAt(dispatched, T, null, null, DeadlineHold.None, T + Tick));
    }

    [Fact]
    public void OnHoldOrVoid_AtT_IsNotSoonDue_ResumedBeforeT_IsAgain()
    {
        var (dispatched, deadline) = (T.AddHours(-2), T.AddMinutes(30));
        bool At(DeadlineHold hold) => SoonDue.IsSoonDueAt(dispatched, deadline, null, null, hold, SoonDue.WindowAt(Working, T));

        Assert.True(At(DeadlineHold.None));
        Assert.False(At(new DeadlineHold(T.AddHours(-1), null, null)));
        Assert.True(At(new DeadlineHold(T.AddHours(-1), T - Tick, null)));
        Assert.False(At(new DeadlineHold(null, null, T - Tick)));
        // Held at T itself: not yet on hold (a step counts from the instant after it), as 超期 reads it.
        Assert.True(At(new DeadlineHold(T, null, null)));
    }
}
