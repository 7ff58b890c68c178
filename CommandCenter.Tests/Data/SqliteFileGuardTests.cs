using System.Data.Common;
using CommandCenter.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Data;

/// <summary>The app's SQLite connections and commits stay on the file it opened, with pooling on (the default).</summary>
public sealed class SqliteFileGuardTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cc-guard-{Guid.NewGuid():N}");
    private readonly DatabaseOptions _options;
    private readonly DbConnectionFactory _connections;

    public SqliteFileGuardTests()
    {
        Directory.CreateDirectory(_folder);
        DapperSetup.Configure();
        _options = new DatabaseOptions { ConnectionString = $"Data Source={File}" };
        new DatabaseMigrator(_options, NullLogger<DatabaseMigrator>.Instance).Migrate();
        _connections = new DbConnectionFactory(_options);
    }

    private string File => Path.Combine(_folder, "cc.db");
    private string Away => _folder + "-away";

    public void Dispose()
    {
        _connections.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Away)) Directory.Move(Away, _folder);
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<long> DepartmentsAsync()
    {
        await using var connection = await _connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM departments");
    }

    [Fact]
    public async Task Open_FileDeletedWhileThePoolHoldsIt_ThrowsUnavailableAndCreatesNoEmptyFile()
    {
        Assert.Equal(0, await DepartmentsAsync());

        foreach (var file in Directory.GetFiles(_folder)) System.IO.File.Delete(file);

        await Assert.ThrowsAsync<DatabaseUnavailableException>(() => _connections.OpenAsync());
        await Assert.ThrowsAsync<DatabaseUnavailableException>(() => _connections.OpenAsync());
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Commit_FolderRenamedAwayDuringTheTransaction_IsRefusedAndNothingIsWritten()
    {
        await using (var connection = await _connections.OpenAsync())
        {
            await using var tx = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("INSERT INTO departments (code, name) VALUES ('late', '迟到')", transaction: tx);

            Directory.Move(_folder, Away);

            var refused = await Assert.ThrowsAsync<SqliteException>(() => tx.CommitAsync());
            Assert.True(DbErrors.IsUnavailable(refused));
        }
        await Assert.ThrowsAsync<DatabaseUnavailableException>(() => _connections.OpenAsync());

        Directory.Move(Away, _folder);

        Assert.Equal(0, await DepartmentsAsync());
    }

    [Fact]
    public async Task EnsureCommitted_FolderRenamedAwayAfterTheCommit_Throws()
    {
        await using var connection = await _connections.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO departments (code, name) VALUES ('d1', '一')");
        _connections.EnsureCommitted(connection);

        Directory.Move(_folder, Away);

        var ex = Assert.Throws<DatabaseUnavailableException>(() => _connections.EnsureCommitted(connection));
        Assert.True(DbErrors.IsUnavailable(ex));
    }

    [Fact]
    public async Task Open_AnotherDatabaseMovedOverTheFile_ThrowsUnavailableEvenWithANewPool()
    {
        Assert.Equal(0, await DepartmentsAsync());
        var other = Path.Combine(_folder, "other.db");
        using (var copy = new SqliteConnection($"Data Source={File};Pooling=False"))
        {
            copy.Open();
            copy.Execute("INSERT INTO departments (code, name) VALUES ('copy', '副本'); VACUUM INTO @other", new { other });
            copy.Execute("DELETE FROM departments");
        }

        System.IO.File.Move(other, File, overwrite: true);
        SqliteConnection.ClearAllPools();

        await Assert.ThrowsAsync<DatabaseUnavailableException>(() => _connections.OpenAsync());
    }

    [Fact]
    public async Task Open_MemoryDatabase_IsNotGuarded()
    {
        using var memory = new DbConnectionFactory(new DatabaseOptions { ConnectionString = "Data Source=guard-memory;Mode=Memory;Cache=Shared" });

        await using var connection = await memory.OpenAsync();

        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT 1"));
        memory.EnsureCommitted(connection);
    }

    [Fact]
    public async Task Open_FolderMissing_IsUnavailableNotAnotherKindOfError()
    {
        using var missing = new DbConnectionFactory(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(Away, "none.db")}" });

        var ex = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => missing.OpenAsync());

        Assert.IsAssignableFrom<DbException>(ex);
        Assert.False(Directory.Exists(Away));
    }
}
