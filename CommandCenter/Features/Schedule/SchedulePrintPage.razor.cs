using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// <c>/schedule/{week}/print</c>: the meeting pack of the weekly dispatch meeting held in <see cref="Week"/>, on A4 landscape —
/// the week's road table, the meeting summary, and the patrol plan and duty roster of the week after (the plan the meeting
/// sets). The same week as <c>/schedule?week=</c> and <c>/schedule/{week}.xlsx</c>.
/// </summary>
public sealed partial class SchedulePrintPage
{
    [Inject] private RoadResponsibilityQuery RoadsQuery { get; set; } = default!;
    [Inject] private PatrolPlanStore PlanStore { get; set; } = default!;
    [Inject] private DutyRosterStore RosterStore { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The meeting's ISO week, e.g. 2026-W49.</summary>
    [Parameter] public string Week { get; set; } = "";

    private Period? MeetingWeek { get; set; }
    private IReadOnlyList<RoadResponsibilityRow> Roads { get; set; } = [];
    private IReadOnlyList<PatrolPlanRow> Plans { get; set; } = [];
    private IReadOnlyList<DutyRosterRow> Roster { get; set; } = [];
    private DateTime AsOf { get; set; }
    private string AsOfText => Calendar.ToLocal(AsOf).ToString("yyyy-MM-dd HH:mm");

    protected override async Task OnParametersSetAsync()
    {
        MeetingWeek = Period.TryParseIsoWeek(Week, out var week) ? week : null;
        if (MeetingWeek is null) return;
        AsOf = Calendar.AsOf(MeetingWeek, Clock.GetUtcNow().UtcDateTime);
        Roads = await RoadsQuery.GetWeekAsync(MeetingWeek);
        Plans = await PlanStore.WeekAsync(MeetingWeek.Next());
        Roster = await RosterStore.WeekAsync(MeetingWeek.Next());
    }

    private string WeekName(Period week) => WeekNames.Of(week, Calendar.ThisWeek(Clock.GetUtcNow().UtcDateTime), S);

    /// <summary>The browser's own print dialog (window.print); the page's print CSS sets A4 landscape and hides this bar.</summary>
    private async Task PrintAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("print");
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone: the browser's own print (Ctrl+P) still works.
        }
    }
}
