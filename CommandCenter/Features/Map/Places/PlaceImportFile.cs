using System.Text.Json;
using CommandCenter.Domain.Geo;

namespace CommandCenter.Features.Map;

/// <summary>The outcome of reading a places file: the places, or the one reason it is refused (naming the feature).</summary>
public sealed record PlaceImportResult(IReadOnlyList<ManagedPlace>? Places, string? Error)
{
    public static PlaceImportResult Refused(string error) => new(null, error);
}

/// <summary>
/// Reads managed places (管理点位) from a GeoJSON FeatureCollection of Point features: <c>properties.name</c> (required,
/// at most <see cref="PlaceRules.MaxName"/> characters), <c>properties.note</c> and <c>properties.season</c>
/// (<c>MM-DD..MM-DD</c>, the place's own season) optional. Taken whole or refused whole, naming the feature by number and
/// name: not GeoJSON, a geometry other than a Point, a coordinate out of range, a point outside the district's stored shape,
/// a missing name, a bad season.
/// </summary>
public static class PlaceImportFile
{
    /// <summary>A layer of a few thousand points is well under a megabyte.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <param name="district">The district's stored shape, when there is one: every point must lie in it.</param>
    public static PlaceImportResult Read(byte[] utf8, GeoArea? district)
    {
        if (utf8.Length > MaxBytes) return PlaceImportResult.Refused($"The file is larger than {MaxBytes / 1024 / 1024} MB.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return PlaceImportResult.Refused($"Not GeoJSON: not valid JSON (line {(ex.LineNumber ?? 0) + 1}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "FeatureCollection" || !root.TryGetProperty("features", out var features)
                || features.ValueKind != JsonValueKind.Array)
                return PlaceImportResult.Refused("Not GeoJSON: the file must be a FeatureCollection with a list of features.");
            var places = new List<ManagedPlace>();
            var number = 0;
            foreach (var feature in features.EnumerateArray())
            {
                number++;
                var (place, error) = ReadFeature(feature, number, district);
                if (error is not null) return PlaceImportResult.Refused(error);
                places.Add(place!);
            }
            if (number == 0) return PlaceImportResult.Refused("The file has no feature.");
            return new PlaceImportResult(places, null);
        }
    }

    private static (ManagedPlace? Place, string? Error) ReadFeature(JsonElement feature, int number, GeoArea? district)
    {
        var label = $"Feature {number}";
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || type.GetString() != "Feature")
            return (null, $"{label}: not a GeoJSON Feature.");
        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var name = Text(properties, "name")?.Trim();
        if (name is { Length: > 0 }) label = $"Feature {number} ({name})";
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("type", out var geometryType) || geometryType.ValueKind != JsonValueKind.String
            || !geometry.TryGetProperty("coordinates", out var coordinates))
            return (null, $"{label}: no geometry with a type and coordinates.");
        if (geometryType.GetString() != "Point") return (null, $"{label}: a place's geometry must be a Point, not {geometryType.GetString()}.");
        if (coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() < 2
            || coordinates[0].ValueKind != JsonValueKind.Number || coordinates[1].ValueKind != JsonValueKind.Number)
            return (null, $"{label}: coordinates must be a [longitude, latitude] pair.");
        var point = new GeoPoint(coordinates[1].GetDouble(), coordinates[0].GetDouble());
        if (name is not { Length: > 0 }) return (null, $"{label}: properties.name is missing.");
        var note = Text(properties, "note")?.Trim();
        Season? season = null;
        if (Text(properties, "season") is { Length: > 0 } seasonText)
        {
            if (!Season.TryParse(seasonText, out var s)) return (null, $"{label}: the season '{seasonText}' is not MM-DD..MM-DD.");
            season = s;
        }
        return PlaceRules.Check(name, note, point, district) switch
        {
            null => (new ManagedPlace(0, name, point, string.IsNullOrEmpty(note) ? null : note, season), null),
            PlaceProblem.OutOfRange => (null, $"{label}: the coordinate is out of range (longitude −180…180, latitude −90…90, in that order)."),
            PlaceProblem.OutsideDistrict => (null, $"{label}: the point lies outside the district."),
            PlaceProblem.NameTooLong => (null, $"{label}: the name is longer than {PlaceRules.MaxName} characters."),
            PlaceProblem.NoteTooLong => (null, $"{label}: the note is longer than {PlaceRules.MaxNote} characters."),
            var problem => (null, $"{label}: {problem}."),
        };
    }

    private static string? Text(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
