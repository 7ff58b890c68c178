using System.Data.Common;
using Microsoft.AspNetCore.Http;
using CommandCenter.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Data;

/// <summary>
/// A statement that lost a deadlock or waited out a lock rolled its transaction back: the API answers 503 with Retry-After
/// (the idempotent ingest makes the retry safe), never 500. SqlException has no public constructor, so SQL Server's numbers
/// are pinned through <see cref="DbErrors.IsRetryableSqlServerError"/>, which <see cref="DbErrors.IsRetryable"/> uses for
/// them, and the answer through SQLite's BUSY, the same path.
/// </summary>
public class DatabaseBusyAnswerTests
{
    [Theory]
    [InlineData(1205, true)]
    [InlineData(1222, true)]
    [InlineData(2627, false)]
    [InlineData(547, false)]
    [InlineData(-2, false)]
    public void IsRetryableSqlServerError_DeadlockAndLockTimeoutOnly(int number, bool retryable) =>
        Assert.Equal(retryable, DbErrors.IsRetryableSqlServerError(number));

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(19, false)]
    public void IsRetryable_Sqlite_BusyAndLockedOnly(int code, bool retryable) =>
        Assert.Equal(retryable, DbErrors.IsRetryable(new SqliteException("test", code)));

    [Fact]
    public async Task Answer_BusyDatabase_Is503WithRetryAfter()
    {
        var context = await InvokeAsync(new SqliteException("database is locked", 5));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(DatabaseUnavailableAnswer.RetryAfterSeconds.ToString(), context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Answer_RefusedRow_IsNotTurnedInto503()
    {
        // A unique key's refusal is the endpoint's to answer (or a 500): retrying would not help.
        await Assert.ThrowsAsync<SqliteException>(() => InvokeAsync(new SqliteException("UNIQUE constraint failed", 19, 2067)));
    }

    private static async Task<HttpContext> InvokeAsync(DbException thrown)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();
        var answer = new DatabaseUnavailableAnswer(_ => throw thrown, NullLogger<DatabaseUnavailableAnswer>.Instance);
        await answer.InvokeAsync(context);
        return context;
    }
}
