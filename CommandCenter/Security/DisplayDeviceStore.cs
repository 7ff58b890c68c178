using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Security;

/// <summary>A row of <c>display_devices</c>: a wall screen (大屏). The token is stored only as its SHA-256 hash.</summary>
public sealed class DisplayDeviceRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string TokenPrefix { get; init; } = "";
    public string? Playlist { get; init; }
    public int RotateSeconds { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
    public DateTime? LastSeenAt { get; init; }
}

/// <summary>Wall screens: a token opened once as <c>/wall?device=TOKEN</c> becomes a long-lived display cookie.</summary>
public sealed class DisplayDeviceStore(DbConnectionFactory connections, TimeProvider clock)
{
    /// <summary>Registers a device and returns its token: the only time it is ever visible. Null when the name is taken.</summary>
    public async Task<string?> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var token = Secrets.NewToken("ccd_");
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, tx) = write;
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM display_devices WHERE name = @Name", new { Name = name.Trim() }, tx, cancellationToken: cancellationToken));
        if (exists > 0) return null;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO display_devices (name, token_hash, token_prefix, rotate_seconds, created_at)
            VALUES (@Name, @TokenHash, @TokenPrefix, 30, @CreatedAt)
            """, new { Name = name.Trim(), TokenHash = Secrets.Hash(token), TokenPrefix = Secrets.Prefix(token), CreatedAt = clock.GetUtcNow().UtcDateTime },
            tx, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return token;
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken = default) =>
        await connections.WriteGate.ExecuteAsync("UPDATE display_devices SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL",
            new { Id = id, Now = clock.GetUtcNow().UtcDateTime }, cancellationToken) > 0;

    public async Task<DisplayDeviceRow?> FindLiveByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DisplayDeviceRow>(new CommandDefinition(
            FindLiveByTokenHashSql, new { TokenHash = Secrets.Hash(token) },
            cancellationToken: cancellationToken));
    }

    public async Task<DisplayDeviceRow?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DisplayDeviceRow>(new CommandDefinition(
            $"{SelectSql} WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>Sets the boards a wall rotates through (null: every board) and the seconds per board. False when the device is unknown.</summary>
    public async Task<bool> SetRotationAsync(long id, string? playlist, int rotateSeconds, CancellationToken cancellationToken = default) =>
        await connections.WriteGate.ExecuteAsync("UPDATE display_devices SET playlist = @Playlist, rotate_seconds = @RotateSeconds WHERE id = @Id",
            new { Id = id, Playlist = playlist, RotateSeconds = rotateSeconds }, cancellationToken) > 0;

    /// <summary>True when the device exists and is not revoked; records when it was last seen.</summary>
    public async Task<bool> TouchIfLiveAsync(long id, CancellationToken cancellationToken = default) =>
        await connections.WriteGate.ExecuteAsync("UPDATE display_devices SET last_seen_at = @Now WHERE id = @Id AND revoked_at IS NULL",
            new { Id = id, Now = clock.GetUtcNow().UtcDateTime }, cancellationToken) > 0;

    public async Task<IReadOnlyList<DisplayDeviceRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DisplayDeviceRow>(new CommandDefinition($"{SelectSql} ORDER BY name",
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>A const, so the SQL Server parse and semantic checks see it.</summary>
    private const string FindLiveByTokenHashSql = SelectSql + " WHERE token_hash = @TokenHash AND revoked_at IS NULL";

    private const string SelectSql = """
        SELECT id AS Id, name AS Name, token_prefix AS TokenPrefix, playlist AS Playlist, rotate_seconds AS RotateSeconds,
               created_at AS CreatedAt, revoked_at AS RevokedAt, last_seen_at AS LastSeenAt
        FROM display_devices
        """;
}
