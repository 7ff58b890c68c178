using CommandCenter.Data;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Security;

/// <summary>
/// The security services of one app node over a database, wired as the app wires them, each node with its own memory
/// cache: two nodes over one database behave like two app instances behind a load balancer.
/// </summary>
public sealed class SecurityNode : IDisposable
{
    public SecurityNode(DbConnectionFactory connections, SecurityOptions? settings = null)
    {
        var options = Options.Create(settings ?? new SecurityOptions());
        Cache = new MemoryCache(new MemoryCacheOptions());
        Credentials = new CredentialCheckCache(Cache, options, NullLogger<CredentialCheckCache>.Instance);
        Reference = new ReferenceCatalog(connections);
        Changes = new SecurityChangeFeed(connections, Credentials, Reference, TimeProvider.System, options, NullLogger<SecurityChangeFeed>.Instance);
        Users = new UserStore(connections, Hasher, Changes, TimeProvider.System);
        Keys = new ApiKeyStore(connections, Changes, TimeProvider.System);
        Devices = new DisplayDeviceStore(connections, TimeProvider.System);
        Attempts = new SignInAttempts(connections, TimeProvider.System, options);
        Audit = new AuditLog(connections, TimeProvider.System);
        SignIn = new SignInService(Users, Attempts, Hasher, Audit, options);
        Validator = new PrincipalValidator(Users, Devices, Credentials, NullLogger<PrincipalValidator>.Instance);
    }

    public CountingPasswordHasher Hasher { get; } = new();
    public MemoryCache Cache { get; }
    public CredentialCheckCache Credentials { get; }
    public ReferenceCatalog Reference { get; }
    public SecurityChangeFeed Changes { get; }
    public UserStore Users { get; }
    public ApiKeyStore Keys { get; }
    public DisplayDeviceStore Devices { get; }
    public SignInAttempts Attempts { get; }
    public AuditLog Audit { get; }
    public SignInService SignIn { get; }
    public PrincipalValidator Validator { get; }

    /// <summary>Creates an account with the given roles and returns its password.</summary>
    public async Task<string> CreateUserAsync(string userName, params string[] roles)
    {
        var password = Secrets.NewPassword();
        Assert.True(await Users.CreateAsync(userName, password, new UserEdit(userName, roles, HasPii: false, LeaderId: null)));
        return password;
    }

    public void Dispose()
    {
        Changes.Dispose();
        Cache.Dispose();
    }
}

/// <summary>Identity's hasher, counting the checks against real accounts' hashes and against others (the dummy hash).</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<UserRow>
{
    private readonly PasswordHasher<UserRow> _inner = new();
    private int _accountChecks;
    private int _otherChecks;

    public int AccountChecks => Volatile.Read(ref _accountChecks);
    public int OtherChecks => Volatile.Read(ref _otherChecks);
    public int AllChecks => AccountChecks + OtherChecks;

    public string HashPassword(UserRow user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(UserRow user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref user is { Id: > 0 } ? ref _accountChecks : ref _otherChecks);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _accountChecks, 0);
        Interlocked.Exchange(ref _otherChecks, 0);
    }
}
