namespace CommandCenter.Features.Admin.Reference;

/// <summary>道路: the roads leaders are responsible for, each in one street (街道).</summary>
public sealed partial class RoadsTab
{
    private IReadOnlyList<RegionAdminRow> Streets { get; set; } = [];

    protected override Task<IReadOnlyList<RoadAdminRow>> LoadAsync(CancellationToken ct) => Queries.RoadsAsync(ct);

    protected override async Task LoadOptionsAsync(CancellationToken ct) =>
        Streets = (await Queries.RegionsAsync(ct)).Where(r => r.Level == "street").ToList();

    protected override RoadForm NewForm() => new();
    protected override RoadForm EditForm(RoadAdminRow row) => RoadForm.From(row);
    protected override Task<ReferenceCommandResult> SaveAsync(RoadForm form, CancellationToken ct) => Commands.SaveRoadAsync(form, ct);
    protected override Task<ReferenceCommandResult> DeleteAsync(RoadAdminRow row, CancellationToken ct) => Commands.DeleteRoadAsync(row.Id, ct);
    protected override string Describe(RoadAdminRow row) => $"{row.Code} {row.Name}";
    protected override bool Matches(RoadAdminRow row, string search) =>
        row.Code.Contains(search, StringComparison.OrdinalIgnoreCase) || row.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
        || row.StreetName.Contains(search, StringComparison.OrdinalIgnoreCase);

    private string StreetName(long? id) => Streets.FirstOrDefault(s => s.Id == id) is { } s ? $"{s.Code} {s.Name}" : "";
}
