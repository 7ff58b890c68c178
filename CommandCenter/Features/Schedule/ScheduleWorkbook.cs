using System.Globalization;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// The weekly dispatch meeting's workbook for week W: the road-responsibility table of W, and the patrol plan and duty
/// roster of the week after (the plan the meeting sets). Headers in the request's language; columns with widths, counts as
/// numbers, times and dates as Excel dates, and the status cell in its colour (red / yellow / green) with its word.
/// </summary>
public sealed class ScheduleWorkbook(RoadResponsibilityQuery roads, PatrolPlanStore plans, DutyRosterStore roster,
    BusinessCalendar calendar, IStringLocalizer<ScheduleResource> s)
{
    private const string Count = FigureFormat.CountPattern;
    private const string LocalMinute = "yyyy-mm-dd hh:mm", LocalDay = "yyyy-mm-dd";

    /// <summary>The workbook's file name in the request's language, e.g. 周调度 2026-W47.xlsx.</summary>
    public string FileName(Period week) => s["Schedule.Xlsx.FileName", week.Label];

    public async Task WriteAsync(Stream output, Period week, CancellationToken cancellationToken = default)
    {
        var planWeek = week.Next();
        var rows = await roads.GetWeekAsync(week, cancellationToken);
        var planRows = await plans.WeekAsync(planWeek, cancellationToken);
        var rosterRows = await roster.WeekAsync(planWeek, cancellationToken);

        var roadSheet = rows.Select(RoadSheetRow).ToList();
        var sheets = new Dictionary<string, object>
        {
            [$"{s["Schedule.Tab.Roads"]} {week.Label}"] = roadSheet,
            [$"{s["Schedule.Plan.Title"]} {planWeek.Label}"] = planRows.Select(p => PlanSheetRow(p, planWeek)).ToList(),
            [$"{s["Schedule.Roster.Title"]} {planWeek.Label}"] = rosterRows.Select(RosterSheetRow).ToList(),
        };
        // MiniExcel writes a zip and needs to seek; the week's sheets are small, so buffer them.
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(sheets, configuration: Configuration(planWeek), cancellationToken: cancellationToken);
        // MiniExcel has no per-cell colour: the status cells get theirs afterwards, in the first sheet's XML.
        var statusColumn = RoadHeaders().IndexOf(s["Schedule.Col.Status"]);
        XlsxStatusFills.Apply(buffer, sheetNumber: 1, statusColumn, rows.Select(r => r.Status.Colour).ToList());
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    /// <summary>Width and number format per header (the headers are localized, so the table is built per request).</summary>
    private OpenXmlConfiguration Configuration(Period planWeek) => new()
    {
        FreezeRowCount = 1,
        AutoFilter = true,
        DynamicColumns =
        [
            Column("Schedule.Col.Leader", 12), Column("Schedule.Col.Title", 18), Column("Schedule.Col.Road", 14),
            Column("Schedule.Col.Street", 12), Column("Schedule.Col.Patrols", 10, Count), Column("Schedule.Col.Required", 12, Count),
            Column("Schedule.Mode.walk", 8, Count), Column("Schedule.Mode.bike", 8, Count), Column("Schedule.Mode.drive", 8, Count),
            Column("Schedule.Col.LastPatrol", 18, LocalMinute),
            Column("Schedule.Col.Found", 8, Count), Column("Schedule.Col.Resolved", 10, Count), Column("Schedule.Col.Open", 10, Count),
            Column("Schedule.Col.Overdue", 8, Count),
            Column("Schedule.Col.FoundSince", 14, Count), Column("Schedule.Col.ResolvedSince", 16, Count),
            Column("Schedule.Col.OpenSince", 16, Count), Column("Schedule.Col.OverdueSince", 14, Count),
            Column("Schedule.Col.Status", 10), Column("Schedule.Col.Reason", 26),
            Column("Schedule.Col.Planned", 10, Count), Column("Schedule.Col.Note", 40),
            Column("Schedule.Col.Date", 12, LocalDay), Column("Schedule.Col.Weekday", 8), Column("Schedule.Roster.OnDuty", 14),
            .. Enumerable.Range(0, 7).Select(d => new DynamicExcelColumn(DayHeader(planWeek.Start.AddDays(d))) { Width = 10 }),
        ],
    };

    private DynamicExcelColumn Column(string key, double width, string? format = null) =>
        new(s[key]) { Width = width, Format = format };

    private List<string> RoadHeaders() =>
    [
        s["Schedule.Col.Leader"], s["Schedule.Col.Title"], s["Schedule.Col.Road"], s["Schedule.Col.Street"], s["Schedule.Col.Patrols"],
        s["Schedule.Col.Required"], s["Schedule.Mode.walk"], s["Schedule.Mode.bike"], s["Schedule.Mode.drive"], s["Schedule.Col.LastPatrol"],
        s["Schedule.Col.Found"], s["Schedule.Col.Resolved"], s["Schedule.Col.Open"], s["Schedule.Col.Overdue"],
        s["Schedule.Col.FoundSince"], s["Schedule.Col.ResolvedSince"], s["Schedule.Col.OpenSince"], s["Schedule.Col.OverdueSince"],
        s["Schedule.Col.Status"], s["Schedule.Col.Reason"],
    ];

    private Dictionary<string, object?> RoadSheetRow(RoadResponsibilityRow r)
    {
        object?[] values =
        [
            r.LeaderName, r.LeaderTitle, r.RoadName, r.StreetName, r.Patrols.Total, r.RequiredInPeriod,
            r.Patrols.Walk, r.Patrols.Bike, r.Patrols.Drive,
            r.Patrols.LastStartedAt is { } last ? calendar.ToLocal(last) : null,
            r.ProblemsInPeriod.Found, r.ProblemsInPeriod.Resolved, r.ProblemsInPeriod.Open, r.ProblemsInPeriod.Overdue,
            r.ProblemsSinceCampaign.Found, r.ProblemsSinceCampaign.Resolved, r.ProblemsSinceCampaign.Open, r.ProblemsSinceCampaign.Overdue,
            RoadStatusLabels.Colour(r.Status.Colour), RoadStatusLabels.Reason(r.Status.Reason),
        ];
        return RoadHeaders().Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

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
        [s["Schedule.Col.Date"]] = r.Day.ToDateTime(TimeOnly.MinValue),
        [s["Schedule.Col.Weekday"]] = s[$"Schedule.Day.{PatrolDays.IndexOf(r.Day)}"].Value,
        [s["Schedule.Roster.OnDuty"]] = r.LeaderName ?? "",
    };

    private string DayHeader(DateOnly day) =>
        $"{s[$"Schedule.Day.{PatrolDays.IndexOf(day)}"]} {day.ToString("MM-dd", CultureInfo.InvariantCulture)}";
}
