using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Security;

/// <summary>What <see cref="SignInAttempts.ReserveAsync"/> counted: the attempt's number in the run of failures and the lock, if any.</summary>
public sealed class SignInAttempt
{
    public int FailedCount { get; init; }
    public DateTime? LockedUntil { get; init; }
}

/// <summary>
/// Failed sign-ins per (account name, client address), in <c>sign_in_attempts</c>. Every attempt is counted before its
/// password is checked, in one atomic statement, and the attempt that reaches the limit sets the lock in the same statement,
/// so parallel attempts cannot check more passwords than the limit; a successful sign-in deletes its row. Names are counted
/// whether an account has them or not (the same work for every name), matched like <c>users.user_name</c>.
/// </summary>
public sealed class SignInAttempts(DbConnectionFactory connections)
{
    /// <summary>
    /// Counts an attempt and returns its number in the current run. A run starts again once a lock has ended or
    /// <paramref name="lockout"/> has passed since the last attempt. The attempt numbered <paramref name="maxFailures"/>
    /// sets the lock (a success lifts it); attempts numbered above it must not be checked.
    /// </summary>
    public async Task<SignInAttempt> ReserveAsync(string userName, string client, DateTime nowUtc, int maxFailures, TimeSpan lockout,
        CancellationToken cancellationToken = default)
    {
        var now = DapperSetup.Normalize(nowUtc);
        await using var connection = await connections.OpenAsync(cancellationToken);
        // Runs that ended are deleted, which keeps the table to the attempts of the last lockout period.
        await connection.ExecuteAsync(new CommandDefinition(PurgeSql, new { Now = now, Cutoff = now - lockout },
            cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<SignInAttempt>(new CommandDefinition(
            connections.Provider == DatabaseProvider.SqlServer ? ReserveSqlServer : ReserveSqlite,
            new { UserName = userName, Client = client, Now = now, Max = maxFailures, Until = now + lockout },
            cancellationToken: cancellationToken));
    }

    /// <summary>Ends the run of one name from one client (a successful sign-in).</summary>
    public async Task ClearAsync(string userName, string client, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sign_in_attempts WHERE user_name = @UserName AND client = @Client",
            new { UserName = userName, Client = client }, cancellationToken: cancellationToken));
    }

    /// <summary>The account names locked from at least one client now.</summary>
    public async Task<IReadOnlySet<string>> LockedNamesAsync(DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT user_name FROM sign_in_attempts WHERE locked_until > @Now", new { Now = DapperSetup.Normalize(nowUtc) },
            cancellationToken: cancellationToken));
        return names.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private const string PurgeSql = """
        DELETE FROM sign_in_attempts
        WHERE last_attempt_at < @Cutoff AND (locked_until IS NULL OR locked_until <= @Now)
        """;

    // Every SET expression reads the row as it was before the statement (both engines), so locked_until is decided from
    // the new count computed the same way as failed_count. A run whose lock has ended starts again at 1.
    internal const string ReserveSqlite = """
        INSERT INTO sign_in_attempts (user_name, client, failed_count, locked_until, last_attempt_at)
        VALUES (@UserName, @Client, 1, CASE WHEN @Max <= 1 THEN @Until END, @Now)
        ON CONFLICT (user_name, client) DO UPDATE SET
            failed_count = CASE WHEN locked_until <= @Now THEN 1 ELSE failed_count + 1 END,
            locked_until = CASE
                WHEN locked_until > @Now THEN locked_until
                WHEN (CASE WHEN locked_until <= @Now THEN 1 ELSE failed_count + 1 END) >= @Max THEN @Until
                END,
            last_attempt_at = @Now
        RETURNING failed_count AS FailedCount, locked_until AS LockedUntil;
        """;

    internal const string ReserveSqlServer = """
        MERGE sign_in_attempts WITH (HOLDLOCK) AS t
        USING (SELECT @UserName AS user_name, @Client AS client) AS s ON t.user_name = s.user_name AND t.client = s.client
        WHEN MATCHED THEN UPDATE SET
            failed_count = CASE WHEN t.locked_until <= @Now THEN 1 ELSE t.failed_count + 1 END,
            locked_until = CASE
                WHEN t.locked_until > @Now THEN t.locked_until
                WHEN (CASE WHEN t.locked_until <= @Now THEN 1 ELSE t.failed_count + 1 END) >= @Max THEN @Until
                END,
            last_attempt_at = @Now
        WHEN NOT MATCHED THEN INSERT (user_name, client, failed_count, locked_until, last_attempt_at)
            VALUES (s.user_name, s.client, 1, CASE WHEN @Max <= 1 THEN @Until END, @Now)
        OUTPUT inserted.failed_count AS FailedCount, inserted.locked_until AS LockedUntil;
        """;
}
