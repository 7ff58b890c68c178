using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reports;
using Dapper;

namespace CommandCenter.Tests.Features.Reports;

public sealed class StoredTimeTests
{
    [Fact]
    public void Utc_TimesWrittenBySqlite_ReadTheSameAsTheDapperHandler()
    {
        using var db = TestDatabase.CreateMigrated();
        using var connection = db.Open();
        connection.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT NOT NULL)");
        var random = new Random(7);
        var times = Enumerable.Range(0, 2000)
            .Select(i => new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)(random.NextDouble() * TimeSpan.TicksPerDay * 3650)))
            .Concat([new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 31, 15, 59, 59, 999, DateTimeKind.Utc)])
            .ToList();
        foreach (var t in times) connection.Execute("INSERT INTO t (at) VALUES (@At)", new { At = DapperSetup.Normalize(t) });

        var raw = new List<object>();
        using (var reader = connection.ExecuteReader("SELECT at FROM t ORDER BY id"))
            while (reader.Read()) raw.Add(reader.GetValue(0));
        var handled = connection.Query<DateTime>("SELECT at FROM t ORDER BY id").ToList();

        Assert.Equal(handled, raw.Select(r => StoredTime.Utc(r)!.Value));
        Assert.All(raw, r => Assert.True(StoredTime.TryParseSortable((string)r, out _), (string)r));
    }

    [Theory]
    [InlineData("2026-10-31 23:30:00", "2026-10-31T23:30:00.0000000Z")]
    [InlineData("2026-10-31 23:30:00.1", "2026-10-31T23:30:00.1000000Z")]
    [InlineData("2026-10-31 23:30:00.1234567", "2026-10-31T23:30:00.1230000Z")]
    [InlineData("2026-10-31T23:30:00", "2026-10-31T23:30:00.0000000Z")]
    [InlineData("2026-10-31 23:30:00+08:00", "2026-10-31T15:30:00.0000000Z")]
    [InlineData("2026-10-31T15:30:00Z", "2026-10-31T15:30:00.0000000Z")]
    public void Utc_Text_IsUtcToTheMillisecond(string text, string expected) =>
        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.RoundtripKind), StoredTime.Utc(text));

    [Theory]
    [InlineData("2026-02-30 10:00:00")]
    [InlineData("2026-13-01 10:00:00")]
    [InlineData("2026-10-31 24:00:00")]
    [InlineData("2026-10-31 23:30")]
    [InlineData("2026-10-31 23:30:00.")]
    public void TryParseSortable_NotASortableTime_IsFalse(string text) =>
        Assert.False(StoredTime.TryParseSortable(text, out _));

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/St_Johns")]
    [InlineData("Australia/Lord_Howe")]
    public void LocalClock_EveryQuarterHourAndRandomInstantsAcrossYears_EqualsTheCalendar(string zone)
    {
        var calendar = BusinessCalendar.For(zone);
        var clock = new LocalClock(calendar.Zone);
        var random = new Random(3);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // Every minute of three years would be slow; every 7 minutes plus random instants crosses every transition.
        for (var t = start; t < start.AddYears(3); t = t.AddMinutes(7))
        {
            var jittered = t.AddTicks((long)(random.NextDouble() * TimeSpan.TicksPerMinute * 7));
            Assert.Equal(calendar.ToLocal(jittered), clock.ToLocal(jittered));
        }
    }
}
