using System.Data;
using System.Globalization;
using CommandCenter.Data;

namespace CommandCenter.Features.Reports;

/// <summary>
/// Fast paths for the 明细's times, read 100,000 rows × 8 times a month: a stored time without <c>DateTime.Parse</c>, and
/// UTC → local without a time-zone lookup per value. Both give exactly what <see cref="DapperSetup"/> and
/// <see cref="Domain.BusinessCalendar.ToLocal"/> give (a test compares them).
/// </summary>
public static class StoredTime
{
    /// <summary>A time as read raw from either engine: SQL Server's datetime2, or SQLite's sortable text.</summary>
    public static DateTime? Utc(object? value) => value switch
    {
        null or DBNull => null,
        DateTime t => DapperSetup.Normalize(t),
        string s when TryParseSortable(s, out var t) => t,
        string s => DapperSetup.Normalize(DateTime.Parse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a time."),
    };

    /// <summary>
    /// <c>yyyy-MM-dd HH:mm:ss</c> with an optional fraction of up to 7 digits (how Microsoft.Data.Sqlite writes a DateTime),
    /// as UTC truncated to the millisecond; false for anything else (the caller then parses the slow, general way).
    /// </summary>
    public static bool TryParseSortable(ReadOnlySpan<char> s, out DateTime utc)
    {
        utc = default;
        if (s.Length < 19 || s.Length == 20 || s.Length > 27 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T')
            || s[13] != ':' || s[16] != ':' || (s.Length > 19 && s[19] != '.')) return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)) return false;
        var fraction = 0;
        var fractionDigits = s.Length - 20;
        if (fractionDigits > 0 && !Digits(s, 20, fractionDigits, out fraction)) return false;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59
            || second > 59 || year < 1) return false;
        var ticks = fraction * Pow10[7 - Math.Max(0, fractionDigits)];
        var value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        utc = new DateTime(value.Ticks - value.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        return true;
    }

    private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }
}

/// <summary>
/// UTC → local in one zone, the offset cached per 15-minute UTC slot: every offset change of the tz database happens on
/// a quarter-hour, so within a slot the offset is one value. One instance per export (not thread-safe).
/// </summary>
public sealed class LocalClock(TimeZoneInfo zone)
{
    private const long SlotTicks = 15 * TimeSpan.TicksPerMinute;
    private readonly Dictionary<long, TimeSpan> _offsets = [];

    public DateTime ToLocal(DateTime utc)
    {
        var slot = utc.Ticks / SlotTicks;
        if (!_offsets.TryGetValue(slot, out var offset))
            _offsets[slot] = offset = zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return DateTime.SpecifyKind(utc + offset, DateTimeKind.Unspecified);
    }
}
