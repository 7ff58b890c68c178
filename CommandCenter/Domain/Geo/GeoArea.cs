namespace CommandCenter.Domain.Geo;

/// <summary>
/// One polygon (面): an outer ring and its holes, each ring closed (its last point is its first). Planar in degrees for
/// containment, which is exact enough for a district (a few tens of kilometres); the area is on the sphere.
/// </summary>
public sealed record GeoPolygon(IReadOnlyList<GeoPoint> Outer, IReadOnlyList<IReadOnlyList<GeoPoint>> Holes)
{
    public GeoPolygon(IReadOnlyList<GeoPoint> outer) : this(outer, []) { }

    /// <summary>Every ring, outer first.</summary>
    public IEnumerable<IReadOnlyList<GeoPoint>> Rings => Holes.Prepend(Outer);

    /// <summary>The point lies inside or on the outer ring and in no hole (a hole's edge belongs to the polygon).</summary>
    public bool Contains(GeoPoint point) =>
        GeoMath.InOrOnRing(Outer, point) && !Holes.Any(h => GeoMath.StrictlyInRing(h, point));

    /// <summary>The area in km² on the sphere: the outer ring's less its holes'.</summary>
    public double AreaKm2 => GeoMath.RingAreaKm2(Outer) - Holes.Sum(GeoMath.RingAreaKm2);
}

/// <summary>
/// The shape of a region (辖区边界: street, community or grid): one or more polygons (a GeoJSON Polygon or MultiPolygon).
/// </summary>
public sealed record GeoArea(IReadOnlyList<GeoPolygon> Polygons)
{
    public GeoArea(GeoPolygon polygon) : this([polygon]) { }

    /// <summary>The point lies in (or on the edge of) one of the polygons.</summary>
    public bool Contains(GeoPoint point) => Polygons.Any(p => p.Contains(point));

    /// <summary>面积 in km² (WGS-84 on the authalic sphere, <see cref="GeoMath.EarthRadiusKm"/>).</summary>
    public double AreaKm2 => Polygons.Sum(p => p.AreaKm2);

    /// <summary>
    /// This area lies within <paramref name="outer"/> (a grid in its community, a community in its street): each of its
    /// polygons within one of the outer's, shared edges allowed (neighbouring grids share their community's edge).
    /// </summary>
    public bool IsWithin(GeoArea outer) => Polygons.All(p => outer.Polygons.Any(o => GeoMath.PolygonWithin(p, o)));

    /// <summary>The bounding box: south, west, north, east.</summary>
    public (double South, double West, double North, double East) Bounds
    {
        get
        {
            var points = Polygons.SelectMany(p => p.Outer).ToList();
            return (points.Min(p => p.Lat), points.Min(p => p.Lng), points.Max(p => p.Lat), points.Max(p => p.Lng));
        }
    }

    /// <summary>A point inside the area, for labels: the centre of the bounding box when inside, else the first vertex's neighbourhood.</summary>
    public GeoPoint LabelPoint
    {
        get
        {
            var (s, w, n, e) = Bounds;
            var centre = new GeoPoint((s + n) / 2, (w + e) / 2);
            return Contains(centre) ? centre : Polygons[0].Outer[0];
        }
    }
}

/// <summary>The line of a road (道路中心线): at least two points.</summary>
public sealed record GeoLine(IReadOnlyList<GeoPoint> Points)
{
    /// <summary>Its length in km along the sphere.</summary>
    public double LengthKm => Points.Zip(Points.Skip(1), GeoMath.DistanceKm).Sum();
}
