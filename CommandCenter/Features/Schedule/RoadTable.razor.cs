using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// The road-responsibility table of a week (领导包路): sortable, filtered by text and status; a click (or Enter on the road's
/// name) drills into a road. A leader's own row is marked 本人.
/// </summary>
public sealed partial class RoadTable
{
    [Inject] private RoadResponsibilityQuery Query { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ILogger<RoadTable> Logger { get; set; } = default!;

    /// <summary>Absent where no sign-in is set up (then no row is anyone's own).</summary>
    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    [Parameter, EditorRequired] public Period Week { get; set; } = default!;

    private IReadOnlyList<RoadResponsibilityRow>? Rows { get; set; }
    private RoadResponsibilityRow? Selected { get; set; }
    private Period? _loadedWeek;
    private bool LoadError { get; set; }
    private string? Search { get; set; }
    private string? StatusFilter { get; set; } = "all";
    private DateTime AsOf { get; set; }
    private string AsOfText => Calendar.ToLocal(AsOf).ToString("yyyy-MM-dd HH:mm");
    /// <summary>本周 / 上周 / 第49周: the selected week as the headers name it.</summary>
    private string WeekName => WeekNames.Of(Week, Calendar.ThisWeek(Clock.GetUtcNow().UtcDateTime), S);
    /// <summary>The leader the signed-in account speaks for, if any.</summary>
    private long? OwnLeaderId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (Authentication is not null) OwnLeaderId = ScheduleAccess.LeaderIdOf((await Authentication).User);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedWeek == Week) return;
        _loadedWeek = Week;
        Rows = null;
        Selected = null;
        try
        {
            AsOf = Calendar.AsOf(Week, Clock.GetUtcNow().UtcDateTime);
            Rows = await Query.GetWeekAsync(Week);
            LoadError = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "The road-responsibility table of {Week} could not be read", Week.Label);
            Rows = [];
            LoadError = true;
        }
    }

    private bool Matches(RoadResponsibilityRow row)
    {
        if (StatusFilter is { } status && status != "all" && row.Status.Colour.ToString() != status) return false;
        if (string.IsNullOrWhiteSpace(Search)) return true;
        var text = Search.Trim();
        return row.LeaderName.Contains(text, StringComparison.OrdinalIgnoreCase)
            || row.LeaderTitle.Contains(text, StringComparison.OrdinalIgnoreCase)
            || row.RoadName.Contains(text, StringComparison.OrdinalIgnoreCase)
            || row.StreetName.Contains(text, StringComparison.OrdinalIgnoreCase);
    }

    private void Select(RoadResponsibilityRow row) => Selected = Selected?.AssignmentId == row.AssignmentId ? null : row;

    private bool IsSelected(RoadResponsibilityRow row) => Selected?.AssignmentId == row.AssignmentId;

    private bool IsOwn(RoadResponsibilityRow row) => OwnLeaderId == row.LeaderId;

    private string RowClass(RoadResponsibilityRow row, int index) =>
        "road-row" + (IsSelected(row) ? " road-row--selected" : "") + (IsOwn(row) ? " road-row--own" : "");

    private string LocalTime(DateTime? utc) => utc is { } t ? Calendar.ToLocal(t).ToString("MM-dd HH:mm") : "—";

    /// <summary>Red first when sorted descending: overdue, missed, behind, on track.</summary>
    internal static int SeverityOf(RoadResponsibilityRow row) => 3 - (int)row.Status.Reason;

    internal static Color ColourOf(RoadStatusColour colour) => colour switch
    {
        RoadStatusColour.Red => Color.Error,
        RoadStatusColour.Amber => Color.Warning,
        _ => Color.Success,
    };
}
