using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Components.Shared;

/// <summary>
/// A span of calendar time as people read it, in the UI language (resources <c>Duration.*</c> of SharedResource): from a
/// day on in days and hours ("1天8小时" / "1 d 8 h"), below a day in hours and two-digit minutes ("5小时03分" /
/// "5 h 03 min"); the rest is cut, not rounded (8 h 59 min is "8小时59分", never "9小时"), and a negative span reads as
/// zero. One formatter for every screen that says how long ago or how late: the wall's overdue list ("超期 1天8小时") and
/// the age of a road's open problem on /schedule.
/// </summary>
public static class DurationText
{
    public static string Of(TimeSpan span, IStringLocalizer<SharedResource> strings)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        string N(int value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
        return span.TotalDays >= 1
            ? strings["Duration.DaysHours", N((int)span.TotalDays), N(span.Hours)]
            : strings["Duration.HoursMinutes", N((int)span.TotalHours), N(span.Minutes, "00")];
    }
}
