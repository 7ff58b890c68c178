using System.Globalization;
using CommandCenter.Domain;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// What the page calls a week, seen from today's week: 本周 / 上周 / 下周, otherwise its number (第49周, or 2025年第49周 in
/// another ISO year). Headers and captions follow the selected week with it, so a past week is never called 本周.
/// </summary>
public static class WeekNames
{
    public static string Of(Period week, Period thisWeek, IStringLocalizer<ScheduleResource> s)
    {
        if (week == thisWeek) return s["Schedule.WeekName.This"];
        if (week == thisWeek.Previous()) return s["Schedule.WeekName.Last"];
        if (week == thisWeek.Next()) return s["Schedule.WeekName.Next"];
        var monday = week.Start.ToDateTime(TimeOnly.MinValue);
        var (year, number) = (ISOWeek.GetYear(monday), ISOWeek.GetWeekOfYear(monday));
        return year == ISOWeek.GetYear(thisWeek.Start.ToDateTime(TimeOnly.MinValue))
            ? s["Schedule.WeekName.Number", number]
            : s["Schedule.WeekName.NumberOfYear", number, year];
    }
}
