using CommandCenter.Domain;

namespace CommandCenter.Features.Admin.Reference;

/// <summary>类别: 部件 and 事件 categories with their handling time limits (处置时限) and default department.</summary>
public sealed partial class CategoriesTab
{
    private IReadOnlyList<DepartmentAdminRow> Departments { get; set; } = [];

    protected override Task<IReadOnlyList<CategoryAdminRow>> LoadAsync(CancellationToken ct) => Queries.CategoriesAsync(ct);
    protected override async Task LoadOptionsAsync(CancellationToken ct) => Departments = await Queries.DepartmentsAsync(ct);
    protected override CategoryForm NewForm() => new() { Kind = CategoryKind.Event };
    protected override CategoryForm EditForm(CategoryAdminRow row) => CategoryForm.From(row);
    protected override Task<ReferenceCommandResult> SaveAsync(CategoryForm form, CancellationToken ct) => Commands.SaveCategoryAsync(form, ct);
    protected override Task<ReferenceCommandResult> DeleteAsync(CategoryAdminRow row, CancellationToken ct) => Commands.DeleteCategoryAsync(row.Id, ct);
    protected override string Describe(CategoryAdminRow row) => $"{row.Code} {row.Name}";
    protected override bool Matches(CategoryAdminRow row, string search) =>
        row.Code.Contains(search, StringComparison.OrdinalIgnoreCase) || row.Name.Contains(search, StringComparison.OrdinalIgnoreCase);

    private string KindName(CategoryKind? kind) => kind is { } k ? L[$"AdminRef.Kind.{k.Code()}"] : "";

    private string UnitName(TimeLimitUnit unit) => R[$"Unit.{unit.Code()}"];

    /// <summary>A limit as the list shows it: 8 工作时.</summary>
    private string Limit(double amount, TimeLimitUnit unit) => $"{amount:0.##} {UnitName(unit)}";

    private string DepartmentName(long? id) => Departments.FirstOrDefault(d => d.Id == id) is { } d ? $"{d.Code} {d.Name}" : "";
}
