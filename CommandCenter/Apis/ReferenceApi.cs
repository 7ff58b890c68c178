using CommandCenter.Features.Reference;
using CommandCenter.Security;

namespace CommandCenter.Apis;

/// <summary><c>GET /api/v1/reference</c>: the codes other systems post cases with (docs/api.md).</summary>
public static class ReferenceApi
{
    public static RouteGroupBuilder MapReferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Reference");
        api.MapGet("/reference", GetReferenceAsync).RequireAuthorization(Policies.ApiRead);
        return api;
    }

    public sealed record CategoryCode(string Code, string Name, string Kind, double TimeLimitHours, double UrgentTimeLimitHours);
    public sealed record RegionCode(string Code, string Name, string Level, string? ParentCode);
    public sealed record NamedCode(string Code, string Name);
    public sealed record RoadCode(string Code, string Name, string? StreetCode);
    public sealed record LeaderCode(string Code, string Name, string Title);
    public sealed record ReferenceCodes(IReadOnlyList<CategoryCode> Categories, IReadOnlyList<RegionCode> Regions,
        IReadOnlyList<NamedCode> Departments, IReadOnlyList<RoadCode> Roads, IReadOnlyList<LeaderCode> Leaders);

    private static async Task<ReferenceCodes> GetReferenceAsync(ReferenceCatalog catalog, CancellationToken cancellationToken)
    {
        var data = await catalog.GetAsync(cancellationToken);
        return new ReferenceCodes(
            data.Categories.Select(c => new CategoryCode(c.Code, c.Name, c.Kind.ToString().ToLowerInvariant(), c.TimeLimitHours, c.UrgentTimeLimitHours)).ToList(),
            data.Regions.Select(r => new RegionCode(r.Code, r.Name, r.Level,
                r.ParentId is { } p && data.RegionsById.TryGetValue(p, out var parent) ? parent.Code : null)).ToList(),
            data.Departments.Select(d => new NamedCode(d.Code, d.Name)).ToList(),
            data.Roads.Select(r => new RoadCode(r.Code, r.Name, data.RegionsById.TryGetValue(r.StreetId, out var s) ? s.Code : null)).ToList(),
            data.Leaders.Select(l => new LeaderCode(l.Code, l.Name, l.Title)).ToList());
    }
}
