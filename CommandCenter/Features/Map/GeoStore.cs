using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain.Geo;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Features.Map;

/// <summary>A region's stored shape.</summary>
public sealed record RegionShape(long RegionId, GeoArea Area, double AreaKm2);

/// <summary>A road's stored line.</summary>
public sealed record RoadLine(long RoadId, GeoLine Line);

/// <summary>
/// Reads and writes <c>region_shapes</c> and <c>road_lines</c> (migration 0014). An import is one transaction through the write
/// gate, then the change feed here (a trigger recorded it: this node reloads its reference data, and <see cref="GeoCatalog"/>
/// with it, at once; every other node at its next poll).
/// </summary>
public sealed class GeoStore(DbConnectionFactory connections, SecurityChangeFeed changes, TimeProvider clock)
{
    /// <summary>The audit action of a boundary import (page or CLI).</summary>
    public const string ImportAction = "reference.geometry.import";

    public async Task<IReadOnlyList<RegionShape>> RegionShapesAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long RegionId, string GeoJson, double AreaKm2)>(
            new CommandDefinition(RegionShapesSql, cancellationToken: ct));
        return rows.Select(r => new RegionShape(r.RegionId, GeoJson.ReadArea(r.GeoJson), r.AreaKm2)).ToList();
    }

    /// <summary>The stored shapes by region id, on a connection the caller holds (the live simulator's).</summary>
    public static async Task<IReadOnlyDictionary<long, GeoArea>> AreasAsync(DbConnection connection, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(long RegionId, string GeoJson, double AreaKm2)>(
            new CommandDefinition(RegionShapesSql, cancellationToken: ct));
        return rows.ToDictionary(r => r.RegionId, r => GeoJson.ReadArea(r.GeoJson));
    }

    public async Task<IReadOnlyList<RoadLine>> RoadLinesAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long RoadId, string GeoJson)>(new CommandDefinition(RoadLinesSql, cancellationToken: ct));
        return rows.Select(r => new RoadLine(r.RoadId, GeoJson.ReadLine(r.GeoJson))).ToList();
    }

    /// <summary>Stores every shape and line of the import in one transaction, replacing what those regions and roads had.</summary>
    public async Task ImportAsync(GeoImport import, CancellationToken ct = default)
    {
        await using (var write = await connections.WriteGate.BeginAsync(ct))
        {
            var (connection, tx) = write;
            await WriteAsync(connection, tx, import, clock.GetUtcNow().UtcDateTime, ct);
            await write.CommitAsync(ct);
        }
        await changes.ApplyOwnChangeAsync();
    }

    /// <summary>The rows of an import inside a transaction the caller holds (the demo seeder's).</summary>
    internal static async Task WriteAsync(DbConnection connection, DbTransaction tx, GeoImport import, DateTime nowUtc, CancellationToken ct)
    {
        foreach (var (id, area) in import.Regions)
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteRegionShapeSql, new { Id = id }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(InsertRegionShapeSql,
                new { Id = id, GeoJson = GeoJson.Write(area), AreaKm2 = area.AreaKm2, UpdatedAt = nowUtc }, tx, cancellationToken: ct));
        }
        foreach (var (id, line) in import.Roads)
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteRoadLineSql, new { Id = id }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(InsertRoadLineSql,
                new { Id = id, GeoJson = GeoJson.Write(line), LengthKm = line.LengthKm, UpdatedAt = nowUtc }, tx, cancellationToken: ct));
        }
    }

    private const string RegionShapesSql = "SELECT region_id AS RegionId, geojson AS GeoJson, area_km2 AS AreaKm2 FROM region_shapes ORDER BY region_id";
    private const string RoadLinesSql = "SELECT road_id AS RoadId, geojson AS GeoJson FROM road_lines ORDER BY road_id";
    private const string DeleteRegionShapeSql = "DELETE FROM region_shapes WHERE region_id = @Id";
    private const string InsertRegionShapeSql = "INSERT INTO region_shapes (region_id, geojson, area_km2, updated_at) VALUES (@Id, @GeoJson, @AreaKm2, @UpdatedAt)";
    private const string DeleteRoadLineSql = "DELETE FROM road_lines WHERE road_id = @Id";
    private const string InsertRoadLineSql = "INSERT INTO road_lines (road_id, geojson, length_km, updated_at) VALUES (@Id, @GeoJson, @LengthKm, @UpdatedAt)";
}
