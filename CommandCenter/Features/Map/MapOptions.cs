using CommandCenter.Extensions;

namespace CommandCenter.Features.Map;

/// <summary>The coordinate system of a tile server's tiles.</summary>
public enum TileCoordinates
{
    /// WGS-84, as the stored geometry and the cases' points (天地图, OpenStreetMap-style servers).
    Wgs84,
    /// GCJ-02 (火星坐标, 高德/腾讯 tiles): the map shifts the district's geometry and points onto them.
    Gcj02,
}

/// <summary>
/// Settings under <c>Map</c>. By default there is no tile server: the map draws the district's own geometry on a dark
/// background and fetches nothing from anywhere. With <see cref="TileUrlTemplate"/> set (the bureau's intranet tile server),
/// the tiles are drawn under the geometry and the Content-Security-Policy allows images from that origin, and only that one.
/// </summary>
public sealed class MapOptions : ICheckedSettings
{
    /// <summary>A Leaflet tile URL such as <c>https://tiles.example.gov.cn/{z}/{x}/{y}.png</c>; empty for none.</summary>
    public string? TileUrlTemplate { get; set; }

    /// <summary>The tiles' attribution text, shown in the map's corner.</summary>
    public string? TileAttribution { get; set; }

    public int MinZoom { get; set; } = 10;

    public int MaxZoom { get; set; } = 18;

    /// <summary>The tiles' coordinate system (WGS-84 or GCJ-02).</summary>
    public TileCoordinates TileCoordinates { get; set; } = TileCoordinates.Wgs84;

    /// <summary>
    /// The tile server's origin (scheme, host and port) for the CSP; null without a tile server. A template with Leaflet's
    /// <c>{s}</c> subdomains in its host allows every subdomain of the rest (<c>https://*.tiles.example</c>).
    /// </summary>
    public string? TileOrigin
    {
        get
        {
            if (string.IsNullOrWhiteSpace(TileUrlTemplate)) return null;
            const string Subdomain = "subdomain-placeholder";
            var url = TileUrlTemplate.Replace("{s}", Subdomain).Replace("{z}", "0").Replace("{x}", "0").Replace("{y}", "0").Replace("{r}", "");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
            return uri.GetLeftPart(UriPartial.Authority).Replace(Subdomain, "*");
        }
    }

    /// <summary>How close (metres) an open case of a layer's categories must be to an in-season place to be marked "近便民疏导点".</summary>
    public int NearPlaceMetres { get; set; } = CommandCenter.Domain.Geo.NearPlaces.DefaultMetres;

    public void Check(SettingsCheck check)
    {
        check.Between(nameof(NearPlaceMetres), NearPlaceMetres, 1, 1000);
        check.That(string.IsNullOrWhiteSpace(TileUrlTemplate) || (TileOrigin is not null && TileUrlTemplate.Contains("{z}", StringComparison.Ordinal)),
            nameof(TileUrlTemplate), "an absolute http(s) URL with {z}, {x} and {y}, or empty", TileUrlTemplate);
        check.Between(nameof(MinZoom), MinZoom, 0, 22);
        check.Between(nameof(MaxZoom), MaxZoom, MinZoom, 22);
        check.Defined(nameof(TileCoordinates), TileCoordinates);
    }
}
