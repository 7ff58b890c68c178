using System.Globalization;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Features.Schedule;

/// <summary>One road of the table: its open problems (as of the week's T) and the leader's patrols on a month calendar.</summary>
public sealed partial class RoadDrillDown
{
    [Inject] private RoadDrillDownQuery Query { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired] public RoadResponsibilityRow Row { get; set; } = default!;
    [Parameter, EditorRequired] public Period Week { get; set; } = default!;
    [Parameter] public EventCallback OnClose { get; set; }

    private IReadOnlyList<OpenProblemRow>? Problems { get; set; }
    private IReadOnlyList<PatrolRecord>? Patrols { get; set; }
    private ILookup<DateOnly, PatrolRecord> _byDay = Enumerable.Empty<PatrolRecord>().ToLookup(p => default(DateOnly));
    private DateOnly Month { get; set; }
    private long _loadedAssignment;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedAssignment == Row.AssignmentId && Problems is not null) return;
        _loadedAssignment = Row.AssignmentId;
        Month = new DateOnly(Week.Start.Year, Week.Start.Month, 1);
        Problems = null;
        Problems = await Query.OpenProblemsAsync(Row.RoadId, Row.CampaignFrom, Calendar.AsOf(Week, Clock.GetUtcNow().UtcDateTime));
        await LoadPatrolsAsync();
    }

    private async Task MoveMonthAsync(int months)
    {
        Month = Month.AddMonths(months);
        await LoadPatrolsAsync();
    }

    private async Task LoadPatrolsAsync()
    {
        Patrols = await Query.PatrolsAsync(Row.LeaderId, Row.RoadId, Calendar.ToUtc(Period.Month(Month.Year, Month.Month)));
        _byDay = Patrols.ToLookup(p => Calendar.LocalDate(p.StartedAt));
    }

    private IEnumerable<DateOnly[]> CalendarWeeks()
    {
        var first = Period.Week(Month).Start;
        var end = Month.AddMonths(1);
        for (var monday = first; monday < end; monday = monday.AddDays(7))
            yield return Enumerable.Range(0, 7).Select(monday.AddDays).ToArray();
    }

    private IReadOnlyList<PatrolRecord> PatrolsOn(DateOnly day) => _byDay[day].ToList();

    private string DayClass(DateOnly day, int patrols)
    {
        var css = day.Month == Month.Month ? "patrol-cell" : "patrol-cell patrol-cell--other";
        if (patrols > 0) css += " patrol-cell--done";
        if (day >= Week.Start && day < Week.End) css += " patrol-cell--week";
        return css;
    }

    private string DayTitle(IReadOnlyList<PatrolRecord> patrols) => string.Join("\n", patrols.Select(p =>
        $"{Calendar.ToLocal(p.StartedAt):HH:mm}–{Calendar.ToLocal(p.EndedAt):HH:mm} {S[$"Schedule.Mode.{p.Mode}"]}"));

    private string AgeText(TimeSpan age) => age.TotalDays >= 1
        ? S["Schedule.Age.Days", ((int)age.TotalDays).ToString(CultureInfo.CurrentCulture), age.Hours.ToString(CultureInfo.CurrentCulture)]
        : S["Schedule.Age.Hours", Math.Max(0, (int)age.TotalHours).ToString(CultureInfo.CurrentCulture)];
}
