namespace CommandCenter.Domain.Geo;

/// <summary>
/// The plain geometry behind the map: point in ring, segment crossings, containment of one polygon in another, and areas
/// and distances on the sphere. Containment is planar in degrees with a tolerance of <see cref="Tolerance"/> (about 0.1 mm),
/// so a grid whose edge is its community's edge, written with the same numbers, lies within it.
/// </summary>
public static class GeoMath
{
    /// <summary>
    /// The radius of the authalic sphere of WGS-84 (the sphere with the ellipsoid's surface), in km: areas on it are within
    /// about 0.1 % of the ellipsoid's at these latitudes, closer than any boundary is drawn.
    /// </summary>
    public const double EarthRadiusKm = 6371.0072;

    /// <summary>How close (degrees) counts as on a line.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>The point lies inside the ring or on its edge.</summary>
    public static bool InOrOnRing(IReadOnlyList<GeoPoint> ring, GeoPoint p) => OnRing(ring, p) || RayCrossingsOdd(ring, p);

    /// <summary>The point lies inside the ring, not on its edge.</summary>
    public static bool StrictlyInRing(IReadOnlyList<GeoPoint> ring, GeoPoint p) => !OnRing(ring, p) && RayCrossingsOdd(ring, p);

    public static bool OnRing(IReadOnlyList<GeoPoint> ring, GeoPoint p)
    {
        for (var i = 0; i + 1 < ring.Count; i++)
            if (OnSegment(ring[i], ring[i + 1], p)) return true;
        return false;
    }

    // Even–odd rule with a ray to the east; half-open in latitude so a vertex on the ray counts once.
    private static bool RayCrossingsOdd(IReadOnlyList<GeoPoint> ring, GeoPoint p)
    {
        var inside = false;
        for (var i = 0; i + 1 < ring.Count; i++)
        {
            var a = ring[i];
            var b = ring[i + 1];
            if ((a.Lat > p.Lat) != (b.Lat > p.Lat)
                && p.Lng < a.Lng + (p.Lat - a.Lat) * (b.Lng - a.Lng) / (b.Lat - a.Lat))
                inside = !inside;
        }
        return inside;
    }

    private static double Cross(GeoPoint o, GeoPoint a, GeoPoint b) => (a.Lng - o.Lng) * (b.Lat - o.Lat) - (a.Lat - o.Lat) * (b.Lng - o.Lng);

    /// <summary>The point lies on the segment a–b (within <see cref="Tolerance"/>).</summary>
    public static bool OnSegment(GeoPoint a, GeoPoint b, GeoPoint p)
    {
        var length = Math.Sqrt((b.Lng - a.Lng) * (b.Lng - a.Lng) + (b.Lat - a.Lat) * (b.Lat - a.Lat));
        if (Math.Abs(Cross(a, b, p)) > Tolerance * Math.Max(length, 1e-12)) return false;
        return p.Lng >= Math.Min(a.Lng, b.Lng) - Tolerance && p.Lng <= Math.Max(a.Lng, b.Lng) + Tolerance
            && p.Lat >= Math.Min(a.Lat, b.Lat) - Tolerance && p.Lat <= Math.Max(a.Lat, b.Lat) + Tolerance;
    }

    /// <summary>The segments a–b and c–d meet in a point of both (touching counts).</summary>
    public static bool SegmentsMeet(GeoPoint a, GeoPoint b, GeoPoint c, GeoPoint d) =>
        SegmentsCrossProperly(a, b, c, d) || OnSegment(a, b, c) || OnSegment(a, b, d) || OnSegment(c, d, a) || OnSegment(c, d, b);

    /// <summary>The segments a–b and c–d cross at a point inside both (not at an end, not along a shared line).</summary>
    public static bool SegmentsCrossProperly(GeoPoint a, GeoPoint b, GeoPoint c, GeoPoint d)
    {
        var d1 = Cross(c, d, a);
        var d2 = Cross(c, d, b);
        var d3 = Cross(a, b, c);
        var d4 = Cross(a, b, d);
        var eps = Tolerance * Tolerance;
        return ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps)) && ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps));
    }

    /// <summary>
    /// <paramref name="inner"/> lies within <paramref name="outer"/>: every vertex of the inner outline in or on the outer,
    /// no edge of one crossing an edge of the other, and no vertex of the outer's outline or holes strictly inside the inner
    /// (which catches a hole or a notch of the outer inside the inner).
    /// </summary>
    public static bool PolygonWithin(GeoPolygon inner, GeoPolygon outer)
    {
        if (!inner.Outer.All(outer.Contains)) return false;
        foreach (var ring in outer.Rings)
        {
            for (var i = 0; i + 1 < inner.Outer.Count; i++)
                for (var j = 0; j + 1 < ring.Count; j++)
                    if (SegmentsCrossProperly(inner.Outer[i], inner.Outer[i + 1], ring[j], ring[j + 1])) return false;
            if (ring.Any(v => StrictlyInRing(inner.Outer, v) && !inner.Holes.Any(h => InOrOnRing(h, v)))) return false;
        }
        // Edge midpoints too: two vertices on the outer's edge may span a notch between them.
        for (var i = 0; i + 1 < inner.Outer.Count; i++)
        {
            var a = inner.Outer[i];
            var b = inner.Outer[i + 1];
            if (!outer.Contains(new GeoPoint((a.Lat + b.Lat) / 2, (a.Lng + b.Lng) / 2))) return false;
        }
        return true;
    }

    /// <summary>
    /// The first crossing of a closed ring with itself as the indexes of its two edges, or null for a simple ring. Edges
    /// meeting anywhere but at the vertex two neighbouring edges share count: a ring touching itself is not simple either.
    /// Edges are swept by their west end, so a ring of thousands of points is checked in about n log n.
    /// </summary>
    public static (int First, int Second)? SelfCrossing(IReadOnlyList<GeoPoint> ring)
    {
        var edges = ring.Count - 1;
        if (edges < 3) return null;
        var order = Enumerable.Range(0, edges).OrderBy(i => Math.Min(ring[i].Lng, ring[i + 1].Lng)).ToArray();
        for (var x = 0; x < order.Length; x++)
        {
            var i = order[x];
            var east = Math.Max(ring[i].Lng, ring[i + 1].Lng) + Tolerance;
            for (var y = x + 1; y < order.Length && Math.Min(ring[order[y]].Lng, ring[order[y] + 1].Lng) <= east; y++)
            {
                var j = order[y];
                var (lo, hi) = i < j ? (i, j) : (j, i);
                var neighbours = hi == lo + 1 || (lo == 0 && hi == edges - 1);
                if (neighbours)
                {
                    // Neighbours share one vertex; they must not fold back along each other.
                    var shared = hi == lo + 1 ? ring[hi] : ring[0];
                    var (p, q) = hi == lo + 1 ? (ring[lo], ring[hi + 1]) : (ring[hi], ring[1]);
                    if (OnSegment(shared, q, p) || OnSegment(shared, p, q)) return (lo, hi);
                }
                else if (SegmentsMeet(ring[lo], ring[lo + 1], ring[hi], ring[hi + 1]))
                {
                    return (lo, hi);
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The area of a closed ring in km² on the sphere of radius <see cref="EarthRadiusKm"/> (Chamberlain and Duquette,
    /// "Some algorithms for polygons on a sphere", 2007): R²/2 · |Σ (λᵢ₊₁ − λᵢ₋₁) · sin φᵢ|.
    /// </summary>
    public static double RingAreaKm2(IReadOnlyList<GeoPoint> ring)
    {
        var n = ring.Count - 1;
        if (n < 3) return 0;
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var previous = ring[(i + n - 1) % n];
            var next = ring[(i + 1) % n];
            total += (Radians(next.Lng) - Radians(previous.Lng)) * Math.Sin(Radians(ring[i].Lat));
        }
        return Math.Abs(total) * EarthRadiusKm * EarthRadiusKm / 2;
    }

    /// <summary>The great-circle distance in km (haversine).</summary>
    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        var dLat = Radians(b.Lat - a.Lat);
        var dLng = Radians(b.Lng - a.Lng);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                + Math.Cos(Radians(a.Lat)) * Math.Cos(Radians(b.Lat)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
