using CommandCenter.Data;
using Dapper;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// Carries "this user, key or device changed" to every node: triggers write a row of <c>security_changes</c> with every
/// security-stamp change (sign-out, password reset, edit, disable), key revocation and device revocation, and each node reads
/// the new rows every <see cref="SecurityOptions.ChangePollInterval"/> and forgets its cached answers about them
/// (<see cref="CredentialCheckCache"/>). The node that made a change applies it at once (<see cref="ApplyNewAsync"/>).
/// </summary>
public sealed class SecurityChangeFeed(DbConnectionFactory connections, CredentialCheckCache credentials, TimeProvider clock,
    IOptions<SecurityOptions> options, ILogger<SecurityChangeFeed> logger) : BackgroundService
{
    /// <summary>Rows older than this are deleted: a node is never that far behind (after a restart its cache is empty).</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>A zero or tiny setting must not turn the poll into a busy loop on the database.</summary>
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastId;
    private DateTime _nextPurge;

    /// <summary>Reads the changes recorded since the last read and forgets the cached answers about them.</summary>
    public async Task ApplyNewAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            var changes = await connection.QueryAsync<SecurityChange>(new CommandDefinition(
                "SELECT id AS Id, kind AS Kind, subject AS Subject FROM security_changes WHERE id > @LastId ORDER BY id",
                new { LastId = _lastId }, cancellationToken: cancellationToken));
            foreach (var change in changes)
            {
                credentials.Forget(change.Kind, change.Subject);
                _lastId = change.Id;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            if (now >= _nextPurge)
            {
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM security_changes WHERE at < @Cutoff",
                    new { Cutoff = DapperSetup.Normalize(now - Retention) }, cancellationToken: cancellationToken));
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

    private sealed record SecurityChange(long Id, string Kind, string Subject);
}
