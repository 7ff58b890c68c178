namespace CommandCenter.Domain.Geo;

/// <summary>What is wrong with a ring or a line of an imported boundary.</summary>
public enum GeoProblem
{
    /// A coordinate is not a real place (latitude outside ±90, longitude outside ±180, not a number).
    OutOfRange,
    /// A ring has fewer than four positions (three corners and the first again), or a line fewer than two.
    TooFewPoints,
    /// A ring's last position is not its first.
    NotClosed,
    /// A ring crosses or touches itself.
    SelfCrossing,
}

/// <summary>The rules a stored geometry keeps (导入校验): what the import refuses, each with its own <see cref="GeoProblem"/>.</summary>
public static class GeoRules
{
    /// <summary>The most positions one ring or line may have (a street's boundary has hundreds; this keeps a check cheap).</summary>
    public const int MaxPoints = 50_000;

    /// <summary>The problem of a polygon's ring, or null for a good one. Consecutive repeats of a position are allowed.</summary>
    public static GeoProblem? CheckRing(IReadOnlyList<GeoPoint> ring)
    {
        if (ring.Any(p => !p.IsValid)) return GeoProblem.OutOfRange;
        if (ring.Count < 4 || ring.Count > MaxPoints) return GeoProblem.TooFewPoints;
        if (ring[0] != ring[^1]) return GeoProblem.NotClosed;
        var simple = WithoutRepeats(ring);
        if (simple.Count < 4) return GeoProblem.TooFewPoints;
        return GeoMath.SelfCrossing(simple) is null ? null : GeoProblem.SelfCrossing;
    }

    /// <summary>The problem of a road's line, or null for a good one.</summary>
    public static GeoProblem? CheckLine(IReadOnlyList<GeoPoint> line)
    {
        if (line.Any(p => !p.IsValid)) return GeoProblem.OutOfRange;
        return line.Count < 2 || line.Count > MaxPoints ? GeoProblem.TooFewPoints : null;
    }

    /// <summary>The ring without consecutive repeated positions (a zero-length edge is no crossing).</summary>
    public static IReadOnlyList<GeoPoint> WithoutRepeats(IReadOnlyList<GeoPoint> ring)
    {
        var result = new List<GeoPoint>(ring.Count);
        foreach (var p in ring)
            if (result.Count == 0 || result[^1] != p) result.Add(p);
        return result;
    }
}
