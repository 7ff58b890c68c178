using System.Net;
using CommandCenter.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Security;

/// <summary>
/// A revoked key, a revoked device and a user's new security stamp end the cached answers at once on the node that made
/// the change and on every other node at its next read of <c>security_changes</c>, with answers cached far longer than that,
/// also when a row commits after rows with higher ids were read (SQL Server identities), and each change is applied once.
/// </summary>
public sealed class CredentialChangeTests
{
    private static readonly SecurityOptions LongCache = new() { CacheDuration = TimeSpan.FromMinutes(10) };

    [Fact]
    public async Task RevokedKey_NextRequestOnTheRevokingNode_IsUnauthorizedAtOnce()
    {
        using var baseFactory = new SecurityAppFactory();
        using var factory = baseFactory.WithWebHostBuilder(b => b.UseSetting("Security:CacheDuration", "00:10:00"));
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var keys = factory.Services.GetRequiredService<ApiKeyStore>();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, await keys.CreateAsync("field-app", [ApiScopes.Read]));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/reference")).StatusCode);

        Assert.True(await keys.RevokeAsync("field-app"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/reference")).StatusCode);
    }

    [Fact]
    public async Task RevokedKey_OnAnotherAppInstanceOverTheSameDatabase_IsUnauthorizedAfterItsPoll()
    {
        // Node B polls only when the test says so (an hour apart), so the test decides when "the next poll" is.
        using var nodes = new TwoNodes("01:00:00");
        var (aFactory, bFactory) = (nodes.A, nodes.B);
        var keys = aFactory.Services.GetRequiredService<ApiKeyStore>();
        var key = await keys.CreateAsync("hotline", [ApiScopes.Read]);
        using var clientB = bFactory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        clientB.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync("/api/v1/reference")).StatusCode);
        var feedB = bFactory.Services.GetRequiredService<SecurityChangeFeed>();
        await feedB.ApplyNewAsync();

        Assert.True(await keys.RevokeAsync("hotline"));
        // Cached on B for ten minutes: only the change feed can end it.
        Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync("/api/v1/reference")).StatusCode);
        await feedB.ApplyNewAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await clientB.GetAsync("/api/v1/reference")).StatusCode);
    }

    [Fact]
    public async Task RevokedKey_OnAnotherAppInstance_IsEndedByItsOwnBackgroundPoll()
    {
        using var nodes = new TwoNodes("00:00:00.100");
        var (aFactory, bFactory) = (nodes.A, nodes.B);
        var keys = aFactory.Services.GetRequiredService<ApiKeyStore>();
        var key = await keys.CreateAsync("patrol-app", [ApiScopes.Read]);
        using var clientB = bFactory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        clientB.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync("/api/v1/reference")).StatusCode);

        Assert.True(await keys.RevokeAsync("patrol-app"));

        // Cached on B for ten minutes: nothing but B's own poll of the change feed can end it. Waits for it, up to 30 s.
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 300 && status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            status = (await clientB.GetAsync("/api/v1/reference")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task SignOut_OnOneNode_EndsTheSessionThereAtOnceAndOnTheOtherAtItsNextRead()
    {
        using var db = TestDatabase.CreateMigrated();
        using var nodeA = new SecurityNode(db.Connections, LongCache);
        using var nodeB = new SecurityNode(db.Connections, LongCache);
        await nodeA.CreateUserAsync("staff1", Roles.Staff);
        var principal = SignInService.CreatePrincipal((await nodeA.Users.FindAsync("staff1"))!);
        Assert.True(await nodeA.Validator.IsValidAsync(principal));
        Assert.True(await nodeB.Validator.IsValidAsync(principal));

        await nodeA.Users.EndSessionsAsync((await nodeA.Users.FindAsync("staff1"))!.Id);

        Assert.False(await nodeA.Validator.IsValidAsync(principal));
        Assert.True(await nodeB.Validator.IsValidAsync(principal));
        await nodeB.Changes.ApplyNewAsync();
        Assert.False(await nodeB.Validator.IsValidAsync(principal));
    }

    [Fact]
    public async Task RevokedDevice_ReachesTheOtherNodeAtItsNextRead()
    {
        using var db = TestDatabase.CreateMigrated();
        using var nodeA = new SecurityNode(db.Connections, LongCache);
        using var nodeB = new SecurityNode(db.Connections, LongCache);
        await nodeA.Devices.CreateAsync("hall-left");
        var device = (await nodeA.Devices.ListAsync()).Single();
        var principal = SignInService.CreateDevicePrincipal(device);
        Assert.True(await nodeB.Validator.IsValidAsync(principal));

        Assert.True(await nodeA.Devices.RevokeAsync(device.Id));
        await nodeB.Changes.ApplyNewAsync();

        Assert.False(await nodeB.Validator.IsValidAsync(principal));
    }

    [Fact]
    public async Task DisabledUser_OnOneNode_IsRefusedOnTheOtherAtItsNextRead()
    {
        using var db = TestDatabase.CreateMigrated();
        using var nodeA = new SecurityNode(db.Connections, LongCache);
        using var nodeB = new SecurityNode(db.Connections, LongCache);
        await nodeA.CreateUserAsync("staff2", Roles.Staff);
        var user = (await nodeA.Users.FindAsync("staff2"))!;
        var principal = SignInService.CreatePrincipal(user);
        Assert.True(await nodeB.Validator.IsValidAsync(principal));

        await nodeA.Users.SetDisabledAsync(user.Id, disabled: true);

        Assert.False(await nodeA.Validator.IsValidAsync(principal));
        Assert.True(await nodeB.Validator.IsValidAsync(principal));
        await nodeB.Changes.ApplyNewAsync();
        Assert.False(await nodeB.Validator.IsValidAsync(principal));
    }

    [Fact]
    public async Task RevokedKey_OnOneNode_EndsTheOtherNodesLastKnownAnswerToo()
    {
        using var db = TestDatabase.CreateMigrated();
        using var nodeA = new SecurityNode(db.Connections, LongCache);
        using var nodeB = new SecurityNode(db.Connections, LongCache);
        var hash = Secrets.Hash((await nodeA.Keys.CreateAsync("camera", [ApiScopes.Ingest]))!);
        Assert.NotNull(await nodeB.Credentials.GetAsync(CredentialCheckCache.ApiKeyKind, hash, () => nodeB.Keys.FindLiveByHashAsync(hash)));

        Assert.True(await nodeA.Keys.RevokeAsync("camera"));
        await nodeB.Changes.ApplyNewAsync();

        // An outage on B now: no answer about the key is left to fall back on, so it is not let in (503, not the live key).
        await Assert.ThrowsAsync<SqliteException>(() => nodeB.Credentials.GetAsync<ApiKeyRow?>(CredentialCheckCache.ApiKeyKind, hash,
            () => throw new SqliteException("unable to open database file", 14)));
    }

    [Fact]
    public async Task ChangeFeed_CommandLineStyleRevocation_IsRecordedByTheDatabaseForEveryNode()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, LongCache);
        var key = await node.Keys.CreateAsync("sensor", [ApiScopes.Ingest]);
        var hash = Secrets.Hash(key!);
        Assert.NotNull(await node.Credentials.GetAsync(CredentialCheckCache.ApiKeyKind, hash, () => node.Keys.FindLiveByHashAsync(hash)));

        // Plain SQL, as any other writer would do it: the trigger records the change.
        using (var connection = db.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE api_keys SET revoked_at = '2026-12-01 00:00:00' WHERE name = 'sensor'";
            command.ExecuteNonQuery();
        }
        await node.Changes.ApplyNewAsync();

        Assert.Null(await node.Credentials.GetAsync(CredentialCheckCache.ApiKeyKind, hash, () => node.Keys.FindLiveByHashAsync(hash)));
    }

    [Fact]
    public async Task ChangeFeed_RowWithALowerIdCommittedAfterAHigherOneWasRead_IsStillApplied()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, LongCache);
        Assert.Equal("live", await CheckKeyAsync(node, "live"));
        InsertChange(db, 10, CredentialCheckCache.UserKind, "999");
        await node.Changes.ApplyNewAsync();

        // On SQL Server a transaction may hold identity 5 and commit after 10 was read: the row appears below the last id.
        InsertChange(db, 5, CredentialCheckCache.ApiKeyKind, "key-hash");
        await node.Changes.ApplyNewAsync();

        Assert.Equal("revoked", await CheckKeyAsync(node, "revoked"));
    }

    [Fact]
    public async Task ChangeFeed_ChangeReadAgainInTheTrailingWindow_IsNotAppliedTwice()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, LongCache);
        InsertChange(db, 1, CredentialCheckCache.ApiKeyKind, "key-hash");
        await node.Changes.ApplyNewAsync();
        Assert.Equal("after the change", await CheckKeyAsync(node, "after the change"));

        await node.Changes.ApplyNewAsync();

        Assert.Equal("after the change", await CheckKeyAsync(node, "read again"));
    }

    /// <summary>The node's answer about the key "key-hash": the cached one, or <paramref name="database"/> when there is none.</summary>
    private static Task<string?> CheckKeyAsync(SecurityNode node, string database) =>
        node.Credentials.GetAsync(CredentialCheckCache.ApiKeyKind, "key-hash", () => Task.FromResult<string?>(database));

    /// <summary>A row of <c>security_changes</c> with the given id, written now, as a trigger would write it.</summary>
    private static void InsertChange(TestDatabase db, long id, string kind, string subject)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO security_changes (id, kind, subject, at) VALUES ($id, $kind, $subject, strftime('%Y-%m-%d %H:%M:%f', 'now'))
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$subject", subject);
        command.ExecuteNonQuery();
    }

    /// <summary>Two app instances over one database, answers cached for ten minutes; node B reads the change feed this often.</summary>
    private sealed class TwoNodes : IDisposable
    {
        private readonly SecurityAppFactory _nodeA = new();
        private readonly SecurityAppFactory _nodeB = new();

        public TwoNodes(string bPollInterval)
        {
            A = _nodeA.WithWebHostBuilder(b => b.UseSetting("Security:CacheDuration", "00:10:00"));
            B = _nodeB.WithWebHostBuilder(b => b
                .UseSetting("ConnectionStrings:CommandCenter", _nodeA.ConnectionString)
                .UseSetting("Security:CacheDuration", "00:10:00")
                .UseSetting("Security:ChangePollInterval", bPollInterval));
        }

        public WebApplicationFactory<Program> A { get; }
        public WebApplicationFactory<Program> B { get; }

        public void Dispose()
        {
            B.Dispose();
            A.Dispose();
            _nodeB.Dispose();
            _nodeA.Dispose();
        }
    }
}
