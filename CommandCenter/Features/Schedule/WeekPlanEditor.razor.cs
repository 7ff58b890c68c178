using System.Globalization;
using System.Security.Claims;
using CommandCenter.Domain;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// Next week's patrol plan and duty roster, edited in place. Drafts live on the page until saved; a save names the versions it
/// read, so when someone else saved in between the save is refused, the drafts stay on screen, and the page offers a reload.
/// </summary>
public sealed partial class WeekPlanEditor
{
    [Inject] private PatrolPlanStore PlanStore { get; set; } = default!;
    [Inject] private DutyRosterStore RosterStore { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Parameter, EditorRequired] public Period PlanWeek { get; set; } = default!;

    private sealed record PlanDraft(int Days, string? Note);

    /// <summary>An alert above the tables; a conflict offers to reload the section that conflicted.</summary>
    private sealed record Notice(Severity Severity, string Text, bool OfferReload = false, EventCallback Reload = default);

    private ClaimsPrincipal User { get; set; } = new();
    private IReadOnlyList<PatrolPlanRow> Plans { get; set; } = [];
    private Dictionary<long, PlanDraft> PlanDrafts { get; set; } = [];
    private IReadOnlyList<DutyRosterRow> Roster { get; set; } = [];
    private Dictionary<DateOnly, long?> RosterDrafts { get; set; } = [];
    private IReadOnlyList<RosterIssue> Issues { get; set; } = [];
    private long? OnDutyDayBefore { get; set; }
    private Notice? Message { get; set; }
    private bool Busy { get; set; }
    private Period? _loadedWeek;

    private bool CanEditAnyPlan => ScheduleAccess.CanEditAnyPlan(User);
    private bool CanEditRoster => ScheduleAccess.CanEditRoster(User);
    private bool CanEditPlanOf(long leaderId) => ScheduleAccess.CanEditPlanOf(User, leaderId);
    private bool PlansChanged => Plans.Any(IsChanged);
    private bool RosterChanged => Roster.Any(r => RosterDrafts[r.Day] != r.LeaderId);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedWeek == PlanWeek) return;
        _loadedWeek = PlanWeek;
        User = (await Authentication).User;
        Message = null;
        await LoadPlansAsync();
        await LoadRosterAsync();
    }

    private async Task LoadPlansAsync()
    {
        Plans = await PlanStore.WeekAsync(PlanWeek);
        PlanDrafts = Plans.ToDictionary(p => p.LeaderId, p => new PlanDraft(p.PlannedDays, p.Note));
        CheckRules();
    }

    private async Task LoadRosterAsync()
    {
        Roster = await RosterStore.WeekAsync(PlanWeek);
        OnDutyDayBefore = (await RosterStore.WeekAsync(PlanWeek.Previous()))[^1].LeaderId;
        RosterDrafts = Roster.ToDictionary(r => r.Day, r => r.LeaderId);
        CheckRules();
    }

    private bool IsChanged(PatrolPlanRow row) =>
        PlanDrafts[row.LeaderId] is var d && (d.Days != row.PlannedDays || (d.Note ?? "") != (row.Note ?? ""));

    private void ToggleDay(long leaderId, int day)
    {
        PlanDrafts[leaderId] = PlanDrafts[leaderId] with { Days = PatrolDays.Toggle(PlanDrafts[leaderId].Days, day) };
        CheckRules();
    }

    private void SetNote(long leaderId, string? note) => PlanDrafts[leaderId] = PlanDrafts[leaderId] with { Note = note };

    private void SetDuty(DateOnly day, long? leaderId)
    {
        RosterDrafts[day] = leaderId;
        CheckRules();
    }

    /// <summary>Copies the week before's planned days into the drafts of the rows this person may edit; nothing is saved yet.</summary>
    private void CopyLastWeek()
    {
        foreach (var row in Plans.Where(r => CanEditPlanOf(r.LeaderId)))
            PlanDrafts[row.LeaderId] = PlanDrafts[row.LeaderId] with { Days = row.PreviousPlannedDays };
        Message = new Notice(Severity.Info, S["Schedule.Plan.Copied"]);
        CheckRules();
    }

    private void CheckRules() => Issues = DutyRosterRules.Check(PlanWeek,
        RosterDrafts.Select(r => new DutyDay(r.Key, r.Value)).ToList(),
        Plans.Select(p => new RosterLeader(p.LeaderId, p.LeaderName, p.RequiredPerWeek)).ToList(),
        PlanDrafts.ToDictionary(p => p.Key, p => p.Value.Days), OnDutyDayBefore);

    private async Task SavePlansAsync()
    {
        var edits = Plans.Where(IsChanged)
            .Select(r => new PatrolPlanEdit(r.LeaderId, PlanDrafts[r.LeaderId].Days, PlanDrafts[r.LeaderId].Note, r.Version)).ToList();
        await SaveAsync(() => PlanStore.SaveAsync(User, PlanWeek, edits), LoadPlansAsync, ReloadPlansAsync,
            keys => string.Join("、", keys.Select(k => Plans.FirstOrDefault(p => p.LeaderId.ToString(CultureInfo.InvariantCulture) == k)?.LeaderName ?? k)));
    }

    private async Task SaveRosterAsync()
    {
        var edits = Roster.Where(r => RosterDrafts[r.Day] != r.LeaderId)
            .Select(r => new DutyRosterEdit(r.Day, RosterDrafts[r.Day], r.Version)).ToList();
        await SaveAsync(() => RosterStore.SaveAsync(User, PlanWeek, edits), LoadRosterAsync, ReloadRosterAsync,
            keys => string.Join("、", keys));
    }

    private async Task SaveAsync(Func<Task<ScheduleSaveResult>> save, Func<Task> reloadSaved, Func<Task> reloadOnConflict,
        Func<IReadOnlyList<string>, string> describeConflicts)
    {
        Busy = true;
        try
        {
            var result = await save();
            switch (result.Outcome)
            {
                case ScheduleSaveOutcome.Saved:
                    await reloadSaved();
                    Message = new Notice(Severity.Success, S["Schedule.Saved"]);
                    break;
                case ScheduleSaveOutcome.Conflict:
                    Message = new Notice(Severity.Warning, S["Schedule.Conflict", describeConflicts(result.ConflictKeys)], true,
                        EventCallback.Factory.Create(this, reloadOnConflict));
                    break;
                case ScheduleSaveOutcome.Forbidden:
                    Message = new Notice(Severity.Error, S["Schedule.Forbidden"]);
                    break;
                default:
                    Message = new Notice(Severity.Error, string.Join(" ", result.Errors.Select(e => S[e].Value)));
                    break;
            }
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task ReloadPlansAsync()
    {
        await LoadPlansAsync();
        Message = null;
    }

    private async Task ReloadRosterAsync()
    {
        await LoadRosterAsync();
        Message = null;
    }

    private string LeaderName(long? id) => id is { } v ? Plans.FirstOrDefault(p => p.LeaderId == v)?.LeaderName ?? "" : "";

    private string LocalTime(DateTime? utc) => utc is { } t ? Calendar.ToLocal(t).ToString("MM-dd HH:mm") : "";

    private bool IsOwn(PatrolPlanRow row) => ScheduleAccess.LeaderIdOf(User) == row.LeaderId;

    private string PlanRowClass(PatrolPlanRow row, bool editable) =>
        string.Join(' ', new[]
        {
            IsChanged(row) ? "plan-row--changed" : null,
            IsOwn(row) ? "plan-row--own" : null,
            editable ? null : "plan-row--locked",
        }.Where(c => c is not null));

    /// <summary>
    /// One line per kind of warning, listing its days or leaders (尚未安排带班领导（7 天）：12-07（周一）、…), so seven empty
    /// days read as one finding, not seven.
    /// </summary>
    private string IssueLine(RosterIssueKind kind, IReadOnlyList<RosterIssue> issues) =>
        S[$"Schedule.Rule.{kind}", string.Join(S["Schedule.ListSeparator"].Value, issues.Select(IssueItem)), issues.Count];

    private string IssueItem(RosterIssue issue) => issue.Kind switch
    {
        RosterIssueKind.ConsecutiveDuty when issue.Day is { } day =>
            S["Schedule.RuleItem.Consecutive", LeaderName(issue.LeaderId), DayText(day.AddDays(-1)), DayText(day)],
        RosterIssueKind.PlanBelowRequirement when issue.LeaderId is { } id =>
            S["Schedule.RuleItem.Below", LeaderName(id), PatrolDays.Count(PlanDrafts.GetValueOrDefault(id)?.Days ?? 0),
                Plans.FirstOrDefault(p => p.LeaderId == id)?.RequiredPerWeek ?? 0],
        RosterIssueKind.UnknownLeader => issue.LeaderId?.ToString(CultureInfo.InvariantCulture) ?? "",
        _ => issue.Day is { } d ? DayText(d) : "",
    };

    /// <summary>12-07（周一）.</summary>
    private string DayText(DateOnly day) => S["Schedule.RuleItem.Day", day.ToString("MM-dd"), S[$"Schedule.Day.{PatrolDays.IndexOf(day)}"]];
}
