using CommandCenter.Data;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace CommandCenter.Security;

/// <summary>A row of <c>users</c>.</summary>
public sealed class UserRow
{
    public long Id { get; init; }
    public string UserName { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    /// Comma-separated role names.
    public string Roles { get; init; } = "";
    public bool HasPii { get; init; }
    public long? LeaderId { get; init; }
    public bool Disabled { get; init; }
    public int FailedCount { get; init; }
    public DateTime? LockedUntil { get; init; }
    public string SecurityStamp { get; init; } = "";
    public DateTime CreatedAt { get; init; }

    public IReadOnlyList<string> RoleList => SplitRoles(Roles);

    public bool IsLockedAt(DateTime nowUtc) => LockedUntil is { } until && until > nowUtc;

    public static IReadOnlyList<string> SplitRoles(string roles) =>
        roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The fields an admin (or the command line) sets on an account.</summary>
public sealed record UserEdit(string DisplayName, IReadOnlyCollection<string> Roles, bool HasPii, long? LeaderId);

/// <summary>Reads and writes <c>users</c>. Passwords are hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
public sealed class UserStore(DbConnectionFactory connections, TimeProvider clock)
{
    private static readonly PasswordHasher<UserRow> Hasher = new();

    public async Task<UserRow?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"{SelectSql} WHERE user_name = @UserName", new { UserName = userName.Trim() }, cancellationToken: cancellationToken));
    }

    public async Task<UserRow?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"{SelectSql} WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition($"{SelectSql} ORDER BY user_name",
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users",
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Creates an account with the given password; false when the name is taken.</summary>
    public async Task<bool> CreateAsync(string userName, string password, UserEdit edit, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(userName, cancellationToken) is not null) return false;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            UserName = userName.Trim(),
            edit.DisplayName,
            PasswordHash = Hasher.HashPassword(null!, password),
            Roles = JoinRoles(edit.Roles),
            edit.HasPii,
            edit.LeaderId,
            SecurityStamp = NewStamp(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: cancellationToken));
        return true;
    }

    public async Task UpdateAsync(long id, UserEdit edit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE users SET display_name = @DisplayName, roles = @Roles, has_pii = @HasPii, leader_id = @LeaderId,
                security_stamp = @SecurityStamp
            WHERE id = @Id
            """, new { Id = id, edit.DisplayName, Roles = JoinRoles(edit.Roles), edit.HasPii, edit.LeaderId, SecurityStamp = NewStamp() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Sets a new password, clears a lockout and signs out the account's sessions.</summary>
    public async Task SetPasswordAsync(long id, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE users SET password_hash = @PasswordHash, failed_count = 0, locked_until = NULL, security_stamp = @SecurityStamp
            WHERE id = @Id
            """, new { Id = id, PasswordHash = Hasher.HashPassword(null!, password), SecurityStamp = NewStamp() },
            cancellationToken: cancellationToken));
    }

    public async Task SetDisabledAsync(long id, bool disabled, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET disabled = @Disabled, security_stamp = @SecurityStamp WHERE id = @Id",
            new { Id = id, Disabled = disabled, SecurityStamp = NewStamp() }, cancellationToken: cancellationToken));
    }

    /// <summary>Counts a failed password; returns the new count and the lockout end when this failure locked the account.</summary>
    public async Task<(int FailedCount, DateTime? LockedUntil)> RecordFailureAsync(UserRow user, int maxFailures, TimeSpan lockout,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var failed = user.FailedCount + 1;
        DateTime? lockedUntil = failed >= maxFailures ? now + lockout : null;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE users SET failed_count = @FailedCount, locked_until = @LockedUntil WHERE id = @Id
            """, new { user.Id, FailedCount = lockedUntil is null ? failed : 0, LockedUntil = lockedUntil ?? user.LockedUntil },
            cancellationToken: cancellationToken));
        return (failed, lockedUntil);
    }

    public async Task RecordSuccessAsync(UserRow user, CancellationToken cancellationToken = default)
    {
        if (user.FailedCount == 0 && user.LockedUntil is null) return;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = @Id", new { user.Id }, cancellationToken: cancellationToken));
    }

    public static bool VerifyPassword(UserRow user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    private static string JoinRoles(IEnumerable<string> roles) =>
        string.Join(',', roles.Where(r => Security.Roles.All.Contains(r)).Distinct().Order(StringComparer.Ordinal));

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private const string SelectSql = """
        SELECT id AS Id, user_name AS UserName, display_name AS DisplayName, password_hash AS PasswordHash, roles AS Roles,
               has_pii AS HasPii, leader_id AS LeaderId, disabled AS Disabled, failed_count AS FailedCount,
               locked_until AS LockedUntil, security_stamp AS SecurityStamp, created_at AS CreatedAt
        FROM users
        """;
    private const string InsertSql = """
        INSERT INTO users (user_name, display_name, password_hash, roles, has_pii, leader_id, disabled, failed_count,
                           security_stamp, created_at)
        VALUES (@UserName, @DisplayName, @PasswordHash, @Roles, @HasPii, @LeaderId, 0, 0, @SecurityStamp, @CreatedAt)
        """;
}
