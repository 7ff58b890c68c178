using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain.Geo;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Features.Map;

/// <summary>A layer to create or replace by an import: its code, and the name, season and places the file gives it.</summary>
public sealed record PlaceImport(string LayerCode, string? LayerName, Season? LayerSeason, IReadOnlyList<ManagedPlace> Places);

/// <summary>
/// Reads and writes <c>place_layers</c> and <c>places</c> (migration 0015). Every write is one transaction through the write
/// gate, then the change feed here (a trigger recorded it: this node's <see cref="PlaceCatalog"/> reloads at once, every
/// other node's at its next poll). The checks of what may be written are the callers' (<see cref="PlaceImportFile"/>,
/// <see cref="PlaceEditor"/>); the store only writes.
/// </summary>
public sealed class PlaceStore(DbConnectionFactory connections, SecurityChangeFeed changes, TimeProvider clock)
{
    /// <summary>The audit action of a places import (page or CLI).</summary>
    public const string ImportAction = "reference.places.import";
    /// <summary>The audit actions of an edit on the map.</summary>
    public const string AddAction = "reference.place.add", MoveAction = "reference.place.move", DeleteAction = "reference.place.delete";
    /// <summary>The audit action of switching a layer on or off the wall.</summary>
    public const string WallAction = "reference.place-layer.wall";

    public async Task<IReadOnlyList<PlaceLayer>> LayersAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var layers = await connection.QueryAsync<LayerRow>(new CommandDefinition(LayersSql, cancellationToken: ct));
        var places = (await connection.QueryAsync<PlaceRow>(new CommandDefinition(PlacesSql, cancellationToken: ct)))
            .GroupBy(p => p.LayerId).ToDictionary(g => g.Key, g => g.Select(p =>
                new ManagedPlace(p.Id, p.Name, new GeoPoint(p.Lat, p.Lng), p.Note, Season.FromStored(p.SeasonFrom, p.SeasonTo))).ToList());
        return layers.Select(l => new PlaceLayer(l.Id, l.Code, l.Name, l.Kind, l.ShownOnWall, Season.FromStored(l.SeasonFrom, l.SeasonTo),
            Categories(l.NearCategories), places.GetValueOrDefault(l.Id) ?? [])).ToList();
    }

    private static string[] Categories(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Replaces the places of a layer with the import's, in one transaction. A new layer is created (a sale-point layer
    /// whose cases of 占道经营 are marked; its name the import's or its code); an existing one keeps its kind, wall flag and
    /// categories, and takes the import's name and season when given. Returns the layer's id.
    /// </summary>
    public async Task<long> ImportAsync(PlaceImport import, CancellationToken ct = default)
    {
        long id;
        await using (var write = await connections.WriteGate.BeginAsync(ct))
        {
            var (connection, tx) = write;
            var layer = new NewLayer(import.LayerCode, import.LayerName ?? import.LayerCode, PlaceLayer.SalePoint, false, import.LayerSeason,
                [PlaceDefaults.StreetVending]);
            id = await WriteLayerAsync(connections, connection, tx, layer, import.Places, keepExisting: true, clock.GetUtcNow().UtcDateTime, ct,
                rename: import.LayerName);
            await write.CommitAsync(ct);
        }
        await changes.ApplyOwnChangeAsync();
        return id;
    }

    /// <summary>A layer as the seeder or an import creates it.</summary>
    public sealed record NewLayer(string Code, string Name, string Kind, bool ShownOnWall, Season? Season, IReadOnlyList<string> NearCategories);

    /// <summary>
    /// Creates the layer or (with <paramref name="keepExisting"/>) updates its name (<paramref name="rename"/>) and season when given, and replaces its
    /// places, inside a transaction the caller holds (the demo seeder's, or <see cref="ImportAsync"/>'s).
    /// </summary>
    internal static async Task<long> WriteLayerAsync(DbConnectionFactory connections, DbConnection connection, DbTransaction tx, NewLayer layer, IReadOnlyList<ManagedPlace> places,
        bool keepExisting, DateTime nowUtc, CancellationToken ct, string? rename = null)
    {
        var existing = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(LayerIdSql, new { layer.Code }, tx, cancellationToken: ct));
        long id;
        if (existing is { } found && keepExisting)
        {
            id = found;
            await connection.ExecuteAsync(new CommandDefinition(UpdateLayerSql, new
            {
                Id = id, Name = rename, HasSeason = layer.Season is not null ? 1 : 0,
                SeasonFrom = layer.Season?.From.ToString(), SeasonTo = layer.Season?.To.ToString(), UpdatedAt = nowUtc,
            }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(DeleteLayerPlacesSql, new { Id = id }, tx, cancellationToken: ct));
        }
        else
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Sql(InsertLayerSql), new
            {
                layer.Code, layer.Name, layer.Kind, ShownOnWall = layer.ShownOnWall, SeasonFrom = layer.Season?.From.ToString(),
                SeasonTo = layer.Season?.To.ToString(), NearCategories = string.Join(',', layer.NearCategories), UpdatedAt = nowUtc,
            }, tx, cancellationToken: ct));
        }
        foreach (var place in places)
            await InsertPlaceAsync(connections, connection, tx, id, place, nowUtc, ct);
        return id;
    }

    private static async Task<long> InsertPlaceAsync(DbConnectionFactory connections, DbConnection connection, DbTransaction tx, long layerId, ManagedPlace place, DateTime nowUtc, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Sql(InsertPlaceSql), new
        {
            LayerId = layerId, place.Name, place.Point.Lat, place.Point.Lng, place.Note,
            SeasonFrom = place.Season?.From.ToString(), SeasonTo = place.Season?.To.ToString(), UpdatedAt = nowUtc,
        }, tx, cancellationToken: ct));

    /// <summary>Adds a place to a layer; returns its id.</summary>
    public async Task<long> AddAsync(long layerId, ManagedPlace place, CancellationToken ct = default)
    {
        long id;
        await using (var write = await connections.WriteGate.BeginAsync(ct))
        {
            var (connection, tx) = write;
            id = await InsertPlaceAsync(connections, connection, tx, layerId, place, clock.GetUtcNow().UtcDateTime, ct);
            await write.CommitAsync(ct);
        }
        await changes.ApplyOwnChangeAsync();
        return id;
    }

    /// <summary>Moves a place; false when there is no such place (any more).</summary>
    public Task<bool> MoveAsync(long placeId, GeoPoint point, CancellationToken ct = default) =>
        ChangeAsync(MovePlaceSql, new { Id = placeId, point.Lat, point.Lng, UpdatedAt = clock.GetUtcNow().UtcDateTime }, ct);

    /// <summary>Whether the wall's map board shows the layer (in season).</summary>
    public Task<bool> SetShownOnWallAsync(long layerId, bool shown, CancellationToken ct = default) =>
        ChangeAsync(ShownOnWallSql, new { Id = layerId, Shown = shown, UpdatedAt = clock.GetUtcNow().UtcDateTime }, ct);

    /// <summary>Deletes a place; false when there is no such place (any more).</summary>
    public Task<bool> DeleteAsync(long placeId, CancellationToken ct = default) => ChangeAsync(DeletePlaceSql, new { Id = placeId }, ct);

    private async Task<bool> ChangeAsync(string sql, object parameters, CancellationToken ct)
    {
        int rows;
        await using (var write = await connections.WriteGate.BeginAsync(ct))
        {
            var (connection, tx) = write;
            rows = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
            await write.CommitAsync(ct);
        }
        if (rows > 0) await changes.ApplyOwnChangeAsync();
        return rows > 0;
    }

    private sealed class LayerRow
    {
        public long Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public bool ShownOnWall { get; init; }
        public string? SeasonFrom { get; init; }
        public string? SeasonTo { get; init; }
        public string? NearCategories { get; init; }
    }

    private sealed class PlaceRow
    {
        public long Id { get; init; }
        public long LayerId { get; init; }
        public string Name { get; init; } = "";
        public double Lat { get; init; }
        public double Lng { get; init; }
        public string? Note { get; init; }
        public string? SeasonFrom { get; init; }
        public string? SeasonTo { get; init; }
    }

    private const string LayersSql = """
        SELECT id AS Id, code AS Code, name AS Name, kind AS Kind, shown_on_wall AS ShownOnWall, season_from AS SeasonFrom,
               season_to AS SeasonTo, near_categories AS NearCategories
        FROM place_layers ORDER BY code
        """;
    private const string PlacesSql = """
        SELECT id AS Id, layer_id AS LayerId, name AS Name, lat AS Lat, lng AS Lng, note AS Note, season_from AS SeasonFrom, season_to AS SeasonTo
        FROM places ORDER BY layer_id, id
        """;
    private const string LayerIdSql = "SELECT id FROM place_layers WHERE code = @Code";
    private const string UpdateLayerSql = """
        UPDATE place_layers SET name = COALESCE(@Name, name),
            season_from = CASE WHEN @HasSeason = 1 THEN @SeasonFrom ELSE season_from END,
            season_to = CASE WHEN @HasSeason = 1 THEN @SeasonTo ELSE season_to END,
            updated_at = @UpdatedAt
        WHERE id = @Id
        """;
    private const string DeleteLayerPlacesSql = "DELETE FROM places WHERE layer_id = @Id";
    // SQL Server refuses INSERT … OUTPUT without INTO on a table with triggers: the new id is SCOPE_IDENTITY().
    private static readonly DialectSql InsertLayerSql = new(
        """
        INSERT INTO place_layers (code, name, kind, shown_on_wall, season_from, season_to, near_categories, updated_at)
        VALUES (@Code, @Name, @Kind, @ShownOnWall, @SeasonFrom, @SeasonTo, @NearCategories, @UpdatedAt) RETURNING id;
        """,
        """
        INSERT INTO place_layers (code, name, kind, shown_on_wall, season_from, season_to, near_categories, updated_at)
        VALUES (@Code, @Name, @Kind, @ShownOnWall, @SeasonFrom, @SeasonTo, @NearCategories, @UpdatedAt);
        SELECT CAST(SCOPE_IDENTITY() AS BIGINT);
        """);
    private static readonly DialectSql InsertPlaceSql = new(
        """
        INSERT INTO places (layer_id, name, lat, lng, note, season_from, season_to, updated_at)
        VALUES (@LayerId, @Name, @Lat, @Lng, @Note, @SeasonFrom, @SeasonTo, @UpdatedAt) RETURNING id;
        """,
        """
        INSERT INTO places (layer_id, name, lat, lng, note, season_from, season_to, updated_at)
        VALUES (@LayerId, @Name, @Lat, @Lng, @Note, @SeasonFrom, @SeasonTo, @UpdatedAt);
        SELECT CAST(SCOPE_IDENTITY() AS BIGINT);
        """);
    private const string MovePlaceSql = "UPDATE places SET lat = @Lat, lng = @Lng, updated_at = @UpdatedAt WHERE id = @Id";
    private const string ShownOnWallSql = "UPDATE place_layers SET shown_on_wall = @Shown, updated_at = @UpdatedAt WHERE id = @Id";
    private const string DeletePlaceSql = "DELETE FROM places WHERE id = @Id";
}

/// <summary>The defaults of a layer created by an import.</summary>
public static class PlaceDefaults
{
    /// <summary>占道经营 in the reference catalog (the demo city's code): the category a sale-point layer marks.</summary>
    public const string StreetVending = "street-vending";
}

/// <summary>What a layer's code may be: 1–64 letters, digits, '.', '_' or '-'.</summary>
public static class PlaceLayerCode
{
    public static bool IsValid(string? code) =>
        code is { Length: > 0 and <= 64 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
