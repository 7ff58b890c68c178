namespace CommandCenter.Features.Admin.Reference;

/// <summary>包路分配: which leader owns which road for which campaign (local dates, inclusive).</summary>
public sealed partial class RoadAssignmentsTab
{
    private IReadOnlyList<LeaderAdminRow> Leaders { get; set; } = [];
    private IReadOnlyList<RoadAdminRow> Roads { get; set; } = [];

    protected override Task<IReadOnlyList<RoadAssignmentAdminRow>> LoadAsync(CancellationToken ct) => Queries.RoadAssignmentsAsync(ct);

    protected override async Task LoadOptionsAsync(CancellationToken ct)
    {
        Leaders = await Queries.LeadersAsync(ct);
        Roads = await Queries.RoadsAsync(ct);
    }

    protected override RoadAssignmentForm NewForm() => new();
    protected override RoadAssignmentForm EditForm(RoadAssignmentAdminRow row) => RoadAssignmentForm.From(row);
    protected override Task<ReferenceCommandResult> SaveAsync(RoadAssignmentForm form, CancellationToken ct) => Commands.SaveRoadAssignmentAsync(form, ct);
    protected override Task<ReferenceCommandResult> DeleteAsync(RoadAssignmentAdminRow row, CancellationToken ct) => Commands.DeleteRoadAssignmentAsync(row.Id, ct);
    protected override string Describe(RoadAssignmentAdminRow row) =>
        $"{row.LeaderName} · {row.RoadName} ({row.CampaignFrom:yyyy-MM-dd} – {row.CampaignTo:yyyy-MM-dd})";
    protected override bool Matches(RoadAssignmentAdminRow row, string search) =>
        row.LeaderCode.Contains(search, StringComparison.OrdinalIgnoreCase) || row.LeaderName.Contains(search, StringComparison.OrdinalIgnoreCase)
        || row.RoadCode.Contains(search, StringComparison.OrdinalIgnoreCase) || row.RoadName.Contains(search, StringComparison.OrdinalIgnoreCase);

    private string LeaderName(long? id) => Leaders.FirstOrDefault(l => l.Id == id) is { } l ? $"{l.Code} {l.Name}" : "";
    private string RoadName(long? id) => Roads.FirstOrDefault(r => r.Id == id) is { } r ? $"{r.Code} {r.Name}" : "";

    private static DateTime? ToDateTime(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);
    private static DateOnly? ToDateOnly(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;
}
