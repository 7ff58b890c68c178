using CommandCenter.Security;

namespace CommandCenter.Tests.Security;

/// <summary>
/// The sign-in rule of <see cref="SecurityOptions"/>: a lock per (account, client address), a ceiling per account across
/// addresses, one answer after the same work for every refusal, and no more password checks than the limit under a race.
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
    public async Task SignIn_ManyAddressesOneAccount_RefusedBeyondTheAccountCeilingEvenWithTheRightPassword()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, new SecurityOptions { SignInsPerAccountPerMinute = 3 });
        var password = await node.CreateUserAsync("admin", Roles.Admin);

        for (var i = 0; i < 3; i++)
            await node.SignIn.PasswordSignInAsync("Admin", "guess", $"198.51.100.{i}");
        var fourth = await node.SignIn.PasswordSignInAsync("admin", password, AdminDesk);

        Assert.Equal(SignInOutcome.Failed, fourth.Outcome);
        var (rows, _) = await node.Audit.PageAsync(0, 100);
        Assert.Single(rows, r => r.Action == AuditActions.SignInFailed && r.Detail!.StartsWith("too many attempts for this account", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Action == AuditActions.SignIn);
    }

    [Fact]
    public async Task SignIn_UnknownWrongDisabledLockedOrThrottled_EachCostsExactlyOnePasswordHashCheck()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, new SecurityOptions { SignInsPerAccountPerMinute = 6 });
        await node.CreateUserAsync("staff1", Roles.Staff);
        var disabledPassword = await node.CreateUserAsync("gone", Roles.Staff);
        await node.Users.SetDisabledAsync((await node.Users.FindAsync("gone"))!.Id, true);
        for (var i = 0; i < 5; i++) await node.SignIn.PasswordSignInAsync("staff1", "guess" + i, Stranger);

        async Task AssertOneCheckAsync(string userName, string password)
        {
            node.Hasher.Reset();
            var result = await node.SignIn.PasswordSignInAsync(userName, password, Stranger);
            Assert.Equal(SignInOutcome.Failed, result.Outcome);
            Assert.Null(result.Principal);
            Assert.Equal(1, node.Hasher.AllChecks);
        }

        await AssertOneCheckAsync("nobody-here", "guess");         // unknown name
        await AssertOneCheckAsync("gone", "guess");                // wrong password
        await AssertOneCheckAsync("gone", disabledPassword);       // disabled
        await AssertOneCheckAsync("staff1", "guess");              // locked from this address (6th attempt)
        await AssertOneCheckAsync("staff1", "guess");              // over the account ceiling (7th attempt)
        var (rows, _) = await node.Audit.PageAsync(0, 100);
        Assert.Contains(rows, r => r.Target == "nobody-here" && r.Detail!.StartsWith("unknown user", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Target == "gone" && r.Detail!.StartsWith("disabled", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Target == "staff1" && r.Detail!.StartsWith("too many attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_TwentyParallelWrongPasswords_ChecksAtMostFiveThenRefusesTheRightPassword()
    {
        using var db = TestDatabase.CreateMigrated();
        using var node = new SecurityNode(db.Connections, new SecurityOptions { SignInsPerAccountPerMinute = 100 });
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
}
