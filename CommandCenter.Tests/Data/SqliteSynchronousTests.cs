using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Tests.Data;

/// <summary>Database:SqliteSynchronous: commits are synced (FULL) unless an operator chose NORMAL.</summary>
public sealed class SqliteSynchronousTests
{
    [Theory]
    [InlineData(SqliteSynchronous.Full, 2)]
    [InlineData(SqliteSynchronous.Normal, 1)]
    public async Task OpenAsync_Setting_ConnectionRunsWithThatSynchronousLevel(SqliteSynchronous setting, long expected)
    {
        using var db = TestDatabase.CreateMigrated();
        var connections = new DbConnectionFactory(new DatabaseOptions { ConnectionString = db.Options.ConnectionString, SqliteSynchronous = setting });

        await using var connection = await connections.OpenAsync();

        Assert.Equal(expected, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous;"));
    }

    [Fact]
    public void DatabaseOptions_Default_IsFull() => Assert.Equal(SqliteSynchronous.Full, new DatabaseOptions().SqliteSynchronous);
}
