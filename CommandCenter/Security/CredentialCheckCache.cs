using System.Data.Common;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// The answers of credential checks on this node: is this API key live, this display device not revoked, what is this user's
/// security stamp. An answer is trusted for <see cref="SecurityOptions.CacheDuration"/>; the last answer read from the
/// database is also kept (not for "nothing found", so wrong keys do not grow it) and stands while the database is
/// unreachable. <see cref="SecurityChangeFeed"/> forgets both when a user, key or device changes on any node.
/// </summary>
public sealed class CredentialCheckCache(IMemoryCache cache, IOptions<SecurityOptions> options, ILogger<CredentialCheckCache> logger)
{
    public const string UserKind = "user";
    public const string ApiKeyKind = "apikey";
    public const string DeviceKind = "device";

    /// <summary>Counts forgets: an answer loaded while one happened may predate the change and is returned, not kept.</summary>
    private long _forgets;

    /// <summary>The cached answer about <paramref name="subject"/>, or the database's through <paramref name="load"/>.
    /// Throws the <see cref="DbException"/> when the database is unreachable and there is no last answer.</summary>
    public async Task<T> GetAsync<T>(string kind, string subject, Func<Task<T>> load)
    {
        var key = Key(kind, subject);
        var duration = options.Value.CacheDuration;
        if (duration > TimeSpan.Zero && cache.TryGetValue(key, out T? fresh)) return fresh!;
        var forgetsBefore = Interlocked.Read(ref _forgets);
        T value;
        try
        {
            value = await load();
        }
        catch (DbException ex) when (cache.TryGetValue(LastKnown(key), out T? last))
        {
            logger.LogWarning(ex, "Database unreachable checking {Key}; using the last known answer", key);
            return last!;
        }
        if (Interlocked.Read(ref _forgets) != forgetsBefore) return value;
        if (duration > TimeSpan.Zero) cache.Set(key, value, duration);
        if (value is null) cache.Remove(LastKnown(key));
        else cache.Set(LastKnown(key), value);
        return value;
    }

    /// <summary>Forgets the fresh and the last known answer about <paramref name="subject"/>.</summary>
    public void Forget(string kind, string subject)
    {
        var key = Key(kind, subject);
        Interlocked.Increment(ref _forgets);
        cache.Remove(key);
        cache.Remove(LastKnown(key));
    }

    private static string Key(string kind, string subject) => $"credential:{kind}:{subject}";

    private static string LastKnown(string key) => "last-known:" + key;
}
