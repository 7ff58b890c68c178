using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommandCenter.Data;

/// <summary>
/// <c>/health</c>'s database check. A database that cannot be used (<see cref="DbErrors.IsUnavailable"/>: it cannot be opened,
/// or the SQLite file is gone or replaced) makes the node Unhealthy: every write answers 503 until it is back. Any other
/// failure of the probe uses the registration's failure status.
/// </summary>
public sealed class DatabaseHealthCheck(DbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy();
        }
        // No exception text in the results: /health is anonymous.
        catch (System.Data.Common.DbException ex) when (DbErrors.IsUnavailable(ex))
        {
            return HealthCheckResult.Unhealthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus);
        }
    }
}
