using System.Globalization;
using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>
/// 工作时间 arithmetic (<see cref="WorkingTime"/>) around the 2025 National Day and Mid-Autumn holiday: 1–8 October off,
/// Sunday 28 September and Saturday 11 October working days; default working hours 08:30–12:00 and 13:30–17:30 in Shanghai.
/// </summary>
public sealed class WorkingTimeTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");

    public static readonly HolidayCalendar NationalDay2025 = new(
        Enumerable.Range(1, 8).Select(d => new CalendarDay(new DateOnly(2025, 10, d), "国庆节、中秋节", IsOffDay: true))
            .Append(new CalendarDay(new DateOnly(2025, 9, 28), "国庆节、中秋节调休上班", IsOffDay: false))
            .Append(new CalendarDay(new DateOnly(2025, 10, 11), "国庆节、中秋节调休上班", IsOffDay: false)));

    private static readonly WorkingTime Time = new(Shanghai, NationalDay2025);

    /// <summary>A Shanghai wall-clock time <c>yyyy-MM-dd HH:mm</c> as UTC.</summary>
    private static DateTime Local(string text) =>
        Shanghai.ToUtc(DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    [Theory]
    // Monday 22 September: the lunch break does not count.
    [InlineData("2025-09-22 11:00", 2, "workingHours", "2025-09-22 14:30")]
    // A limit that runs out exactly at 12:00 is due at 12:00, not when the afternoon starts.
    [InlineData("2025-09-22 10:00", 2, "workingHours", "2025-09-22 12:00")]
    // Dispatched during the lunch break: the clock starts at 13:30.
    [InlineData("2025-09-22 12:30", 0.5, "workingHours", "2025-09-22 14:00")]
    // Dispatched at 23:00: the clock starts at 08:30 the next working day.
    [InlineData("2025-09-22 23:00", 1, "workingHours", "2025-09-23 09:30")]
    // Friday 17:00: half an hour on Friday, Saturday off, then the make-up Sunday 28 September works.
    [InlineData("2025-09-26 17:00", 1, "workingHours", "2025-09-28 09:00")]
    // The eve of the holiday: half an hour on 30 September, 1–8 October off, 3.5 h on Thursday 9 October ends at 12:00.
    [InlineData("2025-09-30 17:00", 4, "workingHours", "2025-10-09 12:00")]
    // The same dispatch in calendar hours (自然时) is due that evening.
    [InlineData("2025-09-30 17:00", 4, "hours", "2025-09-30 21:00")]
    // 1 工作日 (7.5 h) from the make-up Saturday 11 October 09:00: 7 h that day, Sunday off, 0.5 h on Monday.
    [InlineData("2025-10-11 09:00", 1, "workingDays", "2025-10-13 09:00")]
    // 2 工作日 from 30 September 09:00: 7 h, the holiday, 7.5 h on 9 October, 0.5 h on 10 October.
    [InlineData("2025-09-30 09:00", 2, "workingDays", "2025-10-10 09:00")]
    // Dispatched at the end of a Friday's work: Monday morning.
    [InlineData("2025-10-17 17:30", 0.5, "workingHours", "2025-10-20 09:00")]
    public void Deadline_DispatchAroundTheHoliday_IsDueAfterTheLimitInItsUnit(string dispatched, double amount, string unit, string due)
    {
        Assert.True(TimeLimitUnits.TryParse(unit, out var parsed));

        var deadline = Time.Deadline(Local(dispatched), new TimeLimit(amount, parsed));

        Assert.Equal(Local(due), deadline);
        Assert.Equal(DateTimeKind.Utc, deadline.Kind);
    }

    [Theory]
    [InlineData("2025-09-30 17:00", "2025-10-09 12:00", 4)]
    [InlineData("2025-09-26 12:00", "2025-09-26 13:30", 0)]
    [InlineData("2025-09-30 09:00", "2025-10-10 09:00", 15)]
    // A whole holiday week works not at all.
    [InlineData("2025-10-01 00:00", "2025-10-09 00:00", 0)]
    // Sunday 28 September works a full day; Saturday 27 September does not.
    [InlineData("2025-09-27 00:00", "2025-09-29 00:00", 7.5)]
    [InlineData("2025-10-09 12:00", "2025-09-30 17:00", -4)]
    public void Between_TwoInstants_CountsOnlyWorkingStretches(string from, string to, double hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), Time.Between(Local(from), Local(to)));
    }

    [Fact]
    public void Between_AnyStartAndAmount_GivesBackTheAmountAdded()
    {
        var random = new Random(2025);
        for (var i = 0; i < 500; i++)
        {
            var start = Local("2025-09-20 00:00").AddMinutes(random.Next(0, 40 * 24 * 60));
            var amount = TimeSpan.FromMinutes(random.Next(1, 60 * 40));

            var end = Time.Add(start, amount);

            Assert.Equal(amount, Time.Between(start, end));
            Assert.True(Time.Between(start, end.AddMinutes(-1)) < amount, $"{start:O} + {amount}: {end:O} is not the earliest instant");
        }
    }

    [Fact]
    public void WorkingHours_Default_IsSevenAndAHalfHoursInTwoStretches()
    {
        Assert.Equal(TimeSpan.FromHours(7.5), WorkingHours.Default.PerDay);
        Assert.Equal("08:30-12:00,13:30-17:30", WorkingHours.Default.ToString());
        Assert.Equal(TimeSpan.FromHours(7.5), Shanghai.WorkingHours.PerDay);
    }

    [Fact]
    public void Deadline_OtherWorkingHours_CountsAWorkingDayInThem()
    {
        var time = new WorkingTime(BusinessCalendar.For("Asia/Shanghai", "09:00-17:00"), HolidayCalendar.None);

        Assert.Equal(Local("2025-09-23 10:00"), time.Deadline(Local("2025-09-22 10:00"), TimeLimit.WorkingDays(1)));
        Assert.Equal(Local("2025-09-22 17:00"), time.Deadline(Local("2025-09-22 08:00"), TimeLimit.WorkingHours(8)));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("08:30-12", "has '08:30-12', not a stretch HH:mm-HH:mm")]
    [InlineData("8h-12h", "has '8h-12h', not a stretch")]
    [InlineData("17:30-08:30", "has '17:30-08:30', which does not end after it starts")]
    [InlineData("13:30-17:30,08:30-12:00", "has '08:30-12:00', which does not start after the stretch before it ends")]
    [InlineData("08:30-12:00,12:00-17:30", "has '12:00-17:30', which does not start after")]
    public void WorkingHours_BadText_IsRefusedSayingWhy(string text, string error)
    {
        var refused = Assert.Throws<FormatException>(() => WorkingHours.Parse(text));

        Assert.Contains(error, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HolidayCalendar_NamedDaysOverrideTheWeek_AndADateNamedTwiceIsRefused()
    {
        Assert.False(NationalDay2025.IsWorkingDay(new DateOnly(2025, 10, 6)));
        Assert.True(NationalDay2025.IsWorkingDay(new DateOnly(2025, 10, 11)));
        Assert.True(NationalDay2025.IsWorkingDay(new DateOnly(2025, 10, 10)));
        Assert.False(NationalDay2025.IsWorkingDay(new DateOnly(2025, 10, 12)));

        var twice = Assert.Throws<ArgumentException>(() => new HolidayCalendar([
            new CalendarDay(new DateOnly(2025, 1, 1), "元旦", true), new CalendarDay(new DateOnly(2025, 1, 1), "元旦", true)]));
        Assert.Contains("2025-01-01", twice.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("workingHours", TimeLimitUnit.WorkingHours)]
    [InlineData("workingDays", TimeLimitUnit.WorkingDays)]
    [InlineData("hours", TimeLimitUnit.Hours)]
    public void TimeLimitUnit_Code_ReadsBack(string code, TimeLimitUnit unit)
    {
        Assert.Equal(code, unit.Code());
        Assert.True(TimeLimitUnits.TryParse(code, out var read));
        Assert.Equal(unit, read);
        Assert.False(TimeLimitUnits.TryParse(code.ToUpperInvariant(), out _));
    }
}
