using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Security;

/// <summary>A row of <c>api_keys</c>; the key itself is never stored, only its SHA-256 hash and a short prefix.</summary>
public sealed class ApiKeyRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string KeyPrefix { get; init; } = "";
    /// Comma-separated scopes (<see cref="ApiScopes"/>).
    public string Scopes { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Machine credentials for the API (<c>X-Api-Key</c>). A revocation applies at once on this node and within
/// <see cref="SecurityOptions.ChangePollInterval"/> on the others (a trigger records it for <see cref="SecurityChangeFeed"/>).</summary>
public sealed class ApiKeyStore(DbConnectionFactory connections, SecurityChangeFeed changes, TimeProvider clock)
{
    /// <summary>How every key begins.</summary>
    public const string KeyPrefix = "cck_";

    /// <summary>Creates a key and returns it: the only time it is ever visible. Null when the name is taken.</summary>
    public async Task<string?> CreateAsync(string name, IEnumerable<string> scopes, CancellationToken cancellationToken = default)
    {
        var key = Secrets.NewToken(KeyPrefix);
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, tx) = write;
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM api_keys WHERE name = @Name", new { Name = name.Trim() }, tx, cancellationToken: cancellationToken));
        if (exists > 0) return null;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO api_keys (name, key_hash, key_prefix, scopes, created_at) VALUES (@Name, @KeyHash, @KeyPrefix, @Scopes, @CreatedAt)
            """, new
        {
            Name = name.Trim(),
            KeyHash = Secrets.Hash(key),
            KeyPrefix = Secrets.Prefix(key),
            Scopes = string.Join(',', scopes.Select(s => s.Trim().ToLowerInvariant()).Where(ApiScopes.All.Contains).Distinct()),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        }, tx, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return key;
    }

    /// <summary>Revokes the key; false when there is no such live key.</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken cancellationToken = default)
    {
        var revoked = await connections.WriteGate.ExecuteAsync("UPDATE api_keys SET revoked_at = @Now WHERE name = @Name AND revoked_at IS NULL",
            new { Name = name.Trim(), Now = clock.GetUtcNow().UtcDateTime }, cancellationToken) > 0;
        if (revoked) await changes.ApplyOwnChangeAsync();
        return revoked;
    }

    /// <summary>The live (not revoked) key with this hash.</summary>
    public async Task<ApiKeyRow?> FindLiveByHashAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            FindLiveByHashSql, new { KeyHash = keyHash }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ApiKeyRow>(new CommandDefinition($"{SelectSql} ORDER BY name",
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>A const, so the SQL Server parse and semantic checks see it.</summary>
    private const string FindLiveByHashSql = SelectSql + " WHERE key_hash = @KeyHash AND revoked_at IS NULL";

    private const string SelectSql = """
        SELECT id AS Id, name AS Name, key_prefix AS KeyPrefix, scopes AS Scopes, created_at AS CreatedAt, revoked_at AS RevokedAt
        FROM api_keys
        """;
}
