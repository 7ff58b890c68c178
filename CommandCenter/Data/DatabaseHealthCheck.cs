using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommandCenter.Data;

/// <summary>
/// <c>/health</c>'s database check. An unreachable database degrades the node: it still serves the last snapshot, marked stale.
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No exception text in the result: /health is anonymous.
            return new HealthCheckResult(context.Registration.FailureStatus);
        }
    }
}
