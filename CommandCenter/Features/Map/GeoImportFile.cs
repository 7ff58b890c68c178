using System.Text.Json;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Reference;

namespace CommandCenter.Features.Map;

/// <summary>What an import writes: the shapes of regions and the lines of roads, by id.</summary>
public sealed record GeoImport(IReadOnlyDictionary<long, GeoArea> Regions, IReadOnlyDictionary<long, GeoLine> Roads);

/// <summary>The outcome of reading a boundary file: the import, or the one reason it is refused (naming the feature).</summary>
public sealed record GeoImportResult(GeoImport? Import, ImportProblem? Problem)
{
    public static GeoImportResult Refused(ImportProblem problem) => new(null, problem);
}

/// <summary>
/// Reads boundaries (辖区边界) and road lines from a GeoJSON FeatureCollection: each feature's <c>properties.code</c> is a
/// region code (its geometry a Polygon or MultiPolygon) or a road code (a LineString). A file is taken whole or refused whole,
/// naming the feature (its number from 1 and its code): not GeoJSON, a wrong geometry type, an unclosed or self-crossing ring,
/// a coordinate out of range, an unknown code, a code twice, or a region not within its parent regions (a grid outside its
/// community or street), judged with the file's shapes where it has them and the stored ones otherwise. The reason is an
/// <see cref="ImportProblem"/> (Import.* in <see cref="MapResource"/>), rendered in the reader's language.
/// </summary>
public static class GeoImportFile
{
    /// <summary>A district's boundaries at survey detail are a few MB.</summary>
    public const int MaxBytes = 32 * 1024 * 1024;

    /// <param name="stored">The regions' shapes already stored, by region id (a new grid is judged against its stored street).</param>
    public static GeoImportResult Read(byte[] utf8, ReferenceData reference, IReadOnlyDictionary<long, GeoArea> stored)
    {
        if (utf8.Length > MaxBytes) return GeoImportResult.Refused(new("Geo.TooLarge", MaxBytes / 1024 / 1024));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return GeoImportResult.Refused(new("Import.NotJson", (ex.LineNumber ?? 0) + 1));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "FeatureCollection" || !root.TryGetProperty("features", out var features)
                || features.ValueKind != JsonValueKind.Array)
                return GeoImportResult.Refused(new("Import.NotCollection"));

            var regions = new Dictionary<long, (int Number, string Code, GeoArea Area)>();
            var roads = new Dictionary<long, GeoLine>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var number = 0;
            foreach (var feature in features.EnumerateArray())
            {
                number++;
                var problem = ReadFeature(feature, number, reference, seen, regions, roads);
                if (problem is not null) return GeoImportResult.Refused(problem);
            }
            if (number == 0) return GeoImportResult.Refused(new("Import.NoFeature"));
            if (Nesting(regions, reference, stored) is { } nesting) return GeoImportResult.Refused(nesting);
            return new GeoImportResult(new GeoImport(regions.ToDictionary(r => r.Key, r => r.Value.Area), roads), null);
        }
    }

    private static ImportProblem? ReadFeature(JsonElement feature, int number, ReferenceData reference, Dictionary<string, int> seen,
        Dictionary<long, (int Number, string Code, GeoArea Area)> regions, Dictionary<long, GeoLine> roads)
    {
        var name = ImportProblem.Feature(number, null);
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || type.GetString() != "Feature")
            return new("Import.NotAFeature", name);
        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty("code", out var codeElement) || codeElement.ValueKind != JsonValueKind.String
            || codeElement.GetString() is not { Length: > 0 } code)
            return new("Import.NoCode", name);
        name = ImportProblem.Feature(number, code);
        if (seen.TryGetValue(code, out var earlier)) return new("Import.CodeTwice", name, earlier);
        seen[code] = number;
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("type", out var geometryType) || geometryType.ValueKind != JsonValueKind.String
            || !geometry.TryGetProperty("coordinates", out var coordinates))
            return new("Import.NoGeometry", name);
        var kind = geometryType.GetString();

        if (reference.Region(code) is { } region)
        {
            if (kind is not ("Polygon" or "MultiPolygon"))
                return new("Import.RegionGeometry", name, kind ?? "");
            if (!Shape(coordinates, kind == "MultiPolygon", name, out var area, out var problem)) return problem;
            regions[region.Id] = (number, code, area!);
            return null;
        }
        if (reference.Road(code) is { } road)
        {
            var line = new ImportProblem("Import.Line");
            if (kind != "LineString") return new("Import.RoadGeometry", name, kind ?? "");
            if (!Positions(coordinates, out var points)) return new("Import.NotPositions", name, line);
            if (GeoRules.CheckLine(points!) is { } lineProblem) return Describe(lineProblem, name, line);
            roads[road.Id] = new GeoLine(points!);
            return null;
        }
        return new("Import.UnknownCode", name);
    }

    private static bool Shape(JsonElement coordinates, bool multi, ImportProblem feature, out GeoArea? area, out ImportProblem? problem)
    {
        area = null;
        problem = null;
        if (coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() == 0)
        {
            problem = new("Import.NotRings", feature);
            return false;
        }
        var polygons = new List<GeoPolygon>();
        foreach (var polygon in multi ? coordinates.EnumerateArray().ToList() : [coordinates])
        {
            if (polygon.ValueKind != JsonValueKind.Array || polygon.GetArrayLength() == 0)
            {
                problem = new("Import.NotRings", feature);
                return false;
            }
            var rings = new List<IReadOnlyList<GeoPoint>>();
            var index = 0;
            foreach (var ring in polygon.EnumerateArray())
            {
                var label = index == 0 ? new ImportProblem("Import.OuterRing") : new ImportProblem("Import.Hole", index);
                if (!Positions(ring, out var points))
                {
                    problem = new("Import.NotPositions", feature, label);
                    return false;
                }
                if (GeoRules.CheckRing(points!) is { } ringProblem)
                {
                    problem = Describe(ringProblem, feature, label);
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

    /// <summary>A ring's or line's <see cref="GeoProblem"/>, naming the feature and which ring (or the line).</summary>
    private static ImportProblem Describe(GeoProblem problem, ImportProblem feature, ImportProblem what) => problem switch
    {
        GeoProblem.OutOfRange => new("Import.Ring.OutOfRange", feature, what),
        GeoProblem.TooFewPoints => new("Import.Ring.TooFewPoints", feature, what, GeoRules.MaxPoints),
        GeoProblem.NotClosed => new("Import.Ring.NotClosed", feature, what),
        GeoProblem.SelfCrossing => new("Import.Ring.SelfCrossing", feature, what),
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };

    // Each region within each of its ancestors that has a shape (the file's, else the stored one); pairs where neither
    // shape comes from the file were judged when they were imported.
    private static ImportProblem? Nesting(Dictionary<long, (int Number, string Code, GeoArea Area)> imported, ReferenceData reference,
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
                var level = new ImportProblem($"Import.Level.{region.Level}");
                var parentLevel = new ImportProblem($"Import.Level.{parent.Level}");
                return imported.TryGetValue(region.Id, out var own)
                    ? new("Import.NotWithin", ImportProblem.Feature(own.Number, region.Code), level, parentLevel, parent.Code, parent.Name)
                    : new("Import.WouldLieOutside", ImportProblem.Feature(imported[pid].Number, parent.Code), level, region.Code, region.Name, parentLevel);
            }
        }
        return null;
    }
}
