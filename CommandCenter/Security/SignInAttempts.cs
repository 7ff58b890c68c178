using CommandCenter.Data;
using Dapper;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>What <see cref="SignInAttempts.ReserveAsync"/> counted: the attempt's number in the run of failures and the lock, if any.</summary>
public sealed class SignInAttempt
{
    public int FailedCount { get; init; }
    public DateTime? LockedUntil { get; init; }
}

/// <summary>What <see cref="SignInAttempts.ReserveForAccountAsync"/> counted: the attempt's number among the account's
/// failures of the window that started at <see cref="WindowStart"/>.</summary>
public sealed class AccountFailures
{
    public int FailedCount { get; init; }
    public DateTime WindowStart { get; init; }
}

/// <summary>
/// The database side of the sign-in rule, shared by every node. Failed sign-ins per (account name, client key) in
/// <c>sign_in_attempts</c>: every attempt is counted before its password is checked, in one atomic statement, and the
/// attempt that reaches the limit sets the lock in the same statement, so parallel attempts cannot check more passwords
/// than the limit. Failed sign-ins per account name from all clients in <c>sign_in_account_failures</c>, a window of
/// <see cref="AccountWindow"/> counted the same way (a success gives its count back). The clients that signed in to an
/// account in <c>sign_in_known_clients</c>. Names are counted whether an account has them or not (the same work for every
/// name), matched like <c>users.user_name</c>; a client key is <see cref="SignInClient.Key"/>.
/// </summary>
public sealed class SignInAttempts(DbConnectionFactory connections, TimeProvider clock, IOptions<SecurityOptions> options)
{
    /// <summary>The window of <see cref="SecurityOptions.FailedSignInsPerAccountPerMinute"/>.</summary>
    public static readonly TimeSpan AccountWindow = TimeSpan.FromMinutes(1);

    /// <summary>Ended runs, windows and known clients are deleted at most this often per node: a purge is a write
    /// of three tables, and a login flood must not add one to every attempt.</summary>
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private long _nextPurgeTicks;

    /// <summary>
    /// Counts an attempt of <paramref name="client"/> on <paramref name="userName"/> and returns its number in the current
    /// run. A run starts again once a lock has ended or <see cref="SecurityOptions.LockoutDuration"/> has passed since the
    /// last attempt. The attempt numbered <see cref="SecurityOptions.MaxFailedSignIns"/> sets the lock (a success lifts it);
    /// attempts numbered above it must not be checked.
    /// </summary>
    public async Task<SignInAttempt> ReserveAsync(string userName, string client, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = Now();
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, tx) = write;
        await PurgeIfDueAsync(connection, tx, now, cancellationToken);
        var attempt = await connection.QuerySingleAsync<SignInAttempt>(new CommandDefinition(
            connections.Sql(ReserveSql),
            new { UserName = userName, Client = client, Now = now, Max = settings.MaxFailedSignIns, Until = now + settings.LockoutDuration },
            tx, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return attempt;
    }

    /// <summary>Whether <paramref name="client"/> signed in to <paramref name="userName"/> within
    /// <see cref="SecurityOptions.KnownAddressDuration"/>.</summary>
    public async Task<bool> IsKnownClientAsync(string userName, string client, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(IsKnownClientSql,
            new { UserName = userName, Client = client, Since = Now() - options.Value.KnownAddressDuration },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Counts an attempt on <paramref name="userName"/> among the account's failures of the current window, before its
    /// password is checked, and returns its number; a window starts with the first attempt after the last one ended.
    /// A success gives it back (<see cref="SucceededAsync"/>), so the count is of failures and attempts still being checked.
    /// </summary>
    public async Task<AccountFailures> ReserveForAccountAsync(string userName, CancellationToken cancellationToken = default)
    {
        var now = Now();
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var failures = await write.Connection.QuerySingleAsync<AccountFailures>(new CommandDefinition(
            connections.Sql(ReserveForAccountSql),
            new { UserName = userName, Now = now, WindowCutoff = now - AccountWindow }, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return failures;
    }

    /// <summary>A successful sign-in: ends the run of <paramref name="client"/>, records it as a known client of the account,
    /// and gives back the account's count taken by <see cref="ReserveForAccountAsync"/>, if any.</summary>
    public async Task SucceededAsync(string userName, string client, AccountFailures? reserved, CancellationToken cancellationToken = default)
    {
        var now = Now();
        await using var write = await connections.WriteGate.BeginAsync(cancellationToken);
        var (connection, transaction) = write;
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sign_in_attempts WHERE user_name = @UserName AND client = @Client",
            new { UserName = userName, Client = client }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            connections.Sql(RememberClientSql),
            new { UserName = userName, Client = client, Now = now }, transaction, cancellationToken: cancellationToken));
        if (reserved is not null)
            await connection.ExecuteAsync(new CommandDefinition(GiveBackSql,
                new { UserName = userName, reserved.WindowStart }, transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
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

    private DateTime Now() => DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime);

    /// <summary>Deletes ended runs, ended windows and forgotten clients, which keeps the tables to what the rule still reads.</summary>
    private async Task PurgeIfDueAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, DateTime now,
        CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPurgeTicks);
        // One caller per interval wins the purge; the others go on without waiting for it.
        if (now.Ticks < due || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).Ticks, due) != due) return;
        var settings = options.Value;
        await connection.ExecuteAsync(new CommandDefinition(PurgeSql, new
        {
            Now = now,
            RunCutoff = now - settings.LockoutDuration,
            WindowCutoff = now - AccountWindow,
            KnownCutoff = now - settings.KnownAddressDuration,
        }, tx, cancellationToken: cancellationToken));
    }

    private const string PurgeSql = """
        DELETE FROM sign_in_attempts WHERE last_attempt_at < @RunCutoff AND (locked_until IS NULL OR locked_until <= @Now);
        DELETE FROM sign_in_account_failures WHERE window_start <= @WindowCutoff;
        DELETE FROM sign_in_known_clients WHERE last_success_at <= @KnownCutoff;
        """;

    private const string IsKnownClientSql = """
        SELECT COUNT(*) FROM sign_in_known_clients WHERE user_name = @UserName AND client = @Client AND last_success_at > @Since
        """;

    // Every SET expression reads the row as it was before the statement (both engines), so locked_until is decided from
    // the new count computed the same way as failed_count. A run whose lock has ended starts again at 1.
    internal static readonly DialectSql ReserveSql = new(
        """
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
        """,
        """
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
        """);

    // A window that ended is started again by this attempt (both SET expressions read the row as it was).
    internal static readonly DialectSql ReserveForAccountSql = new(
        """
        INSERT INTO sign_in_account_failures (user_name, window_start, failed_count) VALUES (@UserName, @Now, 1)
        ON CONFLICT (user_name) DO UPDATE SET
            window_start = CASE WHEN window_start <= @WindowCutoff THEN @Now ELSE window_start END,
            failed_count = CASE WHEN window_start <= @WindowCutoff THEN 1 ELSE failed_count + 1 END
        RETURNING failed_count AS FailedCount, window_start AS WindowStart;
        """,
        """
        MERGE sign_in_account_failures WITH (HOLDLOCK) AS t
        USING (SELECT @UserName AS user_name) AS s ON t.user_name = s.user_name
        WHEN MATCHED THEN UPDATE SET
            window_start = CASE WHEN t.window_start <= @WindowCutoff THEN @Now ELSE t.window_start END,
            failed_count = CASE WHEN t.window_start <= @WindowCutoff THEN 1 ELSE t.failed_count + 1 END
        WHEN NOT MATCHED THEN INSERT (user_name, window_start, failed_count) VALUES (s.user_name, @Now, 1)
        OUTPUT inserted.failed_count AS FailedCount, inserted.window_start AS WindowStart;
        """);

    // Only into the window it was taken from: a window started since counts its own attempts.
    private const string GiveBackSql = """
        UPDATE sign_in_account_failures SET failed_count = failed_count - 1
        WHERE user_name = @UserName AND window_start = @WindowStart AND failed_count > 0
        """;

    internal static readonly DialectSql RememberClientSql = new(
        """
        INSERT INTO sign_in_known_clients (user_name, client, last_success_at) VALUES (@UserName, @Client, @Now)
        ON CONFLICT (user_name, client) DO UPDATE SET last_success_at = @Now;
        """,
        """
        MERGE sign_in_known_clients WITH (HOLDLOCK) AS t
        USING (SELECT @UserName AS user_name, @Client AS client) AS s ON t.user_name = s.user_name AND t.client = s.client
        WHEN MATCHED THEN UPDATE SET last_success_at = @Now
        WHEN NOT MATCHED THEN INSERT (user_name, client, last_success_at) VALUES (s.user_name, s.client, @Now);
        """);

}
