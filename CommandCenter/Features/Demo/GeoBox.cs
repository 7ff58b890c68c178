using CommandCenter.Data;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Map;
using CommandCenter.Features.Reference;

namespace CommandCenter.Features.Demo;

/// <summary>A latitude/longitude rectangle (WGS-84 degrees): where the demo district lies.</summary>
public sealed record GeoBox(double South, double West, double North, double East);

/// <summary>
/// The demo district's map: a lattice over <see cref="DemoCityCatalog.DistrictBox"/> of one column per grid and one row per
/// grid, each lattice point moved a little (deterministically) and each lattice edge bent at its middle, so the boundaries
/// look drawn rather than ruled. A region is a rectangle of lattice cells; its ring walks the lattice points and edge middles
/// on its border, the very numbers its neighbours and its parent use, so shared edges match exactly.
/// </summary>
internal static class DemoMap
{
    private static GeoBox Box => DemoCityCatalog.DistrictBox;
    private const int Columns = 30, Rows = 4;
    private static double Dx => (Box.East - Box.West) / Columns;
    private static double Dy => (Box.North - Box.South) / Rows;

    /// <summary>Lattice point (i, j): column i from the west, row j from the south.</summary>
    public static GeoPoint Point(int i, int j) => new(
        Math.Round(Box.South + Dy * (j + 0.16 * Jitter(i, j, 1)), 6),
        Math.Round(Box.West + Dx * (i + 0.16 * Jitter(i, j, 2)), 6));

    // The middle of the edge from (i, j) to (i + 1, j), bent north or south.
    private static GeoPoint EastMiddle(int i, int j)
    {
        var (a, b) = (Point(i, j), Point(i + 1, j));
        return new(Math.Round((a.Lat + b.Lat) / 2 + Dy * 0.07 * Jitter(i, j, 3), 6), Math.Round((a.Lng + b.Lng) / 2, 6));
    }

    // The middle of the edge from (i, j) to (i, j + 1), bent east or west.
    private static GeoPoint NorthMiddle(int i, int j)
    {
        var (a, b) = (Point(i, j), Point(i, j + 1));
        return new(Math.Round((a.Lat + b.Lat) / 2, 6), Math.Round((a.Lng + b.Lng) / 2 + Dx * 0.12 * Jitter(i, j, 4), 6));
    }

    /// <summary>The shape of the cells from (i0, j0) to (i1, j1): one ring, anticlockwise, closed.</summary>
    public static GeoArea Area(int i0, int j0, int i1, int j1)
    {
        var ring = new List<GeoPoint>();
        for (var i = i0; i < i1; i++) ring.AddRange([Point(i, j0), EastMiddle(i, j0)]);
        for (var j = j0; j < j1; j++) ring.AddRange([Point(i1, j), NorthMiddle(i1, j)]);
        for (var i = i1; i > i0; i--) ring.AddRange([Point(i, j1), EastMiddle(i - 1, j1)]);
        for (var j = j1; j > j0; j--) ring.AddRange([Point(i0, j), NorthMiddle(i0, j - 1)]);
        ring.Add(ring[0]);
        return new GeoArea(new GeoPolygon(ring));
    }

    /// <summary>The demo district's shapes and road lines as an import (by the ids <paramref name="reference"/> gives the codes).</summary>
    public static GeoImport Import(ReferenceData reference) => new(
        DemoCityCatalog.Regions.Where(r => reference.Region(r.Code) is not null).ToDictionary(r => reference.Region(r.Code)!.Id, r => r.Area),
        DemoCityCatalog.Roads.Where(r => reference.Road(r.Code) is not null).ToDictionary(r => reference.Road(r.Code)!.Id, DemoCityCatalog.RoadLine));

    /// <summary>Stores the demo district's geometry (the seeder, after the reference data).</summary>
    public static async Task StoreAsync(DbConnectionFactory connections, ReferenceData reference, DateTime nowUtc, CancellationToken ct)
    {
        await using var write = await connections.WriteGate.BeginAsync(ct);
        var (connection, tx) = write;
        await GeoStore.WriteAsync(connection, tx, Import(reference), nowUtc, ct);
        await write.CommitAsync(ct);
    }

    /// <summary>The point <paramref name="rows"/> rows north of (i, j) along column i (between lattice points, straight).</summary>
    public static GeoPoint AlongColumn(int i, int j, double rows) => Between(Point(i, j + (int)rows), Point(i, j + (int)rows + 1), rows % 1);

    /// <summary>The point <paramref name="columns"/> columns east of (i, j) along row j.</summary>
    public static GeoPoint AlongRow(int i, int j, double columns) => Between(Point(i + (int)columns, j), Point(i + (int)columns + 1, j), columns % 1);

    /// <summary>The point a fraction <paramref name="t"/> of the way from a to b.</summary>
    public static GeoPoint Towards(GeoPoint a, GeoPoint b, double t) => Between(a, b, t);

    private static GeoPoint Between(GeoPoint a, GeoPoint b, double t) =>
        new(Math.Round(a.Lat + (b.Lat - a.Lat) * t, 6), Math.Round(a.Lng + (b.Lng - a.Lng) * t, 6));

    // A stable number in [−1, 1] for a lattice point and a purpose (SplitMix64's finaliser, as the planner's).
    private static double Jitter(int i, int j, int purpose)
    {
        var z = (ulong)(i * 7919 + j * 104729 + purpose * 1299709) + 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (z >> 11) / (double)(1UL << 53) * 2 - 1;
    }
}
