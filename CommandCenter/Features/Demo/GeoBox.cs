namespace CommandCenter.Features.Demo;

/// <summary>
/// A latitude/longitude rectangle (WGS-84 degrees): where a demo grid (网格) lies. South and west edges belong to the box,
/// north and east do not, so neighbouring grids share no point.
/// </summary>
public sealed record GeoBox(double South, double West, double North, double East)
{
    public bool Contains(double lat, double lng) => lat >= South && lat < North && lng >= West && lng < East;

    /// <summary>The point at fractions (<paramref name="u"/> north, <paramref name="v"/> east) of the box, rounded to 6 places (about 0.1 m).</summary>
    public (double Lat, double Lng) At(double u, double v) =>
        (Math.Round(South + (North - South) * u, 6), Math.Round(West + (East - West) * v, 6));

    /// <summary>
    /// A point well inside the box (5 %–95 % of each side) from two uniform numbers in [0, 1): rounding to 6 places
    /// can then never push it onto the north or east edge, which belongs to the neighbour.
    /// </summary>
    public (double Lat, double Lng) Inside(double u, double v) => At(0.05 + 0.9 * u, 0.05 + 0.9 * v);
}
