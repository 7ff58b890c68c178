using CommandCenter.Domain;
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

    /// <summary>处置时限: an amount in its unit, <c>workingHours</c> (工作时), <c>workingDays</c> (工作日) or <c>hours</c> (自然时).</summary>
    public sealed record LimitCode(double Amount, string Unit)
    {
        public static LimitCode Of(TimeLimit limit) => new(limit.Amount, limit.Unit.Code());
    }

    public sealed record CategoryCode(string Code, string Name, string Kind, LimitCode TimeLimit, LimitCode UrgentTimeLimit);
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
            data.Categories.Select(c => new CategoryCode(c.Code, c.Name, c.Kind.ToString().ToLowerInvariant(),
                LimitCode.Of(c.TimeLimitFor(isUrgent: false)), LimitCode.Of(c.TimeLimitFor(isUrgent: true)))).ToList(),
            data.Regions.Select(r => new RegionCode(r.Code, r.Name, r.Level,
                r.ParentId is { } p && data.RegionsById.TryGetValue(p, out var parent) ? parent.Code : null)).ToList(),
            data.Departments.Select(d => new NamedCode(d.Code, d.Name)).ToList(),
            data.Roads.Select(r => new RoadCode(r.Code, r.Name, data.RegionsById.TryGetValue(r.StreetId, out var s) ? s.Code : null)).ToList(),
            data.Leaders.Select(l => new LeaderCode(l.Code, l.Name, l.Title)).ToList());
    }
}
