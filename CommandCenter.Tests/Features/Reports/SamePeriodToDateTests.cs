using CommandCenter.Domain;
using CommandCenter.Features.Reports;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>同期: the part of an earlier month a running month is compared with, at the boundaries of month lengths and 29 February.</summary>
public sealed class SamePeriodToDateTests
{
    private static readonly BusinessCalendar Calendar = ReportTestCity.Calendar;

    private static DateTime Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        Calendar.ToUtc(new DateTime(year, month, day, hour, minute, 0));

    [Theory]
    // Running 3 December 10:00: 1–3 November 10:00 and 1–3 December 2025 10:00.
    [InlineData("2026-12-03 10:00", "2026-11", "2026-11-03 10:00")]
    [InlineData("2026-12-03 10:00", "2025-12", "2025-12-03 10:00")]
    // At the month's very start nothing has elapsed: nothing of the earlier month either.
    [InlineData("2026-12-01 00:00", "2026-11", "2026-11-01 00:00")]
    // 30 November 23:00 against October: the same 29 days and 23 hours, not October's 31st.
    [InlineData("2026-11-30 23:00", "2026-10", "2026-10-30 23:00")]
    // 31 March against February (28 days): February has no 29th to 31st, so the whole of it.
    [InlineData("2026-03-31 12:00", "2026-02", "2026-03-01 00:00")]
    [InlineData("2026-03-29 00:00", "2026-02", "2026-03-01 00:00")]
    [InlineData("2026-03-28 23:59", "2026-02", "2026-02-28 23:59")]
    // A leap year: 29 March 00:00 is 28 days in, which February 2028 has (up to 29 February 00:00).
    [InlineData("2028-03-29 00:00", "2028-02", "2028-02-29 00:00")]
    [InlineData("2028-03-30 12:00", "2028-02", "2028-03-01 00:00")]
    // 29 February 2028 noon against February 2027 (28 days): the whole of February 2027; against January: to the 29th noon.
    [InlineData("2028-02-29 12:00", "2027-02", "2027-03-01 00:00")]
    [InlineData("2028-02-28 12:00", "2027-02", "2027-02-28 12:00")]
    [InlineData("2028-02-29 12:00", "2028-01", "2028-01-29 12:00")]
    public void AsOf_RunningMonth_IsTheSameElapsedPartOfTheEarlierMonth(string now, string earlier, string expected)
    {
        var t = Parse(now);
        var month = Calendar.MonthOf(t);

        var asOf = SamePeriodToDate.AsOf(Calendar, month, Calendar.AsOf(month, t), Month(earlier));

        Assert.Equal(Parse(expected), asOf);
    }

    [Fact]
    public void AsOf_FinishedMonth_IsTheWholeEarlierMonth()
    {
        // November (30 days) is over: October counts whole, to 1 November 00:00, not to its 31st.
        var november = Period.Month(2026, 11);
        var asOf = Calendar.AsOf(november, Local(2026, 12, 5));

        Assert.Equal(Local(2026, 11, 1), SamePeriodToDate.AsOf(Calendar, november, asOf, Period.Month(2026, 10)));
        Assert.Equal(Local(2025, 12, 1), SamePeriodToDate.AsOf(Calendar, november, asOf, Period.Month(2025, 11)));
        Assert.False(SamePeriodToDate.IsRunning(Calendar, november, asOf));
    }

    [Fact]
    public void Span_LabelsAWholeMonthByItsKey_AndAPartByItsLocalTimes()
    {
        var december = Period.Month(2026, 12);

        Assert.Equal("2026-12-01 00:00 至 2026-12-03 10:00", SamePeriodToDate.Span(Calendar, december, Local(2026, 12, 3, 10)));
        Assert.Equal("2026-12", SamePeriodToDate.Span(Calendar, december, Local(2027, 1, 1)));
    }

    private static DateTime Parse(string local) =>
        Calendar.ToUtc(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));

    private static Period Month(string label) => Period.TryParseMonth(label, out var month) ? month : throw new ArgumentException(label);
}
