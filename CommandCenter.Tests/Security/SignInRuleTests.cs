using CommandCenter.Data;
using CommandCenter.Security;
using Dapper;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Security;

/// <summary>
/// The sign-in rule of <see cref="SecurityOptions"/>: a lock per (account, client address, an IPv6 client's /64), a ceiling
/// of failures per account across addresses and nodes that the owner's known addresses are exempt from, one answer after the
/// same work for every refusal, and no more password checks than the limit under a race.
/// </summary>
public sealed class SignInRuleTests
{
    private const string Stranger = "203.0.113.9";
    private const string AdminDesk = "10.0.0.2";

    [Fact]
    public async Task SignIn_StrangerFailsFiveTimes_LocksOnlyTheStrangersAddress()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections);
        var password = await node.CreateUserAsync("admin", Roles.Admin);

        for (var i = 0; i < 5; i++)
            Assert.Equal(SignInOutcome.Failed, (await node.SignIn.PasswordSignInAsync("admin", "guess" + i, Stranger)).Outcome);

        Assert.Equal(SignInOutcome.Failed, (await node.SignIn.PasswordSignInAsync("admin", password, Stranger)).Outcome);
        Assert.Equal(SignInOutcome.Success, (await node.SignIn.PasswordSignInAsync("admin", password, AdminDesk)).Outcome);
        Assert.Contains("admin", await node.Attempts.LockedNamesAsync(DateTime.UtcNow));
        var (rows, _) = await node.Audit.PageAsync(0, 100);
        Assert.Single(rows, r => r.Action == AuditActions.LockedOut && r.Target == "admin" && r.Detail!.Contains(Stranger));
        Assert.Single(rows, r => r.Action == AuditActions.SignInFailed && r.Detail!.StartsWith("locked until", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_PasswordReset_LiftsTheLocks()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections);
        await node.CreateUserAsync("wang", Roles.Leader);
        for (var i = 0; i < 5; i++) await node.SignIn.PasswordSignInAsync("WANG", "guess" + i, Stranger);
        Assert.Contains("wang", await node.Attempts.LockedNamesAsync(DateTime.UtcNow));

        var user = await node.Users.FindAsync("wang");
        await node.Users.SetPasswordAsync(user!.Id, "a-new-password-1");

        Assert.Empty(await node.Attempts.LockedNamesAsync(DateTime.UtcNow));
        Assert.Equal(SignInOutcome.Success, (await node.SignIn.PasswordSignInAsync("wang", "a-new-password-1", Stranger)).Outcome);
    }

    [Fact]
    public async Task SignIn_StrangersOverTheAccountCeiling_AreRefusedWithTheRightPasswordWhileTheOwnersKnownAddressSignsIn()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, new SecurityOptions { FailedSignInsPerAccountPerMinute = 3 });
        var password = await node.CreateUserAsync("admin", Roles.Admin);
        Assert.Equal(SignInOutcome.Success, (await node.SignIn.PasswordSignInAsync("admin", password, AdminDesk)).Outcome);

        for (var i = 0; i < 3; i++)
            Assert.Equal(SignInOutcome.Failed, (await node.SignIn.PasswordSignInAsync("Admin", "guess", $"198.51.100.{i}")).Outcome);
        var stranger = await node.SignIn.PasswordSignInAsync("admin", password, "198.51.100.200");
        var owner = await node.SignIn.PasswordSignInAsync("admin", password, AdminDesk);

        Assert.Equal(SignInOutcome.Failed, stranger.Outcome);
        Assert.Equal(SignInOutcome.Success, owner.Outcome);
        var (rows, _) = await node.Audit.PageAsync(0, 100);
        Assert.Single(rows, r => r.Action == AuditActions.SignInFailed
            && r.Detail!.StartsWith("too many failed attempts for this account", StringComparison.Ordinal) && r.Detail.Contains("198.51.100.200"));
        Assert.Equal(2, rows.Count(r => r.Action == AuditActions.SignIn && r.Detail!.Contains(AdminDesk)));
    }

    [Fact]
    public async Task SignIn_SuccessesFromNewAddresses_DoNotCountTowardsTheAccountCeiling()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, new SecurityOptions { FailedSignInsPerAccountPerMinute = 2 });
        var password = await node.CreateUserAsync("wang", Roles.Leader);

        for (var i = 0; i < 4; i++)
            Assert.Equal(SignInOutcome.Success, (await node.SignIn.PasswordSignInAsync("wang", password, $"10.0.1.{i}")).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await node.SignIn.PasswordSignInAsync("wang", "guess", "198.51.100.1")).Outcome);

        Assert.Equal(SignInOutcome.Success, (await node.SignIn.PasswordSignInAsync("wang", password, "10.0.2.1")).Outcome);
    }

    [Fact]
    public async Task SignIn_Ipv6AddressesOfOneSlash64_ShareOneLockAndOneKnownAddress()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, new SecurityOptions { FailedSignInsPerAccountPerMinute = 6 });
        var password = await node.CreateUserAsync("admin", Roles.Admin);
        Assert.Equal(SignInOutcome.Success, (await node.SignIn.PasswordSignInAsync("admin", password, "2001:db8:9:9::1")).Outcome);

        // A stranger walks through the addresses of its /64: five guesses lock the whole /64 out of the account.
        for (var i = 1; i <= 5; i++)
            await node.SignIn.PasswordSignInAsync("admin", "guess" + i, $"2001:db8:1:2::{i:x}");
        Assert.Equal(SignInOutcome.Failed, (await node.SignIn.PasswordSignInAsync("admin", password, "2001:db8:1:2:abcd::99")).Outcome);
        Assert.Equal(SignInOutcome.Success, (await node.SignIn.PasswordSignInAsync("admin", password, "2001:db8:1:3::1")).Outcome);

        // A sixth failure reaches the ceiling: a new /64 is refused, a new address in the owner's known /64 is not.
        await node.SignIn.PasswordSignInAsync("admin", "guess", "198.51.100.1");
        Assert.Equal(SignInOutcome.Failed, (await node.SignIn.PasswordSignInAsync("admin", password, "2001:db8:7:7::1")).Outcome);
        Assert.Equal(SignInOutcome.Success, (await node.SignIn.PasswordSignInAsync("admin", password, "2001:db8:9:9:5e1f:aa:bb:cc")).Outcome);
    }

    [Fact]
    public async Task SignIn_TwoNodesOverOneDatabase_ShareTheAccountCeiling()
    {
        using var db = TestDatabase.CreateMigrated();
        var settings = new SecurityOptions { FailedSignInsPerAccountPerMinute = 3 };
        using var nodeA = new SecurityNode(db.Connections, settings);
        using var nodeB = new SecurityNode(db.Connections, settings);
        var password = await nodeA.CreateUserAsync("admin", Roles.Admin);
        Assert.Equal(SignInOutcome.Success, (await nodeB.SignIn.PasswordSignInAsync("admin", password, AdminDesk)).Outcome);

        await nodeA.SignIn.PasswordSignInAsync("admin", "guess", "198.51.100.1");
        await nodeA.SignIn.PasswordSignInAsync("admin", "guess", "198.51.100.2");
        await nodeB.SignIn.PasswordSignInAsync("admin", "guess", "198.51.100.3");

        Assert.Equal(SignInOutcome.Failed, (await nodeA.SignIn.PasswordSignInAsync("admin", password, "198.51.100.4")).Outcome);
        Assert.Equal(SignInOutcome.Success, (await nodeA.SignIn.PasswordSignInAsync("admin", password, AdminDesk)).Outcome);
    }

    [Fact]
    public async Task SignIn_UnknownWrongDisabledLockedOrThrottled_EachCostsExactlyOnePasswordHashCheck()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, new SecurityOptions { FailedSignInsPerAccountPerMinute = 5 });
        await node.CreateUserAsync("staff1", Roles.Staff);
        var disabledPassword = await node.CreateUserAsync("gone", Roles.Staff);
        await node.Users.SetDisabledAsync((await node.Users.FindAsync("gone"))!.Id, true);
        for (var i = 0; i < 5; i++) await node.SignIn.PasswordSignInAsync("staff1", "guess" + i, Stranger);

        async Task AssertOneCheckAsync(string userName, string password, string client = Stranger)
        {
            node.Hasher.Reset();
            var result = await node.SignIn.PasswordSignInAsync(userName, password, client);
            Assert.Equal(SignInOutcome.Failed, result.Outcome);
            Assert.Null(result.Principal);
            Assert.Equal(1, node.Hasher.AllChecks);
        }

        await AssertOneCheckAsync("nobody-here", "guess");         // unknown name
        await AssertOneCheckAsync("gone", "guess");                // wrong password
        await AssertOneCheckAsync("gone", disabledPassword);       // disabled
        await AssertOneCheckAsync("staff1", "guess");              // locked from this address (6th attempt)
        await AssertOneCheckAsync("staff1", "guess", AdminDesk);   // over the account ceiling (6th failure)
        var (rows, _) = await node.Audit.PageAsync(0, 100);
        Assert.Contains(rows, r => r.Target == "nobody-here" && r.Detail!.StartsWith("unknown user", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Target == "gone" && r.Detail!.StartsWith("disabled", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Target == "staff1" && r.Detail!.StartsWith("too many failed attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_TwentyParallelWrongPasswords_ChecksAtMostFiveThenRefusesTheRightPassword()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, new SecurityOptions { FailedSignInsPerAccountPerMinute = 100 });
        var password = await node.CreateUserAsync("leader1", Roles.Leader);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => node.SignIn.PasswordSignInAsync("leader1", "guess" + i, Stranger))));

        Assert.All(results, r => Assert.Equal(SignInOutcome.Failed, r.Outcome));
        Assert.Equal(5, node.Hasher.AccountChecks);
        var (rows, _) = await node.Audit.PageAsync(0, 100);
        Assert.Equal(5, rows.Count(r => r.Detail!.StartsWith("wrong password", StringComparison.Ordinal)));
        Assert.Single(rows, r => r.Action == AuditActions.LockedOut);
        Assert.Equal(SignInOutcome.Failed, (await node.SignIn.PasswordSignInAsync("leader1", password, Stranger)).Outcome);
    }

    [Fact]
    public async Task SignInAttempts_ManyAttemptsWithinAMinute_PurgeWhatEndedOnlyOnce()
    {
        using var db = TestDatabase.CreateMigrated();
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var attempts = new SignInAttempts(db.Connections, clock, Options.Create(new SecurityOptions()));
        await attempts.ReserveAsync("wang", "10.0.0.1");
        InsertEnded(db, clock.Now.UtcDateTime);

        clock.Now += TimeSpan.FromSeconds(59);
        await attempts.ReserveAsync("wang", "10.0.0.2");
        Assert.Equal(3, db.Count("sign_in_attempts", "user_name = 'li'") + db.Count("sign_in_account_failures", "user_name = 'li'")
            + db.Count("sign_in_known_clients", "user_name = 'li'"));

        clock.Now += TimeSpan.FromSeconds(2);
        await attempts.ReserveAsync("wang", "10.0.0.3");
        Assert.Equal(0, db.Count("sign_in_attempts", "user_name = 'li'"));
        Assert.Equal(0, db.Count("sign_in_account_failures", "user_name = 'li'"));
        Assert.Equal(0, db.Count("sign_in_known_clients", "user_name = 'li'"));
        Assert.Equal(3, db.Count("sign_in_attempts", "user_name = 'wang'"));
    }

    /// <summary>A run of failures, a window of the account ceiling and a known client of "li" that all ended long before <paramref name="now"/>.</summary>
    private static void InsertEnded(TestDatabase db, DateTime now)
    {
        using var connection = db.Open();
        connection.Execute("""
            INSERT INTO sign_in_attempts (user_name, client, failed_count, locked_until, last_attempt_at) VALUES ('li', '10.0.0.9', 2, NULL, @Old);
            INSERT INTO sign_in_account_failures (user_name, window_start, failed_count) VALUES ('li', @Old, 2);
            INSERT INTO sign_in_known_clients (user_name, client, last_success_at) VALUES ('li', '10.0.0.9', @Forgotten);
            """, new { Old = DapperSetup.Normalize(now.AddHours(-1)), Forgotten = DapperSetup.Normalize(now.AddDays(-31)) });
    }
}
