using CommandCenter.Domain;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// /schedule, the weekly dispatch meeting (周调度): the week's road-responsibility table with its drill-down, next week's
/// patrol plan and duty roster, the meeting summary and the campaign settings. The week is in the address (?week=2026-W47);
/// the meeting pack prints all of it (<see cref="SchedulePrintPage"/>).
/// </summary>
public sealed partial class SchedulePage
{
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "week")] public string? Week { get; set; }

    private Period ThisWeek => Calendar.ThisWeek(Clock.GetUtcNow().UtcDateTime);
    private Period SelectedWeek { get; set; } = default!;
    /// <summary>The week the plan tab edits: the one after the selected week.</summary>
    private Period PlanWeek => SelectedWeek.Next();
    private bool WeekError { get; set; }
    private bool CanEditCampaign { get; set; }

    protected override async Task OnInitializedAsync() =>
        CanEditCampaign = ScheduleAccess.CanEditCampaign((await Authentication).User);

    protected override void OnParametersSet()
    {
        WeekError = Week is not null && !Period.TryParseIsoWeek(Week, out _);
        SelectedWeek = Period.TryParseIsoWeek(Week, out var week) ? week : ThisWeek;
    }

    private void GoToWeek(Period week) => Navigation.NavigateTo($"schedule?week={week.Label}");
}
