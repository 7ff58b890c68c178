namespace CommandCenter.Features.Admin.Reference;

/// <summary>区域: the region tree district → street → community → grid, listed in tree order with indentation.</summary>
public sealed partial class RegionsTab
{
    private Dictionary<long, int> _depth = [];
    private Dictionary<long, RegionAdminRow> _byId = [];

    protected override async Task<IReadOnlyList<RegionAdminRow>> LoadAsync(CancellationToken ct)
    {
        var tree = RegionTree.Order(await Queries.RegionsAsync(ct));
        _depth = tree.ToDictionary(t => t.Region.Id, t => t.Depth);
        _byId = tree.ToDictionary(t => t.Region.Id, t => t.Region);
        return tree.Select(t => t.Region).ToList();
    }

    protected override RegionForm NewForm() => new() { Level = "street" };
    protected override RegionForm EditForm(RegionAdminRow row) => RegionForm.From(row);
    protected override Task<ReferenceCommandResult> SaveAsync(RegionForm form, CancellationToken ct) => Commands.SaveRegionAsync(form, ct);
    protected override Task<ReferenceCommandResult> DeleteAsync(RegionAdminRow row, CancellationToken ct) => Commands.DeleteRegionAsync(row.Id, ct);
    protected override string Describe(RegionAdminRow row) => $"{row.Code} {row.Name}";
    protected override bool Matches(RegionAdminRow row, string search) =>
        row.Code.Contains(search, StringComparison.OrdinalIgnoreCase) || row.Name.Contains(search, StringComparison.OrdinalIgnoreCase);

    private string IndentStyle(RegionAdminRow row) => $"padding-left: {(_depth.GetValueOrDefault(row.Id) * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture)}rem;";

    /// <summary>The regions one level above the form's level: the only valid parents.</summary>
    private IEnumerable<RegionAdminRow> ParentOptions(RegionForm form) =>
        ReferenceValidation.ParentLevelOf(form.Level ?? "") is { } parentLevel
            ? Rows.Where(r => r.Level == parentLevel && r.Id != form.Id)
            : [];

    private string? ParentHelp(RegionForm form) =>
        ReferenceValidation.ParentLevelOf(form.Level ?? "") is { } parentLevel ? L["AdminRef.ParentHelp", LevelName(parentLevel)].Value : null;

    private string RegionName(long? id) => id is { } i && _byId.TryGetValue(i, out var r) ? $"{r.Code} {r.Name}" : "";

    private void OnLevelChanged(RegionForm form, string level)
    {
        form.Level = level;
        if (form.ParentId is { } parentId && _byId.TryGetValue(parentId, out var parent) && parent.Level != ReferenceValidation.ParentLevelOf(level))
            form.ParentId = null;
    }
}
