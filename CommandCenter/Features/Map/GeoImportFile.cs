using System.Text.Json;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Reference;

namespace CommandCenter.Features.Map;

/// <summary>What an import writes: the shapes of regions and the lines of roads, by id.</summary>
public sealed record GeoImport(IReadOnlyDictionary<long, GeoArea> Regions, IReadOnlyDictionary<long, GeoLine> Roads);

/// <summary>The outcome of reading a boundary file: the import, or the one reason it is refused (naming the feature).</summary>
public sealed record GeoImportResult(GeoImport? Import, string? Error)
{
    public static GeoImportResult Refused(string error) => new(null, error);
}

/// <summary>
/// Reads boundaries (辖区边界) and road lines from a GeoJSON FeatureCollection: each feature's <c>properties.code</c> is a
/// region code (its geometry a Polygon or MultiPolygon) or a road code (a LineString). A file is taken whole or refused whole,
/// naming the feature (its number from 1 and its code): not GeoJSON, a wrong geometry type, an unclosed or self-crossing ring,
/// a coordinate out of range, an unknown code, a code twice, or a region not within its parent regions (a grid outside its
/// community or street), judged with the file's shapes where it has them and the stored ones otherwise.
/// </summary>
public static class GeoImportFile
{
    /// <summary>A district's boundaries at survey detail are a few MB.</summary>
    public const int MaxBytes = 32 * 1024 * 1024;

    /// <param name="stored">The regions' shapes already stored, by region id (a new grid is judged against its stored street).</param>
    public static GeoImportResult Read(byte[] utf8, ReferenceData reference, IReadOnlyDictionary<long, GeoArea> stored)
    {
        if (utf8.Length > MaxBytes) return GeoImportResult.Refused($"The file is larger than {MaxBytes / 1024 / 1024} MB.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return GeoImportResult.Refused($"Not GeoJSON: not valid JSON (line {(ex.LineNumber ?? 0) + 1}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "FeatureCollection" || !root.TryGetProperty("features", out var features)
                || features.ValueKind != JsonValueKind.Array)
                return GeoImportResult.Refused("Not GeoJSON: the file must be a FeatureCollection with a list of features.");

            var regions = new Dictionary<long, (int Number, string Code, GeoArea Area)>();
            var roads = new Dictionary<long, GeoLine>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var number = 0;
            foreach (var feature in features.EnumerateArray())
            {
                number++;
                var error = ReadFeature(feature, number, reference, seen, regions, roads);
                if (error is not null) return GeoImportResult.Refused(error);
            }
            if (number == 0) return GeoImportResult.Refused("The file has no feature.");
            if (Nesting(regions, reference, stored) is { } nesting) return GeoImportResult.Refused(nesting);
            return new GeoImportResult(new GeoImport(regions.ToDictionary(r => r.Key, r => r.Value.Area), roads), null);
        }
    }

    private static string? ReadFeature(JsonElement feature, int number, ReferenceData reference, Dictionary<string, int> seen,
        Dictionary<long, (int Number, string Code, GeoArea Area)> regions, Dictionary<long, GeoLine> roads)
    {
        var name = $"Feature {number}";
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || type.GetString() != "Feature")
            return $"{name}: not a GeoJSON Feature.";
        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty("code", out var codeElement) || codeElement.ValueKind != JsonValueKind.String
            || codeElement.GetString() is not { Length: > 0 } code)
            return $"{name}: properties.code (a region or road code) is missing.";
        name = $"Feature {number} ({code})";
        if (seen.TryGetValue(code, out var earlier)) return $"{name}: the code is also feature {earlier}'s.";
        seen[code] = number;
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("type", out var geometryType) || geometryType.ValueKind != JsonValueKind.String
            || !geometry.TryGetProperty("coordinates", out var coordinates))
            return $"{name}: no geometry with a type and coordinates.";
        var kind = geometryType.GetString();

        if (reference.Region(code) is { } region)
        {
            if (kind is not ("Polygon" or "MultiPolygon"))
                return $"{name}: a region's geometry must be a Polygon or MultiPolygon, not {kind}.";
            if (!Shape(coordinates, kind == "MultiPolygon", out var area, out var problem)) return $"{name}: {problem}";
            regions[region.Id] = (number, code, area!);
            return null;
        }
        if (reference.Road(code) is { } road)
        {
            if (kind != "LineString") return $"{name}: a road's geometry must be a LineString, not {kind}.";
            if (!Positions(coordinates, out var points)) return $"{name}: coordinates must be [longitude, latitude] pairs.";
            if (GeoRules.CheckLine(points!) is { } lineProblem) return $"{name}: {Describe(lineProblem, "the line")}";
            roads[road.Id] = new GeoLine(points!);
            return null;
        }
        return $"{name}: no region or road has this code.";
    }

    private static bool Shape(JsonElement coordinates, bool multi, out GeoArea? area, out string? problem)
    {
        area = null;
        problem = null;
        if (coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() == 0)
        {
            problem = "coordinates must be a list of rings.";
            return false;
        }
        var polygons = new List<GeoPolygon>();
        foreach (var polygon in multi ? coordinates.EnumerateArray().ToList() : [coordinates])
        {
            if (polygon.ValueKind != JsonValueKind.Array || polygon.GetArrayLength() == 0)
            {
                problem = "coordinates must be a list of rings.";
                return false;
            }
            var rings = new List<IReadOnlyList<GeoPoint>>();
            var index = 0;
            foreach (var ring in polygon.EnumerateArray())
            {
                var label = index == 0 ? "the outer ring" : $"hole {index}";
                if (!Positions(ring, out var points))
                {
                    problem = $"{label}: coordinates must be [longitude, latitude] pairs.";
                    return false;
                }
                if (GeoRules.CheckRing(points!) is { } ringProblem)
                {
                    problem = Describe(ringProblem, label);
                    return false;
                }
                rings.Add(GeoRules.WithoutRepeats(points!));
                index++;
            }
            polygons.Add(new GeoPolygon(rings[0], rings.Skip(1).ToList()));
        }
        area = new GeoArea(polygons);
        return true;
    }

    private static bool Positions(JsonElement element, out IReadOnlyList<GeoPoint>? points)
    {
        points = null;
        if (element.ValueKind != JsonValueKind.Array) return false;
        var list = new List<GeoPoint>(element.GetArrayLength());
        foreach (var position in element.EnumerateArray())
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
                return false;
            list.Add(new GeoPoint(position[1].GetDouble(), position[0].GetDouble()));
        }
        points = list;
        return true;
    }

    private static string Describe(GeoProblem problem, string what) => problem switch
    {
        GeoProblem.OutOfRange => $"{what} has a coordinate out of range (longitude −180…180, latitude −90…90, in that order).",
        GeoProblem.TooFewPoints => $"{what} has too few positions (a ring needs 4, its first repeated last; a line 2) or more than {GeoRules.MaxPoints}.",
        GeoProblem.NotClosed => $"{what} is not closed: its last position must be its first.",
        GeoProblem.SelfCrossing => $"{what} crosses itself.",
        _ => $"{what}: {problem}",
    };

    // Each region within each of its ancestors that has a shape (the file's, else the stored one); pairs where neither
    // shape comes from the file were judged when they were imported.
    private static string? Nesting(Dictionary<long, (int Number, string Code, GeoArea Area)> imported, ReferenceData reference,
        IReadOnlyDictionary<long, GeoArea> stored)
    {
        GeoArea? ShapeOf(long id) => imported.TryGetValue(id, out var i) ? i.Area : stored.GetValueOrDefault(id);
        foreach (var region in reference.Regions)
        {
            if (ShapeOf(region.Id) is not { } shape) continue;
            for (var parentId = region.ParentId; parentId is { } pid && reference.RegionsById.TryGetValue(pid, out var parent); parentId = parent.ParentId)
            {
                if (!imported.ContainsKey(region.Id) && !imported.ContainsKey(pid)) continue;
                if (ShapeOf(pid) is not { } parentShape) continue;
                if (shape.IsWithin(parentShape)) continue;
                var subject = imported.TryGetValue(region.Id, out var own)
                    ? $"Feature {own.Number} ({region.Code})"
                    : $"Feature {imported[pid].Number} ({parent.Code})";
                return imported.ContainsKey(region.Id)
                    ? $"{subject}: the {region.Level} is not within its {parent.Level} {parent.Code} ({parent.Name})."
                    : $"{subject}: the stored {region.Level} {region.Code} ({region.Name}) would lie outside this {parent.Level}.";
            }
        }
        return null;
    }
}
