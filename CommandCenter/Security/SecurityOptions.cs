using CommandCenter.Extensions;

namespace CommandCenter.Security;

/// <summary>
/// Settings under <c>Security</c>. The sign-in rule, where a client is its address (an IPv6 client its /64): at most
/// <see cref="LoginPostsPerMinute"/> sign-in posts per client address per minute, whatever the spelling of the URL (429
/// beyond); after <see cref="MaxFailedSignIns"/> wrong passwords in a row for one account from one client, that client
/// cannot sign in to that account for <see cref="LockoutDuration"/>; and once an account has had
/// <see cref="FailedSignInsPerAccountPerMinute"/> failed attempts within a minute from all clients on all nodes, further
/// attempts are refused, except from the clients that signed in to it within <see cref="KnownAddressDuration"/>. So a
/// stranger can neither lock the owner out of their own machine nor spread guesses over many addresses. Every refusal is
/// the same answer after the same work (one password-hash check); the audit log records the true reason.
/// Read once (<c>AddSettings</c>); every value is checked when the app starts (<see cref="Check"/>).
/// </summary>
public sealed class SecurityOptions : ICheckedSettings
{
    /// <summary>Wrong passwords in a row for one account from one client (address, or an IPv6 client's /64) that lock the
    /// account for that client.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a lock lasts; also how long a run of failures is remembered after its last attempt.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A person's session, renewed while in use.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a lookup of an API key, user or device is trusted before the database is asked again. A change
    /// made on another node reaches this one within <see cref="ChangePollInterval"/> (see <see cref="SecurityChangeFeed"/>);
    /// this is the bound if that feed cannot be read.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each node reads the changes to users, keys, devices and the reference data made on any node (and
    /// forgets its cached answers); at least 50 ms.</summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an open Blazor circuit re-checks its user or device.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sign-in posts allowed per client IP per minute, on every URL that reaches the sign-in form.</summary>
    public int LoginPostsPerMinute { get; set; } = 10;

    /// <summary>Failed sign-ins per account name within a minute, from all clients on all nodes together (counted in the
    /// database), beyond which the account refuses every attempt from a client that is not known to it
    /// (<see cref="KnownAddressDuration"/>). An attempt counts until its password proves right.</summary>
    public int FailedSignInsPerAccountPerMinute { get; set; } = 20;

    /// <summary>How long a client (address, or an IPv6 client's /64) that signed in to an account stays exempt from that
    /// account's <see cref="FailedSignInsPerAccountPerMinute"/> after its last successful sign-in.</summary>
    public TimeSpan KnownAddressDuration { get; set; } = TimeSpan.FromDays(30);

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

    /// <summary>
    /// Counts and durations must be usable: a limit of 0 would lock everyone out, a poll interval under 50 ms would busy the
    /// database, an origin that is not <c>scheme://host[:port]</c> would never match. Errors, not clamps: a typo must show.
    /// </summary>
    public void Check(SettingsCheck check)
    {
        check.AtLeast(nameof(MaxFailedSignIns), MaxFailedSignIns, 1);
        check.AtLeast(nameof(LockoutDuration), LockoutDuration, TimeSpan.FromSeconds(1));
        check.AtLeast(nameof(SessionLifetime), SessionLifetime, TimeSpan.FromMinutes(1));
        check.AtLeast(nameof(CacheDuration), CacheDuration, TimeSpan.Zero);
        check.AtLeast(nameof(ChangePollInterval), ChangePollInterval, TimeSpan.FromMilliseconds(50));
        check.AtLeast(nameof(RevalidationInterval), RevalidationInterval, TimeSpan.FromSeconds(1));
        check.AtLeast(nameof(LoginPostsPerMinute), LoginPostsPerMinute, 1);
        check.AtLeast(nameof(FailedSignInsPerAccountPerMinute), FailedSignInsPerAccountPerMinute, 1);
        check.AtLeast(nameof(KnownAddressDuration), KnownAddressDuration, TimeSpan.Zero);
        check.AtLeast(nameof(ApiRequestsPerSecond), ApiRequestsPerSecond, 1);
        check.AtLeast(nameof(MaxCircuitsPerUser), MaxCircuitsPerUser, 1);
        check.AtLeast(nameof(DisconnectedCircuitMaxRetained), DisconnectedCircuitMaxRetained, 0);
        check.AtLeast(nameof(DisconnectedCircuitRetention), DisconnectedCircuitRetention, TimeSpan.FromSeconds(1));
        check.That(CookieSecurePolicy is CookieSecurePolicy.SameAsRequest or CookieSecurePolicy.Always, nameof(CookieSecurePolicy),
            "must be SameAsRequest or Always", CookieSecurePolicy);
        for (var i = 0; i < AllowedOrigins.Length; i++)
            check.That(IsOrigin(AllowedOrigins[i]), $"{nameof(AllowedOrigins)}:{i}", "must be an origin such as https://cc.city.gov.cn[:port]",
                AllowedOrigins[i]);
    }

    /// <summary>An absolute http(s) URL with nothing after the host and port (a trailing "/" is tolerated).</summary>
    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}
