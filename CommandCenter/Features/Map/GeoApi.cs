using System.Text;
using System.Text.Json;
using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Cases;
using CommandCenter.Security;

namespace CommandCenter.Features.Map;

/// <summary>
/// <c>GET /api/v1/geo/regions</c> and <c>GET /api/v1/geo/cases</c>: the map's geometry and cases as GeoJSON
/// (<c>application/geo+json</c>, WGS-84, [longitude, latitude]), scope <c>read</c> (docs/map.md, docs/api.md).
/// </summary>
public static class GeoApi
{
    public const string ContentType = "application/geo+json";

    public static RouteGroupBuilder MapGeoApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/geo").WithTags("Map");
        api.MapGet("/regions", RegionsAsync).RequireAuthorization(Policies.ApiRead);
        api.MapGet("/cases", CasesAsync).RequireAuthorization(Policies.ApiRead);
        return api;
    }

    /// <summary>Every stored region shape (properties: kind "region", code, name, level, parentCode, areaKm2) and road line (kind "road", code, name, streetCode, lengthKm).</summary>
    private static async Task<IResult> RegionsAsync(GeoCatalog catalog, CancellationToken cancellationToken)
    {
        var geometry = await catalog.GetAsync(cancellationToken);
        var reference = geometry.Reference;
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        var first = true;
        foreach (var region in reference.Regions.Where(r => geometry.Regions.ContainsKey(r.Id)))
        {
            var shape = geometry.Regions[region.Id];
            var parent = region.ParentId is { } p && reference.RegionsById.TryGetValue(p, out var pr) ? pr.Code : null;
            Feature(text, ref first, GeoJson.Write(shape.Area), new
            {
                kind = "region", code = region.Code, name = region.Name, level = region.Level, parentCode = parent,
                areaKm2 = Math.Round(shape.AreaKm2, 4),
            });
        }
        foreach (var road in reference.Roads.Where(r => geometry.Roads.ContainsKey(r.Id)))
        {
            var line = geometry.Roads[road.Id].Line;
            Feature(text, ref first, GeoJson.Write(line), new
            {
                kind = "road", code = road.Code, name = road.Name,
                streetCode = reference.RegionsById.TryGetValue(road.StreetId, out var s) ? s.Code : null, lengthKm = Math.Round(line.LengthKm, 4),
            });
        }
        return Results.Text(text.Append("]}").ToString(), ContentType, Encoding.UTF8);
    }

    /// <summary>
    /// The open cases, or with any case-desk filter parameter (docs/cases.md) the cases it selects (at most
    /// <see cref="MapCaseQuery.MaxCases"/>, newest first, <c>truncated</c> when there were more). A case without a location
    /// has a null geometry; <c>withoutLocation</c> counts them and the cases outside the district. The phone is masked.
    /// </summary>
    private static async Task<IResult> CasesAsync(HttpRequest request, GeoCatalog catalog, MapCaseQuery query, TimeProvider clock,
        PlaceCatalog places, BusinessCalendar calendar, Microsoft.Extensions.Options.IOptions<MapOptions> settings, CancellationToken cancellationToken)
    {
        var geometry = await catalog.GetAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<MapCase> cases;
        var truncated = false;
        if (request.Query.Count == 0)
        {
            cases = await query.OpenAsync(geometry, now, ct: cancellationToken);
        }
        else
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var listRequest = CaseFilters.Parse(name => request.Query.TryGetValue(name, out var v) ? v.ToString() : null, geometry.Reference, errors);
            foreach (var name in new[] { "limit", "cursor", "sort" })
                if (request.Query.ContainsKey(name)) errors[name] = $"The map holds every case the filter selects: leave out {name}.";
            if (listRequest is null || errors.Count > 0)
                return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
                    detail: string.Join(" ", errors.Values), title: "The case filter is not valid.");
            cases = await query.FilteredAsync(listRequest.Filter, geometry, now, cancellationToken);
            truncated = cases.Count > MapCaseQuery.MaxCases;
            if (truncated) cases = cases.Take(MapCaseQuery.MaxCases).ToList();
        }

        var reference = geometry.Reference;
        // 近便民疏导点: an open case of a layer's categories near one of its places in season today (NearPlaces).
        var near = PlaceView.Near(cases, reference, await places.GetAsync(cancellationToken), calendar.LocalDate(now), settings.Value.NearPlaceMetres);
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",");
        text.Append("\"asOf\":").Append(JsonSerializer.Serialize(now)).Append(',');
        text.Append("\"withoutLocation\":").Append(cases.Count(c => !c.Located)).Append(',');
        text.Append("\"truncated\":").Append(truncated ? "true" : "false").Append(",\"features\":[");
        var first = true;
        foreach (var c in cases)
        {
            var geometryText = c.Point is { } p ? $"{{\"type\":\"Point\",\"coordinates\":[{GeoJson.Number(p.Lng)},{GeoJson.Number(p.Lat)}]}}" : "null";
            Feature(text, ref first, geometryText, new
            {
                caseNo = c.CaseNo,
                status = c.Status,
                stage = c.Stage?.Code(),
                category = reference.CategoriesById.TryGetValue(c.CategoryId, out var category) ? category.Code : null,
                street = reference.RegionsById.TryGetValue(c.StreetId, out var street) ? street.Code : null,
                region = reference.RegionsById.TryGetValue(c.RegionId, out var region) ? region.Code : null,
                reportedAt = c.ReportedAt,
                deadlineAt = c.DeadlineAt,
                reporterPhone = c.ReporterPhone is null ? null : ReporterPhone.Mask(c.ReporterPhone),
                located = c.Located,
                nearPlace = near.TryGetValue(c.Id, out var n) ? new { layer = n.Layer.Code, name = n.Place.Name, metres = n.Metres } : null,
            });
        }
        return Results.Text(text.Append("]}").ToString(), ContentType, Encoding.UTF8);
    }

    private static void Feature(StringBuilder text, ref bool first, string geometry, object properties)
    {
        if (!first) text.Append(',');
        first = false;
        text.Append("{\"type\":\"Feature\",\"geometry\":").Append(geometry).Append(",\"properties\":")
            .Append(JsonSerializer.Serialize(properties, JsonSerializerOptions.Web)).Append('}');
    }
}
