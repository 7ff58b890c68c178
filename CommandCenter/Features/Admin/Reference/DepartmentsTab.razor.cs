namespace CommandCenter.Features.Admin.Reference;

/// <summary>部门: the departments cases are dispatched to.</summary>
public sealed partial class DepartmentsTab
{
    protected override Task<IReadOnlyList<DepartmentAdminRow>> LoadAsync(CancellationToken ct) => Queries.DepartmentsAsync(ct);
    protected override DepartmentForm NewForm() => new();
    protected override DepartmentForm EditForm(DepartmentAdminRow row) => DepartmentForm.From(row);
    protected override Task<ReferenceCommandResult> SaveAsync(DepartmentForm form, CancellationToken ct) => Commands.SaveDepartmentAsync(form, ct);
    protected override Task<ReferenceCommandResult> DeleteAsync(DepartmentAdminRow row, CancellationToken ct) => Commands.DeleteDepartmentAsync(row.Id, ct);
    protected override string Describe(DepartmentAdminRow row) => $"{row.Code} {row.Name}";
    protected override bool Matches(DepartmentAdminRow row, string search) =>
        row.Code.Contains(search, StringComparison.OrdinalIgnoreCase) || row.Name.Contains(search, StringComparison.OrdinalIgnoreCase);
}
