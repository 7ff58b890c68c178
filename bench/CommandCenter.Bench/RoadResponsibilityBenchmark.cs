using System.Diagnostics;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Reference;
using CommandCenter.Features.RoadResponsibility;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// The road-responsibility table (/schedule, wall boards, monthly report) on the demo city in SQLite: one week and one month,
/// each read 30 times after a warm-up; prints the median and the slowest read.
/// </summary>
internal static class RoadResponsibilityBenchmark
{
    private const int Runs = 30;

    public static async Task<int> RunAsync()
    {
        using var city = DemoDatabase.Create();
        var (connections, calendar) = (city.Connections, city.Calendar);
        var now = DateTime.UtcNow;
        await city.Seeder.SeedAsync(now, CancellationToken.None);
        await using (var connection = await connections.OpenAsync())
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM cases WHERE road_id IS NOT NULL), (SELECT COUNT(*) FROM patrols)";
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine($"demo city: {reader.GetInt64(0):N0} cases, {reader.GetInt64(1):N0} on roads, {reader.GetInt64(2):N0} patrols");
        }

        var query = new RoadResponsibilityQuery(connections, calendar, TimeProvider.System);
        var lastWeek = calendar.ThisWeek(now).Previous();
        var lastMonth = calendar.ThisMonth(now).Previous();
        var monthRange = calendar.ToUtc(lastMonth);
        await Measure($"week {lastWeek.Label}", () => query.GetWeekAsync(lastWeek));
        await Measure($"month {lastMonth.Label}", () => query.GetAsync(monthRange, monthRange.ToUtc, calendar.LocalDate(now)));
        return 0;
    }

    private static async Task Measure(string what, Func<Task<IReadOnlyList<RoadResponsibilityRow>>> read)
    {
        var rows = await read();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await read();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"road responsibility, {what}: {rows.Count} rows, median {times[Runs / 2]:F1} ms, slowest {times[^1]:F1} ms ({Runs} reads)");
    }
}
