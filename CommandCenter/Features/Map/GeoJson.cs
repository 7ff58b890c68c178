using System.Globalization;
using System.Text;
using System.Text.Json;
using CommandCenter.Domain.Geo;

namespace CommandCenter.Features.Map;

/// <summary>
/// GeoJSON geometry (RFC 7946) as stored in <c>region_shapes.geojson</c> and <c>road_lines.geojson</c> and sent to the map:
/// positions are [longitude, latitude] in WGS-84, written with 6 decimals (about 0.1 m).
/// </summary>
public static class GeoJson
{
    /// <summary>A region's shape as a Polygon (one polygon) or a MultiPolygon.</summary>
    public static string Write(GeoArea area)
    {
        var text = new StringBuilder();
        if (area.Polygons.Count == 1)
        {
            text.Append("{\"type\":\"Polygon\",\"coordinates\":");
            WritePolygon(text, area.Polygons[0]);
        }
        else
        {
            text.Append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
            for (var i = 0; i < area.Polygons.Count; i++)
            {
                if (i > 0) text.Append(',');
                WritePolygon(text, area.Polygons[i]);
            }
            text.Append(']');
        }
        return text.Append('}').ToString();
    }

    /// <summary>A road's line as a LineString.</summary>
    public static string Write(GeoLine line)
    {
        var text = new StringBuilder("{\"type\":\"LineString\",\"coordinates\":");
        WritePositions(text, line.Points);
        return text.Append('}').ToString();
    }

    private static void WritePolygon(StringBuilder text, GeoPolygon polygon)
    {
        text.Append('[');
        var first = true;
        foreach (var ring in polygon.Rings)
        {
            if (!first) text.Append(',');
            first = false;
            WritePositions(text, ring);
        }
        text.Append(']');
    }

    private static void WritePositions(StringBuilder text, IReadOnlyList<GeoPoint> points)
    {
        text.Append('[');
        for (var i = 0; i < points.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append('[').Append(Number(points[i].Lng)).Append(',').Append(Number(points[i].Lat)).Append(']');
        }
        text.Append(']');
    }

    /// <summary>A coordinate as GeoJSON writes it: invariant, at most 6 decimals.</summary>
    public static string Number(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A stored region shape (written by <see cref="Write(GeoArea)"/>).</summary>
    public static GeoArea ReadArea(string geojson)
    {
        using var document = JsonDocument.Parse(geojson);
        var root = document.RootElement;
        var coordinates = root.GetProperty("coordinates");
        return root.GetProperty("type").GetString() == "MultiPolygon"
            ? new GeoArea(coordinates.EnumerateArray().Select(Polygon).ToList())
            : new GeoArea(Polygon(coordinates));
    }

    /// <summary>A stored road line (written by <see cref="Write(GeoLine)"/>).</summary>
    public static GeoLine ReadLine(string geojson)
    {
        using var document = JsonDocument.Parse(geojson);
        return new GeoLine(Positions(document.RootElement.GetProperty("coordinates")));
    }

    internal static GeoPolygon Polygon(JsonElement rings)
    {
        var all = rings.EnumerateArray().Select(Positions).ToList();
        return new GeoPolygon(all[0], all.Skip(1).ToList());
    }

    internal static IReadOnlyList<GeoPoint> Positions(JsonElement positions) =>
        positions.EnumerateArray().Select(p => new GeoPoint(p[1].GetDouble(), p[0].GetDouble())).ToList();
}
