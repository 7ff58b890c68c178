using System.Text.Json;
using CommandCenter.Domain.Geo;

namespace CommandCenter.Features.Map;

/// <summary>The outcome of reading a places file: the places, or the one reason it is refused (naming the feature).</summary>
public sealed record PlaceImportResult(IReadOnlyList<ManagedPlace>? Places, ImportProblem? Problem)
{
    public static PlaceImportResult Refused(ImportProblem problem) => new(null, problem);
}

/// <summary>
/// Reads managed places (管理点位) from a GeoJSON FeatureCollection of Point features: <c>properties.name</c> (required,
/// at most <see cref="PlaceRules.MaxName"/> characters), <c>properties.note</c> and <c>properties.season</c>
/// (<c>MM-DD..MM-DD</c>, the place's own season) optional. Taken whole or refused whole, naming the feature by number and
/// name: not GeoJSON, a geometry other than a Point, a coordinate out of range, a point outside the district's stored shape,
/// a missing name, a bad season. The reason is an <see cref="ImportProblem"/> (Import.* in <see cref="MapResource"/>),
/// rendered in the reader's language.
/// </summary>
public static class PlaceImportFile
{
    /// <summary>A layer of a few thousand points is well under a megabyte.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <param name="district">The district's stored shape, when there is one: every point must lie in it.</param>
    public static PlaceImportResult Read(byte[] utf8, GeoArea? district)
    {
        if (utf8.Length > MaxBytes) return PlaceImportResult.Refused(new("Geo.TooLarge", MaxBytes / 1024 / 1024));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return PlaceImportResult.Refused(new("Import.NotJson", (ex.LineNumber ?? 0) + 1));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "FeatureCollection" || !root.TryGetProperty("features", out var features)
                || features.ValueKind != JsonValueKind.Array)
                return PlaceImportResult.Refused(new("Import.NotCollection"));
            var places = new List<ManagedPlace>();
            var number = 0;
            foreach (var feature in features.EnumerateArray())
            {
                number++;
                var (place, problem) = ReadFeature(feature, number, district);
                if (problem is not null) return PlaceImportResult.Refused(problem);
                places.Add(place!);
            }
            if (number == 0) return PlaceImportResult.Refused(new("Import.NoFeature"));
            return new PlaceImportResult(places, null);
        }
    }

    private static (ManagedPlace? Place, ImportProblem? Problem) ReadFeature(JsonElement feature, int number, GeoArea? district)
    {
        var label = ImportProblem.Feature(number, null);
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || type.GetString() != "Feature")
            return (null, new("Import.NotAFeature", label));
        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var name = Text(properties, "name")?.Trim();
        if (name is { Length: > 0 }) label = ImportProblem.Feature(number, name);
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("type", out var geometryType) || geometryType.ValueKind != JsonValueKind.String
            || !geometry.TryGetProperty("coordinates", out var coordinates))
            return (null, new("Import.NoGeometry", label));
        if (geometryType.GetString() != "Point") return (null, new("Import.PlaceGeometry", label, geometryType.GetString() ?? ""));
        if (coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() < 2
            || coordinates[0].ValueKind != JsonValueKind.Number || coordinates[1].ValueKind != JsonValueKind.Number)
            return (null, new("Import.NotAPosition", label));
        var point = new GeoPoint(coordinates[1].GetDouble(), coordinates[0].GetDouble());
        if (name is not { Length: > 0 }) return (null, new("Import.NoName", label));
        var note = Text(properties, "note")?.Trim();
        Season? season = null;
        if (Text(properties, "season") is { Length: > 0 } seasonText)
        {
            if (!Season.TryParse(seasonText, out var s)) return (null, new("Import.BadSeason", label, seasonText));
            season = s;
        }
        return PlaceRules.Check(name, note, point, district) switch
        {
            null => (new ManagedPlace(0, name, point, string.IsNullOrEmpty(note) ? null : note, season), null),
            PlaceProblem.OutOfRange => (null, new("Import.Place.OutOfRange", label)),
            PlaceProblem.OutsideDistrict => (null, new("Import.Place.OutsideDistrict", label)),
            PlaceProblem.NameTooLong => (null, new("Import.Place.NameTooLong", label, PlaceRules.MaxName)),
            PlaceProblem.NoteTooLong => (null, new("Import.Place.NoteTooLong", label, PlaceRules.MaxNote)),
            PlaceProblem.NoName => (null, new("Import.NoName", label)),
            var problem => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };
    }

    private static string? Text(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
