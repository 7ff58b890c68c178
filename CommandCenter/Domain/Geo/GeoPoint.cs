namespace CommandCenter.Domain.Geo;

/// <summary>
/// A point on the earth (坐标) in WGS-84 degrees: latitude north, longitude east. Every stored geometry and every case's
/// <c>lat</c>/<c>lng</c> is in this one system; GeoJSON writes it as [lng, lat].
/// </summary>
public readonly record struct GeoPoint(double Lat, double Lng)
{
    /// <summary>A real place: finite, latitude in [−90, 90], longitude in [−180, 180].</summary>
    public bool IsValid => IsValidLat(Lat) && IsValidLng(Lng);

    public static bool IsValidLat(double lat) => double.IsFinite(lat) && lat is >= -90 and <= 90;

    public static bool IsValidLng(double lng) => double.IsFinite(lng) && lng is >= -180 and <= 180;
}
