using CommandCenter.Data;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Carries "this user, key or device changed" and "the reference data changed" to every node: triggers write a row of
/// <c>security_changes</c> with every security-stamp change (sign-out, password reset, edit, disable), key revocation and
/// device revocation, and with every insert, update and delete of a reference table (<see cref="ReferenceKind"/>). Each node
/// reads the new rows every <see cref="SecurityOptions.ChangePollInterval"/> and forgets its cached answers about them
/// (<see cref="CredentialCheckCache"/>, <see cref="ReferenceCatalog"/>; the live pipeline rebuilds when the catalog hands
/// out new data). The node that made a change applies it at once (<see cref="ApplyOwnChangeAsync"/>).
/// An id is taken when a row is written but seen when its transaction commits (SQL Server identities), so a row may appear
/// below ids already read: each read also takes the rows written within <see cref="LateCommitWindow"/> before the previous
/// read began, by the database's clock, and skips the ones already applied.
/// </summary>
public sealed class SecurityChangeFeed(DbConnectionFactory connections, CredentialCheckCache credentials, ReferenceCatalog reference,
    TimeProvider clock, IOptions<SecurityOptions> options, ILogger<SecurityChangeFeed> logger) : BackgroundService
{
    /// <summary>The kind of the rows written for an edit of a reference table (subject: the table, one row per row changed on
    /// SQLite, per statement on SQL Server): each read that takes one reloads the whole catalog once.</summary>
    public const string ReferenceKind = "reference";

    /// <summary>A change whose transaction commits within this time of writing its row is applied at the first read after the
    /// commit; a later one only once <see cref="SecurityOptions.CacheDuration"/> ends the cached answer.</summary>
    public static readonly TimeSpan LateCommitWindow = TimeSpan.FromSeconds(10);

    /// <summary>Rows older than this are deleted: a node is never that far behind (after a restart its cache is empty).</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>A zero or tiny setting must not turn the poll into a busy loop on the database.</summary>
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastId;

    /// <summary>When the previous read began, by the database's clock (null before the first read, which takes every row).</summary>
    private DateTime? _lastReadAt;

    /// <summary>The rows applied that a read may take again (written within the window), by id, with their time.</summary>
    private readonly Dictionary<long, DateTime> _applied = [];

    private DateTime _nextPurge;

    /// <summary>Reads the changes recorded since the last read (and late commits, see <see cref="LateCommitWindow"/>) and
    /// forgets the cached answers about them (the reference data when a reference table changed).</summary>
    public async Task ApplyNewAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            var since = _lastReadAt is { } lastReadAt ? lastReadAt - LateCommitWindow : DateTime.MinValue;
            // The database's time is taken before the rows are read: a row committed after this read began is taken by the
            // next one as long as it was written after (this time − the window).
            using var read = await connection.QueryMultipleAsync(new CommandDefinition(
                connections.Sql(DatabaseNowSql) + ChangesSql,
                new { LastId = _lastId, Since = DapperSetup.Normalize(since) }, cancellationToken: cancellationToken));
            var readAt = await read.ReadSingleAsync<DateTime>();
            var referenceChanged = false;
            foreach (var change in await read.ReadAsync<SecurityChange>())
            {
                if (!_applied.TryAdd(change.Id, change.At)) continue;
                if (change.Kind == ReferenceKind) referenceChanged = true;
                else credentials.Forget(change.Kind, change.Subject);
                _lastId = Math.Max(_lastId, change.Id);
            }
            if (referenceChanged) reference.Invalidate();
            // What the next read cannot take again need not be remembered.
            var nextSince = readAt - LateCommitWindow;
            foreach (var id in _applied.Where(a => a.Value <= nextSince).Select(a => a.Key).ToList())
                _applied.Remove(id);
            _lastReadAt = readAt;

            var now = clock.GetUtcNow().UtcDateTime;
            if (now >= _nextPurge)
            {
                await connections.WriteGate.ExecuteAsync("DELETE FROM security_changes WHERE at < @Cutoff",
                    new { Cutoff = DapperSetup.Normalize(now - Retention) }, cancellationToken);
                _nextPurge = now + Retention / 4;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// After this node committed a change: applies it here at once. The change is saved whatever happens here, so a failure
    /// is logged, not thrown (the caller must not report a saved change as failed); the next poll applies it.
    /// </summary>
    public async Task ApplyOwnChangeAsync()
    {
        try
        {
            await ApplyNewAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A security change was saved but not yet applied on this node; the next poll applies it");
        }
    }

    private static readonly DialectSql DatabaseNowSql = new(
        "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now');\n",
        "SELECT SYSUTCDATETIME();\n");

    private const string ChangesSql = """
        SELECT id AS Id, kind AS Kind, subject AS Subject, at AS At FROM security_changes
        WHERE id > @LastId OR at > @Since
        ORDER BY id;
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ApplyNewAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // An outage: the cached answers stand (CredentialCheckCache); the rows are read when the database is back.
                logger.LogWarning(ex, "Could not read security changes");
            }
            try
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Max(options.Value.ChangePollInterval.Ticks, MinPollInterval.Ticks)), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record SecurityChange(long Id, string Kind, string Subject, DateTime At);
}
