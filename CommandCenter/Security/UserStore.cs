using System.Text.RegularExpressions;
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
    public string SecurityStamp { get; init; } = "";
    public DateTime CreatedAt { get; init; }

    public IReadOnlyList<string> RoleList => SplitRoles(Roles);

    public static IReadOnlyList<string> SplitRoles(string roles) =>
        roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The fields an admin (or the command line) sets on an account.</summary>
public sealed record UserEdit(string DisplayName, IReadOnlyCollection<string> Roles, bool HasPii, long? LeaderId);

/// <summary>
/// Reads and writes <c>users</c>. Passwords are hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.
/// Every change of a security stamp ends the account's sessions on every node (a trigger records it for
/// <see cref="SecurityChangeFeed"/>, applied here at once).
/// </summary>
public sealed partial class UserStore(DbConnectionFactory connections, IPasswordHasher<UserRow> hasher, SecurityChangeFeed changes, TimeProvider clock)
{
    /// <summary>The user-name rule for the admin page and the command line: 2–50 letters, digits, '.', '_' or '-' (anchored at
    /// the very end, so a trailing newline is not a user name).</summary>
    public static bool IsValidUserName(string? userName) => userName is not null && UserNamePattern().IsMatch(userName);

    [GeneratedRegex(@"\A[A-Za-z0-9._-]{2,50}\z")]
    private static partial Regex UserNamePattern();

    public async Task<UserRow?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            FindByNameSql, new { UserName = userName.Trim() }, cancellationToken: cancellationToken));
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
        await connections.WriteGate.ExecuteAsync(InsertSql, new
        {
            UserName = userName.Trim(),
            edit.DisplayName,
            PasswordHash = hasher.HashPassword(null!, password),
            Roles = JoinRoles(edit.Roles),
            edit.HasPii,
            edit.LeaderId,
            SecurityStamp = NewStamp(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken);
        return true;
    }

    public async Task UpdateAsync(long id, UserEdit edit, CancellationToken cancellationToken = default)
    {
        await connections.WriteGate.ExecuteAsync("""
            UPDATE users SET display_name = @DisplayName, roles = @Roles, has_pii = @HasPii, leader_id = @LeaderId,
                security_stamp = @SecurityStamp
            WHERE id = @Id
            """, new { Id = id, edit.DisplayName, Roles = JoinRoles(edit.Roles), edit.HasPii, edit.LeaderId, SecurityStamp = NewStamp() },
            cancellationToken);
        await changes.ApplyOwnChangeAsync();
    }

    /// <summary>Sets a new password, lifts the account's locks and signs out its sessions.</summary>
    public async Task SetPasswordAsync(long id, string password, CancellationToken cancellationToken = default)
    {
        // One write transaction for both statements (ExecuteAsync runs the batch in one).
        await connections.WriteGate.ExecuteAsync("""
            UPDATE users SET password_hash = @PasswordHash, security_stamp = @SecurityStamp WHERE id = @Id;
            DELETE FROM sign_in_attempts WHERE user_name = (SELECT user_name FROM users WHERE id = @Id);
            """, new { Id = id, PasswordHash = hasher.HashPassword(null!, password), SecurityStamp = NewStamp() }, cancellationToken);
        await changes.ApplyOwnChangeAsync();
    }

    public async Task SetDisabledAsync(long id, bool disabled, CancellationToken cancellationToken = default)
    {
        await connections.WriteGate.ExecuteAsync("UPDATE users SET disabled = @Disabled, security_stamp = @SecurityStamp WHERE id = @Id",
            new { Id = id, Disabled = disabled, SecurityStamp = NewStamp() }, cancellationToken);
        await changes.ApplyOwnChangeAsync();
    }

    /// <summary>Ends every session of the account, on every node (sign-out: a cookie captured before it no longer opens anything).</summary>
    public async Task EndSessionsAsync(long id, CancellationToken cancellationToken = default)
    {
        await connections.WriteGate.ExecuteAsync("UPDATE users SET security_stamp = @SecurityStamp WHERE id = @Id",
            new { Id = id, SecurityStamp = NewStamp() }, cancellationToken);
        await changes.ApplyOwnChangeAsync();
    }

    private static string JoinRoles(IEnumerable<string> roles) =>
        string.Join(',', roles.Where(r => Security.Roles.All.Contains(r)).Distinct().Order(StringComparer.Ordinal));

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>A const, so the SQL Server parse and semantic checks see it.</summary>
    private const string FindByNameSql = SelectSql + " WHERE user_name = @UserName";

    private const string SelectSql = """
        SELECT id AS Id, user_name AS UserName, display_name AS DisplayName, password_hash AS PasswordHash, roles AS Roles,
               has_pii AS HasPii, leader_id AS LeaderId, disabled AS Disabled, security_stamp AS SecurityStamp,
               created_at AS CreatedAt
        FROM users
        """;
    private const string InsertSql = """
        INSERT INTO users (user_name, display_name, password_hash, roles, has_pii, leader_id, disabled, security_stamp, created_at)
        VALUES (@UserName, @DisplayName, @PasswordHash, @Roles, @HasPii, @LeaderId, 0, @SecurityStamp, @CreatedAt)
        """;
}
