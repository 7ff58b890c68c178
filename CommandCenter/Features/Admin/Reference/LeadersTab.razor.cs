namespace CommandCenter.Features.Admin.Reference;

/// <summary>领导: the leaders of the road-responsibility campaign and the patrols each owes a week.</summary>
public sealed partial class LeadersTab
{
    protected override Task<IReadOnlyList<LeaderAdminRow>> LoadAsync(CancellationToken ct) => Queries.LeadersAsync(ct);
    protected override LeaderForm NewForm() => new();
    protected override LeaderForm EditForm(LeaderAdminRow row) => LeaderForm.From(row);
    protected override Task<ReferenceCommandResult> SaveAsync(LeaderForm form, CancellationToken ct) => Commands.SaveLeaderAsync(form, ct);
    protected override Task<ReferenceCommandResult> DeleteAsync(LeaderAdminRow row, CancellationToken ct) => Commands.DeleteLeaderAsync(row.Id, ct);
    protected override string Describe(LeaderAdminRow row) => $"{row.Code} {row.Name}";
    protected override bool Matches(LeaderAdminRow row, string search) =>
        row.Code.Contains(search, StringComparison.OrdinalIgnoreCase) || row.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
        || row.Title.Contains(search, StringComparison.OrdinalIgnoreCase);
}
