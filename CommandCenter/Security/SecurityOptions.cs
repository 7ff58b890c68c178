namespace CommandCenter.Security;

/// <summary>
/// Settings under <c>Security</c>. The sign-in rule: at most <see cref="LoginPostsPerMinute"/> sign-in posts per client
/// address per minute, whatever the spelling of the URL (429 beyond); at most <see cref="SignInsPerAccountPerMinute"/>
/// sign-in attempts per account name per minute from all addresses together; and after <see cref="MaxFailedSignIns"/>
/// wrong passwords in a row for one account from one address, that address cannot sign in to that account for
/// <see cref="LockoutDuration"/> (other addresses still can, so a stranger cannot lock the owner out of their own machine).
/// Every refusal is the same answer after the same work (one password-hash check); the audit log records the true reason.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>Wrong passwords in a row for one account from one client address that lock the account for that address.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a lock lasts; also how long a run of failures is remembered after its last attempt.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A person's session, renewed while in use.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a lookup of an API key, user or device is trusted before the database is asked again. A change
    /// made on another node reaches this one within <see cref="ChangePollInterval"/> (see <see cref="SecurityChangeFeed"/>);
    /// this is the bound if that feed cannot be read.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each node reads the changes to users, keys and devices made on any node (and forgets its cached
    /// answers); at least 50 ms.</summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an open Blazor circuit re-checks its user or device.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sign-in posts allowed per client IP per minute, on every URL that reaches the sign-in form.</summary>
    public int LoginPostsPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts allowed per account name per minute, from all client addresses together (per node).</summary>
    public int SignInsPerAccountPerMinute { get; set; } = 20;

    /// <summary>API requests allowed per API key (or signed-in caller) per second; ingest must reach 1,000 events/s.</summary>
    public int ApiRequestsPerSecond { get; set; } = 2000;

    /// <summary>Live Blazor circuits (tabs, wall screens) one person or one display device may hold at once; more are refused.</summary>
    public int MaxCircuitsPerUser { get; set; } = 20;

    /// <summary>Disconnected circuits kept for a reconnect, over all users; beyond it the oldest is released.</summary>
    public int DisconnectedCircuitMaxRetained { get; set; } = 100;

    /// <summary>How long a disconnected circuit is kept for a reconnect before its memory is released.</summary>
    public TimeSpan DisconnectedCircuitRetention { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Secure flag of every cookie: SameAsRequest (Secure over HTTPS, also behind a trusted proxy) or Always.</summary>
    public CookieSecurePolicy CookieSecurePolicy { get; set; } = CookieSecurePolicy.SameAsRequest;

    /// <summary>Origins besides the request's own (exact <c>scheme://host[:port]</c>) whose browser pages may open a circuit or a
    /// hub connection, for a site whose public address differs from what reaches the app. Empty by default.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
