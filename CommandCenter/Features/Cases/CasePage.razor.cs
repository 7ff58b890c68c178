using System.Globalization;
using CommandCenter.Domain;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Cases;

/// <summary>
/// /cases/{caseNo}: the whole story of one case — its facts, its deadline at now (time left or how late, by the definitions of
/// <c>Domain/</c>), the timeline from <c>case_events</c>, and other cases at the same place (重复案件). The reporter's phone is
/// masked; a user with the PII permission may reveal it, and each reveal is written to the audit log.
/// </summary>
public sealed partial class CasePage
{
    [Parameter] public string CaseNo { get; set; } = "";
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Inject] private CaseService Cases { get; set; } = default!;
    [Inject] private CaseEventsQuery Events { get; set; } = default!;
    [Inject] private SamePlaceQuery SamePlaceCases { get; set; } = default!;
    [Inject] private ReferenceCatalog Reference { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private ILogger<CasePage> Logger { get; set; } = default!;
    [Inject] private IStringLocalizer<CasesResource> Strings { get; set; } = default!;

    private ReferenceData? Data { get; set; }
    private CaseRow? Case { get; set; }
    private bool NotFound { get; set; }
    private bool LoadError { get; set; }
    private IReadOnlyList<TimelineStep> Timeline { get; set; } = [];
    private IReadOnlyList<SamePlaceCase> SamePlace { get; set; } = [];
    private CaseDeadlineState? Deadline { get; set; }
    private bool HasPii { get; set; }
    private bool PhoneRevealed { get; set; }

    private bool MayRevealPhone => HasPii && !PhoneRevealed && Case?.ReporterPhone is not null;
    private string Phone => Case?.ReporterPhone is null ? "" : ReporterPhone.ForViewer(Case.ReporterPhone, PhoneRevealed);

    protected override async Task OnParametersSetAsync()
    {
        Case = null;
        NotFound = false;
        LoadError = false;
        PhoneRevealed = false;
        try
        {
            Data = await Reference.GetAsync();
            if (CaseNo.Length > 40 || await Cases.FindAsync(CaseNo) is not { } row)
            {
                NotFound = true;
                return;
            }
            var working = Data.WorkingTime(Calendar);
            Timeline = CaseTimeline.Build(await Events.ForCaseAsync(row.Id), working);
            SamePlace = await SamePlaceCases.GetAsync(row);
            Deadline = CaseDeadlineState.Of(row.DispatchedAt, row.DeadlineAt, row.ResolvedAt, row.ClosedAt, Clock.GetUtcNow().UtcDateTime, working, row.Hold);
            if (AuthState is not null) HasPii = await Authorization.MayReadPiiAsync((await AuthState).User);
            Case = row;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Case {CaseNo} could not be read", CaseNo);
            LoadError = true;
        }
    }

    /// <summary>Shows the phone unmasked, once the audit log holds who saw which case's phone.</summary>
    private async Task RevealPhoneAsync()
    {
        if (!HasPii || Case is null || AuthState is null) return;
        var user = (await AuthState).User;
        await Audit.WriteAsync(user.Identity?.Name ?? "?", AuditActions.PiiViewed, $"case {Case.CaseNo}", "reporter phone");
        PhoneRevealed = true;
    }

    private string LocalText(DateTime utc) => Calendar.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string CategoryName(long id) => Data?.CategoriesById.TryGetValue(id, out var c) == true ? c.Name : "";

    /// <summary>街道 / 社区 / 网格: the region and its parents up to the street.</summary>
    private string RegionPath(long regionId)
    {
        var names = new List<string>();
        for (long? id = regionId; id is { } i && Data!.RegionsById.TryGetValue(i, out var r) && r.Level != "district"; id = r.ParentId)
            names.Insert(0, r.Name);
        return string.Join(" / ", names);
    }

    private string DurationText(TimeSpan span)
    {
        var minutes = (long)Math.Floor(span.TotalMinutes);
        if (minutes >= 24 * 60) return Strings["Duration.Days", minutes / (24 * 60), minutes % (24 * 60) / 60];
        if (minutes >= 60) return Strings["Duration.Hours", minutes / 60, minutes % 60];
        return Strings["Duration.Minutes", Math.Max(0, minutes)];
    }

    /// <summary>Working time in hours, in the one number format (<see cref="FigureFormat.Hours"/>): 2.50.</summary>
    internal static string WorkingHoursText(TimeSpan span) => FigureFormat.Hours(span.TotalHours);

    private string StandingText => Deadline switch
    {
        null => "",
        { Standing: DeadlineStanding.NoDeadline } => Strings["Case.NoDeadline"],
        { Standing: DeadlineStanding.TimeLeft } d => Strings["Case.TimeLeft", WorkingHoursText(d.Span)],
        { Standing: DeadlineStanding.SoonDue } d => Strings["Case.SoonDue", WorkingHoursText(d.Span)],
        { Standing: DeadlineStanding.Overdue } d => Strings["Case.Late", WorkingHoursText(d.Span)],
        { Standing: DeadlineStanding.ResolvedWaiting } => Strings["Case.ResolvedWaiting"],
        { Standing: DeadlineStanding.ClosedOnTime } => Strings["Case.ClosedOnTime"],
        { Standing: DeadlineStanding.ClosedLate } d => Strings["Case.ClosedLate", WorkingHoursText(d.Span)],
        _ => "",
    };

    private string StandingClass => Deadline?.Standing switch
    {
        DeadlineStanding.Overdue or DeadlineStanding.SoonDue or DeadlineStanding.ClosedLate => "late",
        DeadlineStanding.ClosedOnTime => "on-time",
        _ => "",
    };

    private string StepDetail(TimelineStep step)
    {
        var f = step.Fields;
        var parts = new List<string>();
        if (f.DepartmentId is { } d && Data!.DepartmentsById.TryGetValue(d, out var dep)) parts.Add(dep.Name);
        if (f.DeadlineAt is { } dl && step.Type != CaseStep.Resolve.Code()) parts.Add($"{Strings["Case.Deadline"]} {LocalText(dl)}");
        if (step.Type == CaseStep.Escalate.Code() && f.Level is { } level) parts.Add(Strings["Level." + level]);
        if (f.Passed is { } passed) parts.Add(Strings[passed ? "Verify.passed" : "Verify.failed"]);
        return string.Join(" · ", parts);
    }
}
