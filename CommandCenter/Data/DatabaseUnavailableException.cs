using System.Data.Common;

namespace CommandCenter.Data;

/// <summary>
/// The database cannot be used now: it cannot be opened, or (SQLite) the file the app opened is no longer the one at its path —
/// deleted, renamed away, its folder removed, or replaced by another file. Nothing may be acknowledged as written:
/// <see cref="DatabaseUnavailableAnswer"/> turns it into 503 with Retry-After, <c>/health</c> into Unhealthy, the live feed into stale.
/// A <see cref="DbException"/>, so code that already rides out database errors (the live feed, the cached credentials) does so for it too.
/// </summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : DbException(message, inner);
