namespace CommandCenter.Domain.Geo;

/// <summary>The figures the map shades streets by and counts beside the points.</summary>
public static class MapIndicators
{
    /// <summary>
    /// 每平方公里在办案件 (open cases per km²): the street's open cases (located or not) over its area; null without an area
    /// (no stored shape), never a division by zero.
    /// </summary>
    public static double? OpenPerKm2(long openCases, double? areaKm2) => areaKm2 is > 0 ? openCases / areaKm2.Value : null;

    /// <summary>
    /// 无位置 (no location) on the board: an open case without a point, or with a point outside the district (outside its
    /// shape, or when it has none, outside every street's). Counted, never dropped silently.
    /// </summary>
    public static bool HasNoPlace(GeoPoint? point, GeoArea? district, IEnumerable<GeoArea> streets) =>
        point is not { } p || !p.IsValid || !(district?.Contains(p) ?? streets.Any(s => s.Contains(p)));
}
