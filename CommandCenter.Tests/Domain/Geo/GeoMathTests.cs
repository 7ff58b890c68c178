using CommandCenter.Domain.Geo;

namespace CommandCenter.Tests.Domain.Geo;

public class GeoMathTests
{
    private static GeoPoint P(double lng, double lat) => new(lat, lng);

    // The square (0,0)–(10,10) in lng/lat, anticlockwise, closed.
    private static readonly IReadOnlyList<GeoPoint> Square = [P(0, 0), P(10, 0), P(10, 10), P(0, 10), P(0, 0)];

    [Fact]
    public void PointInPolygon_InsideOutsideOnTheEdgeAndInAHole()
    {
        var hole = new List<GeoPoint> { P(4, 4), P(6, 4), P(6, 6), P(4, 6), P(4, 4) };
        var polygon = new GeoPolygon(Square, [hole]);
        Assert.True(polygon.Contains(P(2, 2)));
        Assert.False(polygon.Contains(P(11, 2)));
        Assert.False(polygon.Contains(P(-0.000001, 5)));
        Assert.True(polygon.Contains(P(0, 5)));     // on the west edge
        Assert.True(polygon.Contains(P(10, 10)));   // a corner
        Assert.False(polygon.Contains(P(5, 5)));    // in the hole
        Assert.True(polygon.Contains(P(4, 5)));     // on the hole's edge: the polygon's
    }

    [Fact]
    public void PointInPolygon_Concave_TheNotchIsOutside()
    {
        // A U shape: the notch between x 4 and 6 from y 3 upwards is outside.
        var u = new GeoPolygon([P(0, 0), P(10, 0), P(10, 10), P(6, 10), P(6, 3), P(4, 3), P(4, 10), P(0, 10), P(0, 0)]);
        Assert.False(u.Contains(P(5, 5)));
        Assert.True(u.Contains(P(5, 2)));
        Assert.True(u.Contains(P(2, 9)));
    }

    [Fact]
    public void CheckRing_NamesEachProblem()
    {
        Assert.Null(GeoRules.CheckRing(Square));
        Assert.Equal(GeoProblem.NotClosed, GeoRules.CheckRing([P(0, 0), P(10, 0), P(10, 10), P(0, 10)]));
        Assert.Equal(GeoProblem.NotClosed, GeoRules.CheckRing([P(0, 0), P(10, 0), P(10, 10), P(0, 10), P(0, 1)]));
        Assert.Equal(GeoProblem.TooFewPoints, GeoRules.CheckRing([P(0, 0), P(10, 0), P(0, 0)]));
        Assert.Equal(GeoProblem.OutOfRange, GeoRules.CheckRing([P(0, 0), P(181, 0), P(10, 10), P(0, 0)]));
        Assert.Equal(GeoProblem.OutOfRange, GeoRules.CheckRing([P(0, 0), P(10, 91), P(10, 10), P(0, 0)]));
        Assert.Equal(GeoProblem.OutOfRange, GeoRules.CheckRing([P(0, 0), P(double.NaN, 1), P(10, 10), P(0, 0)]));
        // A repeated position is a zero-length edge, not a crossing.
        Assert.Null(GeoRules.CheckRing([P(0, 0), P(10, 0), P(10, 0), P(10, 10), P(0, 10), P(0, 0)]));
    }

    [Fact]
    public void SelfCrossing_BowTieTouchAndFoldBack_AreFound_ASimpleRingIsNot()
    {
        Assert.Null(GeoMath.SelfCrossing(Square));
        // Bow tie: (0,0)→(10,10)→(10,0)→(0,10)→(0,0): the first and third edges cross at (5,5).
        Assert.NotNull(GeoMath.SelfCrossing([P(0, 0), P(10, 10), P(10, 0), P(0, 10), P(0, 0)]));
        Assert.Equal(GeoProblem.SelfCrossing, GeoRules.CheckRing([P(0, 0), P(10, 10), P(10, 0), P(0, 10), P(0, 0)]));
        // A ring touching itself at a vertex (two squares meeting at (5,5)).
        Assert.NotNull(GeoMath.SelfCrossing([P(0, 0), P(5, 0), P(5, 5), P(10, 5), P(10, 10), P(5, 10), P(5, 5), P(0, 5), P(0, 0)]));
        // A spike that folds back along its own edge.
        Assert.NotNull(GeoMath.SelfCrossing([P(0, 0), P(10, 0), P(10, 10), P(10, 5), P(0, 10), P(0, 0)]));
        // A long simple ring (a circle of 2,000 points) passes.
        var circle = Enumerable.Range(0, 2000).Select(i => P(117 + 0.1 * Math.Cos(i * Math.PI / 1000), 37 + 0.1 * Math.Sin(i * Math.PI / 1000))).ToList();
        circle.Add(circle[0]);
        Assert.Null(GeoMath.SelfCrossing(circle));
    }

    [Fact]
    public void PolygonWithin_SharedEdgesAllowed_PokingOutOrANotchInside_Not()
    {
        var outer = new GeoPolygon(Square);
        Assert.True(GeoMath.PolygonWithin(new GeoPolygon([P(1, 1), P(9, 1), P(9, 9), P(1, 9), P(1, 1)]), outer));
        // The west half shares three edges with the square.
        Assert.True(GeoMath.PolygonWithin(new GeoPolygon([P(0, 0), P(5, 0), P(5, 10), P(0, 10), P(0, 0)]), outer));
        Assert.True(GeoMath.PolygonWithin(outer, outer));
        // One corner outside.
        Assert.False(GeoMath.PolygonWithin(new GeoPolygon([P(1, 1), P(11, 1), P(9, 9), P(1, 9), P(1, 1)]), outer));
        // All corners inside the U, but the polygon spans its notch.
        var u = new GeoPolygon([P(0, 0), P(10, 0), P(10, 10), P(6, 10), P(6, 3), P(4, 3), P(4, 10), P(0, 10), P(0, 0)]);
        Assert.False(GeoMath.PolygonWithin(new GeoPolygon([P(1, 8), P(9, 8), P(9, 9), P(1, 9), P(1, 8)]), u));
        // Corners on the U's edges either side of the notch, the edge between them across it.
        Assert.False(GeoMath.PolygonWithin(new GeoPolygon([P(1, 1), P(9, 1), P(9, 5), P(1, 5), P(1, 1)]), u));
        // A hole of the outer inside the inner.
        var holed = new GeoPolygon(Square, [[P(4, 4), P(6, 4), P(6, 6), P(4, 6), P(4, 4)]]);
        Assert.False(GeoMath.PolygonWithin(new GeoPolygon([P(1, 1), P(9, 1), P(9, 9), P(1, 9), P(1, 1)]), holed));
        Assert.True(GeoMath.PolygonWithin(new GeoPolygon([P(1, 1), P(3, 1), P(3, 3), P(1, 3), P(1, 1)]), holed));
    }

    [Fact]
    public void Area_OfALatLngRectangle_IsTheSpheresClosedForm()
    {
        // On a sphere the area between two meridians and two parallels is R² · Δλ · (sin φ₂ − sin φ₁).
        static double Expected(double south, double west, double north, double east) =>
            GeoMath.EarthRadiusKm * GeoMath.EarthRadiusKm * ((east - west) * Math.PI / 180)
            * (Math.Sin(north * Math.PI / 180) - Math.Sin(south * Math.PI / 180));

        var equator = new GeoArea(new GeoPolygon([P(0, 0), P(1, 0), P(1, 1), P(0, 1), P(0, 0)]));
        Assert.Equal(Expected(0, 0, 1, 1), equator.AreaKm2, 6);
        Assert.InRange(equator.AreaKm2, 12_363, 12_365);
        // The demo district's latitudes; clockwise gives the same area.
        var jiyang = new GeoArea(new GeoPolygon([P(117.07, 36.93), P(117.07, 37.03), P(117.27, 37.03), P(117.27, 36.93), P(117.07, 36.93)]));
        Assert.Equal(Expected(36.93, 117.07, 37.03, 117.27), jiyang.AreaKm2, 6);
        Assert.InRange(jiyang.AreaKm2, 197, 199);
        // A hole is taken off.
        var holed = new GeoArea(new GeoPolygon([P(0, 0), P(1, 0), P(1, 1), P(0, 1), P(0, 0)],
            [[P(0.25, 0.25), P(0.75, 0.25), P(0.75, 0.75), P(0.25, 0.75), P(0.25, 0.25)]]));
        Assert.Equal(Expected(0, 0, 1, 1) - Expected(0.25, 0.25, 0.75, 0.75), holed.AreaKm2, 6);
    }

    [Fact]
    public void Distance_OneDegreeOfLatitude_IsAboutOneHundredAndElevenKm()
    {
        Assert.Equal(GeoMath.EarthRadiusKm * Math.PI / 180, GeoMath.DistanceKm(P(117, 36), P(117, 37)), 9);
        Assert.Equal(GeoMath.EarthRadiusKm * Math.PI / 180 * 2, new GeoLine([P(117, 35), P(117, 36), P(117, 37)]).LengthKm, 9);
    }

    [Fact]
    public void GeoPoint_Valid_OnlyRealPlaces()
    {
        Assert.True(new GeoPoint(90, 180).IsValid);
        Assert.True(new GeoPoint(-90, -180).IsValid);
        Assert.False(new GeoPoint(90.0001, 0).IsValid);
        Assert.False(new GeoPoint(0, -180.0001).IsValid);
        Assert.False(new GeoPoint(double.PositiveInfinity, 0).IsValid);
    }
}
