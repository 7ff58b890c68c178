using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Security;

public sealed class AuditEntry
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string? Target { get; init; }
    public string? Detail { get; init; }
}

/// <summary>Action names written to the audit log.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    public const string UserCreated = "user-created";
    public const string UserEdited = "user-edited";
    public const string PasswordReset = "password-reset";
    public const string UserDisabled = "user-disabled";
    public const string UserEnabled = "user-enabled";
    public const string ApiKeyCreated = "apikey-created";
    public const string ApiKeyRevoked = "apikey-revoked";
    public const string DeviceCreated = "device-created";
    public const string DeviceRevoked = "device-revoked";
    public const string DeviceConnected = "device-connected";
    /// <summary>A report downloaded or printed (target: which report, detail: the format).</summary>
    public const string Export = "export";
    /// <summary>A reporter's phone shown unmasked on the case page (/cases/{caseNo}).</summary>
    public const string PiiViewed = "pii-viewed";
    public const string DeviceRotationSet = "device-rotation-set";
    /// <summary>A bulk import run from the command line (target: the file, detail: what it did).</summary>
    public const string Import = "import";
}

/// <summary>Append-only record of sign-ins and of every change to accounts, keys and devices; admins read it newest first.</summary>
public sealed class AuditLog(DbConnectionFactory connections, TimeProvider clock)
{
    public async Task WriteAsync(string actor, string action, string? target = null, string? detail = null,
        CancellationToken cancellationToken = default)
    {
        await connections.WriteGate.ExecuteAsync(InsertSql,
            new { At = clock.GetUtcNow().UtcDateTime, Actor = actor, Action = action, Target = target, Detail = detail }, cancellationToken);
    }

    public async Task<(IReadOnlyList<AuditEntry> Rows, long Total)> PageAsync(int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: cancellationToken));
        var sql = connections.Sql(PageSql);
        var rows = await connection.QueryAsync<AuditEntry>(new CommandDefinition(sql,
            new { Skip = page * pageSize, Take = pageSize }, cancellationToken: cancellationToken));
        return (rows.ToList(), total);
    }

    private const string InsertSql = """
        INSERT INTO audit_log (at, actor, action, target, detail) VALUES (@At, @Actor, @Action, @Target, @Detail)
        """;
    private const string CountSql = "SELECT COUNT(*) FROM audit_log";
    private static readonly DialectSql PageSql = new(
        """
        SELECT id AS Id, at AS At, actor AS Actor, action AS Action, target AS Target, detail AS Detail
        FROM audit_log ORDER BY id DESC LIMIT @Take OFFSET @Skip
        """,
        """
        SELECT id AS Id, at AS At, actor AS Actor, action AS Action, target AS Target, detail AS Detail
        FROM audit_log ORDER BY id DESC OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY
        """);
}
