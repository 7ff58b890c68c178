using CommandCenter.Extensions;

namespace CommandCenter.Features.Live;

/// <summary>
/// The section <c>LiveFeed</c> as an operator writes it. A value out of range stops the start (it used to be clamped
/// silently, so a typo such as 10 for 1000 ms ran at 50 ms without a word).
/// </summary>
public sealed class LiveFeedSettings : ICheckedSettings
{
    /// <summary>How often each node reads the change feed, in milliseconds (50–60,000; 250–500 recommended).</summary>
    public int PollIntervalMs { get; set; } = 500;

    /// <summary>Minutes between scheduled rebuilds of the snapshot from SQL (0 = never; at most a day, midnight rebuilds anyway).</summary>
    public double RebuildMinutes { get; set; } = 15;

    /// <summary>Longest gap between two published snapshots on a quiet feed, in seconds (1–3,600).</summary>
    public double HeartbeatSeconds { get; set; } = 10;

    public void Check(SettingsCheck check)
    {
        check.Between(nameof(PollIntervalMs), PollIntervalMs, 50, 60_000);
        check.Between(nameof(RebuildMinutes), RebuildMinutes, 0, 1440);
        check.Between(nameof(HeartbeatSeconds), HeartbeatSeconds, 1, 3600);
    }
}

/// <summary>What the <see cref="DashboardTailer"/> runs on: <see cref="LiveFeedSettings"/> as times, plus knobs only tests turn.</summary>
public sealed class LiveFeedOptions
{
    private static readonly LiveFeedSettings Defaults = new();

    /// <summary>How often the change feed is read (<c>LiveFeed:PollIntervalMs</c>).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(Defaults.PollIntervalMs);

    /// <summary>How often the snapshot is rebuilt from SQL besides start and local midnight (<c>LiveFeed:RebuildMinutes</c>; 0 = never).</summary>
    public TimeSpan RebuildInterval { get; init; } = TimeSpan.FromMinutes(Defaults.RebuildMinutes);

    /// <summary>How often time-driven figures (overdue, the hour, the day) are re-evaluated without a new event.</summary>
    public TimeSpan ClockInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Rebuild when the local date changes (the day's figures start from SQL). Off only in tests that prove the fold.</summary>
    public bool RebuildAtMidnight { get; init; } = true;

    /// <summary>
    /// The longest time between two published snapshots while nothing changes (<c>LiveFeed:HeartbeatSeconds</c>): each says
    /// when the feed was last read, so a wall tells a quiet night from a dead feed.
    /// </summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(Defaults.HeartbeatSeconds);

    /// <summary>The longest wait between two tries while the database is unreachable.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    public static LiveFeedOptions From(LiveFeedSettings settings) => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(settings.PollIntervalMs),
        RebuildInterval = TimeSpan.FromMinutes(settings.RebuildMinutes),
        Heartbeat = TimeSpan.FromSeconds(settings.HeartbeatSeconds),
    };
}

/// <summary>
/// The section <c>Redis</c>: a SignalR backplane for several nodes. Read while the app is composed (it decides whether the
/// hub gets the backplane), so a malformed string stops the app before it is built.
/// </summary>
public sealed class RedisSettings : ICheckedSettings
{
    /// <summary>A StackExchange.Redis configuration string, e.g. "redis01:6379,password=...,ssl=True". Empty: one node, no backplane.</summary>
    public string Configuration { get; set; } = "";

    public void Check(SettingsCheck check)
    {
        if (Configuration.Length == 0) return;
        string? error = null;
        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(Configuration);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
        }
        // The value may hold a password: the message names the problem, not the string.
        check.Holds(error is null, $"{check.Key(nameof(Configuration))} is not a Redis configuration string: {error}");
    }
}
