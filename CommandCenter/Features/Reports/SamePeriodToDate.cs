using System.Globalization;
using CommandCenter.Domain;

namespace CommandCenter.Features.Reports;

/// <summary>
/// 同期 (the same elapsed part of an earlier month): what 环比 and 同比 compare a month with. A finished month is compared
/// with the whole earlier month. A running month, evaluated at T = now, is compared with the earlier month from its first
/// day 00:00 up to the same local day of the month and time of day as T (the same elapsed days and hours, in the business
/// time zone), so two days are never set against a whole month. A day the earlier month lacks — the 31st against a 30-day
/// month, the 29th or 30th against February, 29 February against a common year's February — ends at the earlier month's
/// end: then the whole earlier month is compared, having had no more days than the running one.
/// </summary>
public static class SamePeriodToDate
{
    /// <summary>T' of <paramref name="earlier"/>: its figures are counted in that month before T'.</summary>
    public static DateTime AsOf(BusinessCalendar calendar, Period month, DateTime asOfUtc, Period earlier)
    {
        var earlierEnd = calendar.ToUtc(earlier).ToUtc;
        if (!IsRunning(calendar, month, asOfUtc)) return earlierEnd;
        var elapsed = calendar.ToLocal(asOfUtc) - month.Start.ToDateTime(TimeOnly.MinValue);
        var local = earlier.Start.ToDateTime(TimeOnly.MinValue) + elapsed;
        return local >= earlier.End.ToDateTime(TimeOnly.MinValue) ? earlierEnd : calendar.ToUtc(local);
    }

    /// <summary>A month is running while T is before its end (T is then now).</summary>
    public static bool IsRunning(BusinessCalendar calendar, Period month, DateTime asOfUtc) => asOfUtc < calendar.ToUtc(month).ToUtc;

    /// <summary>The word between a span's two ends in the Excel file, which is Chinese whatever the UI language.</summary>
    public const string ChineseTo = "至";

    /// <summary>
    /// The span a column of figures covers, as the Excel file labels it: the month (<c>2026-11</c>) when it is counted whole,
    /// else <c>2026-11-01 00:00 至 2026-11-03 10:00</c>.
    /// </summary>
    public static string Span(BusinessCalendar calendar, Period month, DateTime asOfUtc) =>
        Covered(calendar, month, asOfUtc).Text(ChineseTo);

    /// <summary>The span a column of figures covers: the whole month, or from its first day 00:00 to T while it runs.</summary>
    public static ReportSpan Covered(BusinessCalendar calendar, Period month, DateTime asOfUtc) =>
        IsRunning(calendar, month, asOfUtc)
            ? new ReportSpan(month.Label, month.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00",
                calendar.ToLocal(asOfUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
            : new ReportSpan(month.Label, null, null);
}

/// <summary>
/// The span a column of figures covers (统计时段): a whole <see cref="Month"/> (<see cref="From"/> null), or the local times
/// <see cref="From"/> to <see cref="To"/> of a running part; the word between them is the reader's language's.
/// </summary>
public sealed record ReportSpan(string Month, string? From, string? To)
{
    /// <summary><c>2026-11</c>, or <c>2026-11-01 00:00 {to} 2026-11-03 10:00</c> (至 in Chinese, "to" in English).</summary>
    public string Text(string to) => From is null ? Month : $"{From} {to} {To}";
}
