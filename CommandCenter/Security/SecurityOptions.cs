namespace CommandCenter.Security;

/// <summary>Settings under <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    /// <summary>Wrong passwords in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A person's session, renewed while in use.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a lookup of an API key, user or device is trusted before the database is asked again.
    /// Revocation and disabling take effect within this plus <see cref="RevalidationInterval"/>.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an open Blazor circuit re-checks its user or device.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Login POSTs allowed per client IP per minute.</summary>
    public int LoginPostsPerMinute { get; set; } = 10;

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
}
