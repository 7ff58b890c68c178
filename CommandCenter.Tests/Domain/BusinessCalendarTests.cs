using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");

    private static DateTime Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2026-W47", "2026-11-16")]
    [InlineData("2026-W01", "2025-12-29")]
    [InlineData("2026-W53", "2026-12-28")]
    [InlineData("2020-W53", "2020-12-28")]
    [InlineData("2027-W01", "2027-01-04")]
    public void TryParseIsoWeek_ValidWeek_GivesTheWeekFromItsMonday(string text, string monday)
    {
        var ok = Period.TryParseIsoWeek(text, out var week);

        Assert.True(ok);
        Assert.Equal(PeriodKind.Week, week.Kind);
        Assert.Equal(DateOnly.Parse(monday), week.Start);
        Assert.Equal(DateOnly.Parse(monday).AddDays(7), week.End);
        Assert.Equal(DayOfWeek.Monday, week.Start.DayOfWeek);
        Assert.Equal(text, week.Label);
    }

    [Theory]
    [InlineData("2026-W54")]
    [InlineData("2025-W53")]
    [InlineData("2026-W00")]
    [InlineData("2026-W")]
    [InlineData("2026-47")]
    [InlineData("2026W47")]
    [InlineData("2026-X47")]
    [InlineData("2026-W4x")]
    [InlineData("2026-W+1")]
    [InlineData("2026-W-1")]
    [InlineData("26-W47")]
    [InlineData("abcd-W47")]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseIsoWeek_InvalidText_IsRejected(string? text)
    {
        var ok = Period.TryParseIsoWeek(text, out _);

        Assert.False(ok);
    }

    [Theory]
    [InlineData("2026-11", "2026-11-01", "2026-12-01")]
    [InlineData("2026-12", "2026-12-01", "2027-01-01")]
    [InlineData("2024-02", "2024-02-01", "2024-03-01")]
    public void TryParseMonth_ValidMonth_GivesFirstToFirstOfNext(string text, string start, string end)
    {
        var ok = Period.TryParseMonth(text, out var month);

        Assert.True(ok);
        Assert.Equal(new Period(PeriodKind.Month, DateOnly.Parse(start), DateOnly.Parse(end)), month);
        Assert.Equal(text, month.Label);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026")]
    [InlineData("garbage")]
    [InlineData(null)]
    public void TryParseMonth_InvalidText_IsRejected(string? text)
    {
        Assert.False(Period.TryParseMonth(text, out _));
    }

    [Theory]
    [InlineData("2026-11-16", "2026-11-16")] // Monday
    [InlineData("2026-11-19", "2026-11-16")] // Thursday
    [InlineData("2026-11-22", "2026-11-16")] // Sunday ends the week
    [InlineData("2026-11-23", "2026-11-23")] // next Monday starts the next
    [InlineData("2027-01-01", "2026-12-28")] // across the year end
    public void Week_AnyDay_StartsOnMonday(string day, string monday)
    {
        var week = Period.Week(DateOnly.Parse(day));

        Assert.Equal(DateOnly.Parse(monday), week.Start);
        Assert.Equal(DateOnly.Parse(monday).AddDays(7), week.End);
    }

    [Fact]
    public void Previous_Day_IsTheDayBefore()
    {
        Assert.Equal(Period.Day(new DateOnly(2026, 2, 28)), Period.Day(new DateOnly(2026, 3, 1)).Previous());
        Assert.Equal(Period.Day(new DateOnly(2024, 2, 29)), Period.Day(new DateOnly(2024, 3, 1)).Previous());
    }

    [Fact]
    public void Previous_FirstWeekOfYear_IsLastWeekOfPreviousYear()
    {
        Period.TryParseIsoWeek("2026-W01", out var week);

        var previous = week.Previous();

        Assert.Equal(new DateOnly(2025, 12, 22), previous.Start);
        Assert.Equal("2025-W52", previous.Label);
    }

    [Fact]
    public void Previous_January_IsDecemberOfPreviousYear()
    {
        Assert.Equal(Period.Month(2025, 12), Period.Month(2026, 1).Previous());
        Assert.Equal(Period.Month(2026, 2), Period.Month(2026, 3).Previous());
    }

    [Fact]
    public void Next_OfEachKind_IsThePeriodRightAfterAndUndoesPrevious()
    {
        Assert.Equal(Period.Day(new DateOnly(2024, 3, 1)), Period.Day(new DateOnly(2024, 2, 29)).Next());
        Assert.Equal(Period.Week(new DateOnly(2027, 1, 4)), Period.Week(new DateOnly(2026, 12, 31)).Next());   // 2026-W53 → 2027-W01
        Assert.Equal(Period.Month(2027, 1), Period.Month(2026, 12).Next());
        var week = Period.Week(new DateOnly(2026, 11, 23));
        Assert.Equal(week, week.Previous().Next());
    }

    [Fact]
    public void SameLastYear_Day_IsTheSameDateAYearEarlier()
    {
        Assert.Equal(Period.Day(new DateOnly(2025, 11, 22)), Period.Day(new DateOnly(2026, 11, 22)).SameLastYear());
        Assert.Equal(Period.Day(new DateOnly(2023, 2, 28)), Period.Day(new DateOnly(2024, 2, 29)).SameLastYear());
    }

    [Fact]
    public void SameLastYear_Week_IsTheSameIsoWeekNumber()
    {
        Period.TryParseIsoWeek("2026-W47", out var week47);
        Period.TryParseIsoWeek("2026-W53", out var week53);

        Assert.Equal("2025-W47", week47.SameLastYear().Label);
        Assert.Equal(new DateOnly(2025, 11, 17), week47.SameLastYear().Start);
        // 2025 has 52 weeks: week 53 compares with the last one.
        Assert.Equal("2025-W52", week53.SameLastYear().Label);
    }

    [Fact]
    public void SameLastYear_Month_IsTheSameMonthAYearEarlier()
    {
        Assert.Equal(Period.Month(2025, 3), Period.Month(2026, 3).SameLastYear());
    }

    [Fact]
    public void ToUtc_Day_StartsAtShanghaiMidnightWhichIs1600UtcTheDayBefore()
    {
        var range = Shanghai.ToUtc(Period.Day(new DateOnly(2026, 3, 1)));

        Assert.Equal(Utc(2026, 2, 28, 16), range.FromUtc);
        Assert.Equal(Utc(2026, 3, 1, 16), range.ToUtc);
        Assert.Equal(DateTimeKind.Utc, range.FromUtc.Kind);
    }

    [Fact]
    public void ToUtc_WeekAndMonth_CutAtShanghaiMidnight()
    {
        Period.TryParseIsoWeek("2026-W47", out var week);

        Assert.Equal(new UtcRange(Utc(2026, 11, 15, 16), Utc(2026, 11, 22, 16)), Shanghai.ToUtc(week));
        Assert.Equal(new UtcRange(Utc(2026, 2, 28, 16), Utc(2026, 3, 31, 16)), Shanghai.ToUtc(Period.Month(2026, 3)));
    }

    [Fact]
    public void UtcRange_Contains_IncludesStartExcludesEnd()
    {
        var range = Shanghai.ToUtc(Period.Day(new DateOnly(2026, 3, 1)));

        Assert.True(range.Contains(Utc(2026, 2, 28, 16)));
        Assert.True(range.Contains(Utc(2026, 3, 1, 15, 59)));
        Assert.False(range.Contains(Utc(2026, 3, 1, 16)));
        Assert.False(range.Contains(Utc(2026, 2, 28, 15, 59)));
        Assert.False(range.Contains((DateTime?)null));
    }

    [Theory]
    [InlineData(15, 59, "2026-11-22", "2026-11-16")] // Sunday 23:59 local
    [InlineData(16, 0, "2026-11-23", "2026-11-23")] // Monday 00:00 local
    public void TodayAndThisWeek_NearLocalMidnight_FollowTheLocalDate(int hour, int minute, string today, string monday)
    {
        var now = Utc(2026, 11, 22, hour, minute);

        Assert.Equal(Period.Day(DateOnly.Parse(today)), Shanghai.Today(now));
        Assert.Equal(DateOnly.Parse(monday), Shanghai.ThisWeek(now).Start);
    }

    [Fact]
    public void ThisMonth_LastEveningOfTheMonthInUtc_IsAlreadyTheNextMonthLocally()
    {
        Assert.Equal(Period.Month(2026, 4), Shanghai.ThisMonth(Utc(2026, 3, 31, 16, 30)));
        Assert.Equal(Period.Month(2026, 3), Shanghai.ThisMonth(Utc(2026, 3, 31, 15, 30)));
    }

    [Fact]
    public void AsOf_FinishedPeriod_IsItsEnd()
    {
        var asOf = Shanghai.AsOf(Period.Month(2026, 3), Utc(2026, 4, 10, 0));

        Assert.Equal(Utc(2026, 3, 31, 16), asOf);
    }

    [Fact]
    public void AsOf_RunningPeriod_IsNow()
    {
        var now = Utc(2026, 3, 15, 8, 30);

        Assert.Equal(now, Shanghai.AsOf(Period.Month(2026, 3), now));
        Assert.Equal(now, Shanghai.AsOf(Shanghai.Today(now), now));
    }

    [Fact]
    public void ToUtc_LocalWallClockTime_IsEightHoursEarlier()
    {
        var utc = Shanghai.ToUtc(new DateTime(2026, 4, 1, 0, 0, 0));

        Assert.Equal(Utc(2026, 3, 31, 16), utc);
        Assert.Equal(new DateOnly(2026, 4, 1), Shanghai.LocalDate(utc));
        Assert.Equal(new DateOnly(2026, 3, 31), Shanghai.LocalDate(utc.AddMinutes(-1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void For_NoTimeZone_DefaultsToShanghai(string? id)
    {
        var calendar = BusinessCalendar.For(id);

        Assert.Equal(Utc(2026, 2, 28, 16), calendar.StartOfDayUtc(new DateOnly(2026, 3, 1)));
    }
}
