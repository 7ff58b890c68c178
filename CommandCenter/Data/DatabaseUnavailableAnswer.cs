using System.Data.Common;

namespace CommandCenter.Data;

/// <summary>
/// Answers a request the database could not serve (<see cref="DbErrors.IsUnavailable"/>), or lost to another writer
/// (<see cref="DbErrors.IsRetryable"/>: a deadlock victim, a lock timeout), with 503, Retry-After and a
/// ProblemDetails that names nothing of the database, instead of a 500: the client sends it again later, and the idempotency
/// keys (externalId, eventId, patrolId) make the retry write once. Nothing the database did not keep is acknowledged.
/// </summary>
public sealed class DatabaseUnavailableAnswer(RequestDelegate next, ILogger<DatabaseUnavailableAnswer> logger)
{
    /// <summary>Seconds a client waits before trying again; the live feed retries within 2 s, the file guard at every request.</summary>
    public const int RetryAfterSeconds = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (DbException ex) when (DbErrors.IsUnavailable(ex) && !context.Response.HasStarted)
        {
            logger.LogWarning(ex, "Database unavailable: {Method} {Path} answered 503", context.Request.Method, context.Request.Path);
            await AnswerAsync(context, "The database is unavailable.");
        }
        catch (DbException ex) when (DbErrors.IsRetryable(ex) && !context.Response.HasStarted)
        {
            // A deadlock victim or a lock timeout: the transaction was rolled back, so the same request again is safe.
            logger.LogWarning(ex, "Database busy: {Method} {Path} answered 503", context.Request.Method, context.Request.Path);
            await AnswerAsync(context, "The database is busy.");
        }
    }

    private static async Task AnswerAsync(HttpContext context, string title)
    {
        Features.Operations.OperationsMetrics.DatabaseErrors.Add(1, new KeyValuePair<string, object?>("where", "request"));
        context.Response.Clear();
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(title: title,
            detail: "The request was not completed. Try again shortly; a retried write with the same id is written once.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
    }
}

public static class DatabaseUnavailableAnswerExtensions
{
    /// <summary>Adds <see cref="DatabaseUnavailableAnswer"/>; early, so that it covers every endpoint.</summary>
    public static IApplicationBuilder UseDatabaseUnavailableAnswer(this IApplicationBuilder app) => app.UseMiddleware<DatabaseUnavailableAnswer>();
}
