using System.Globalization;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// The weekly dispatch meeting's workbook for week W: the road-responsibility table of W, and the patrol plan and duty
/// roster of the week after (the plan the meeting sets). Headers in the request's language.
/// </summary>
public sealed class ScheduleWorkbook(RoadResponsibilityQuery roads, PatrolPlanStore plans, DutyRosterStore roster,
    BusinessCalendar calendar, IStringLocalizer<ScheduleResource> s)
{
    public async Task WriteAsync(Stream output, Period week, CancellationToken cancellationToken = default)
    {
        var planWeek = week.Next();
        var rows = await roads.GetWeekAsync(week, cancellationToken);
        var planRows = await plans.WeekAsync(planWeek, cancellationToken);
        var rosterRows = await roster.WeekAsync(planWeek, cancellationToken);

        var sheets = new Dictionary<string, object>
        {
            [$"{s["Schedule.Tab.Roads"]} {week.Label}"] = rows.Select(RoadSheetRow).ToList(),
            [$"{s["Schedule.Plan.Title"]} {planWeek.Label}"] = planRows.Select(p => PlanSheetRow(p, planWeek)).ToList(),
            [$"{s["Schedule.Roster.Title"]} {planWeek.Label}"] = rosterRows.Select(RosterSheetRow).ToList(),
        };
        // MiniExcel writes a zip and needs to seek; the week's sheets are small, so buffer them.
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(sheets, cancellationToken: cancellationToken);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    private Dictionary<string, object?> RoadSheetRow(RoadResponsibilityRow r) => new()
    {
        [s["Schedule.Col.Leader"]] = r.LeaderName,
        [s["Schedule.Col.Title"]] = r.LeaderTitle,
        [s["Schedule.Col.Road"]] = r.RoadName,
        [s["Schedule.Col.Street"]] = r.StreetName,
        [s["Schedule.Col.Patrols"]] = r.Patrols.Total,
        [s["Schedule.Col.Required"]] = r.RequiredInPeriod,
        [s["Schedule.Mode.walk"]] = r.Patrols.Walk,
        [s["Schedule.Mode.bike"]] = r.Patrols.Bike,
        [s["Schedule.Mode.drive"]] = r.Patrols.Drive,
        [s["Schedule.Col.LastPatrol"]] = r.Patrols.LastStartedAt is { } last ? calendar.ToLocal(last).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
        [s["Schedule.Col.Found"]] = r.ProblemsInPeriod.Found,
        [s["Schedule.Col.Resolved"]] = r.ProblemsInPeriod.Resolved,
        [s["Schedule.Col.Open"]] = r.ProblemsInPeriod.Open,
        [s["Schedule.Col.Overdue"]] = r.ProblemsInPeriod.Overdue,
        [s["Schedule.Col.FoundSince"]] = r.ProblemsSinceCampaign.Found,
        [s["Schedule.Col.ResolvedSince"]] = r.ProblemsSinceCampaign.Resolved,
        [s["Schedule.Col.OpenSince"]] = r.ProblemsSinceCampaign.Open,
        [s["Schedule.Col.OverdueSince"]] = r.ProblemsSinceCampaign.Overdue,
        [s["Schedule.Col.Status"]] = RoadStatusLabels.Colour(r.Status.Colour),
        [s["Schedule.Col.Reason"]] = RoadStatusLabels.Reason(r.Status.Reason),
    };

    private Dictionary<string, object?> PlanSheetRow(PatrolPlanRow p, Period planWeek)
    {
        var row = new Dictionary<string, object?>
        {
            [s["Schedule.Col.Leader"]] = p.LeaderName,
            [s["Schedule.Col.Title"]] = p.LeaderTitle,
            [s["Schedule.Col.Required"]] = p.RequiredPerWeek,
        };
        for (var d = 0; d < 7; d++)
            row[DayHeader(planWeek.Start.AddDays(d))] = PatrolDays.Has(p.PlannedDays, d) ? "✓" : "";
        row[s["Schedule.Col.Planned"]] = PatrolDays.Count(p.PlannedDays);
        row[s["Schedule.Col.Note"]] = p.Note ?? "";
        return row;
    }

    private Dictionary<string, object?> RosterSheetRow(DutyRosterRow r) => new()
    {
        [s["Schedule.Col.Date"]] = r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [s["Schedule.Col.Weekday"]] = s[$"Schedule.Day.{PatrolDays.IndexOf(r.Day)}"].Value,
        [s["Schedule.Roster.OnDuty"]] = r.LeaderName ?? "",
    };

    private string DayHeader(DateOnly day) =>
        $"{s[$"Schedule.Day.{PatrolDays.IndexOf(day)}"]} {day.ToString("MM-dd", CultureInfo.InvariantCulture)}";
}
