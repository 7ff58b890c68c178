using System.Diagnostics;
using System.Text.Json;
using CommandCenter.Cli;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Reference;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// Seeds the demo city (its reference data and ~39,000 cases) into a fresh SQLite file, writes an ndjson file of
/// <c>count</c> cases with their events against that reference data, and times <c>CommandCenter import FILE [options]</c> on
/// it in a child process, as a user runs it (process start, migrations and the rebuilding of set-aside indexes included),
/// then runs it again (everything skipped). Checks that every line went in once and every index is back.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<int> RunAsync(int count, string[] options)
    {
        using var city = DemoDatabase.Create("cc-bench-import");
        var db = city.File;
        var file = Path.ChangeExtension(db, ".ndjson");
        var reference = city.Reference;
        try
        {
            await city.Seeder.SeedAsync(DateTime.UtcNow, CancellationToken.None);
            var (casesBefore, eventsBefore) = DemoDatabase.Counts(db);

            var watch = Stopwatch.StartNew();
            var events = Generate(file, count, await reference.GetAsync());
            Console.WriteLine($"generated {count:N0} cases with {events:N0} steps into {new FileInfo(file).Length / 1024 / 1024:N0} MB in {watch.Elapsed.TotalSeconds:F1} s");
            SqliteConnection.ClearAllPools();
            var indexesBefore = Indexes(db);

            // The real command in its own process, as a user runs it: the app's runtime settings (server GC) and its start included.
            var app = Path.Combine(AppContext.BaseDirectory, "CommandCenter.dll");
            string[] import = ["import", file, .. options, $"--ConnectionStrings:CommandCenter=Data Source={db}"];
            var cpu = ChildrenCpu();
            watch.Restart();
            var (exit, output) = await WallLatencyBenchmark.RunCommandAsync(app, import);
            var first = watch.Elapsed;
            var firstCpu = ChildrenCpu() - cpu;
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(" lines read: ")))
                Console.WriteLine($"  | {line}");
            watch.Restart();
            var (again, _) = await WallLatencyBenchmark.RunCommandAsync(app, import);
            var second = watch.Elapsed;

            var (casesAfter, eventsAfter) = DemoDatabase.Counts(db);
            var added = casesAfter - casesBefore;
            Console.WriteLine($"import: {added:N0} cases, {eventsAfter - eventsBefore:N0} events in {first.TotalSeconds:F1} s (whole process) " +
                              $"= {added / first.TotalSeconds:N0} cases/s, {(eventsAfter - eventsBefore) / first.TotalSeconds:N0} events/s; exit code {exit}");
            Console.WriteLine($"import CPU time {firstCpu.TotalSeconds:F1} s = {added / firstCpu.TotalSeconds:N0} cases per CPU-second " +
                              $"(the machine's other load: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} runnable)");
            Console.WriteLine($"second run (all skipped): {second.TotalSeconds:F1} s; exit code {again}");
            var indexesAfter = Indexes(db);
            Console.WriteLine($"indexes on cases and case_events: {indexesBefore.Count} before, {indexesAfter.Count} after");
            var ok = exit == 0 && again == 0 && added == count && eventsAfter - eventsBefore == count + events
                     && indexesAfter.SequenceEqual(indexesBefore);
            Console.WriteLine(ok ? "every line in once, every index back: OK" : "MISMATCH between the file and the rows, or an index missing");
            return ok ? 0 : 1;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>CPU time of the child processes this one has waited for.</summary>
    private static TimeSpan ChildrenCpu()
    {
        var (user, system) = IngestBenchmark.CpuTimes(Environment.ProcessId, children: true);
        return user + system;
    }

    private static List<string> Indexes(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'case_events') AND sql IS NOT NULL ORDER BY name";
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    /// <summary>Cases over the last 300 days in the order they were reported, most of them through the whole closed loop; returns the number of steps.</summary>
    private static long Generate(string file, int count, ReferenceData refData)
    {
        var random = new Random(42);
        var grids = refData.Regions.Where(r => r.Level == "grid").ToArray();
        var categories = refData.Categories.ToArray();
        var departments = refData.Departments.ToArray();
        // A case's road lies in its street (the intake refuses a road of another street).
        var roadsOfStreet = refData.Roads.GroupBy(r => r.StreetId).ToDictionary(g => g.Key, g => g.Select(r => r.Code).ToArray());
        var start = DateTimeOffset.UtcNow.AddDays(-300);
        var china = TimeSpan.FromHours(8);
        // In the order of reporting, as a history export from another system comes.
        var reportedAt = Enumerable.Range(0, count).Select(_ => start.AddSeconds(random.NextDouble() * 299 * 86400)).Order().ToArray();
        long steps = 0;
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var json = new Utf8JsonWriter(stream);
        for (var i = 0; i < count; i++)
        {
            var category = categories[random.Next(categories.Length)];
            var department = category.DepartmentId is { } d ? refData.DepartmentsById[d].Code : departments[random.Next(departments.Length)].Code;
            var t = reportedAt[i].ToOffset(china);
            json.WriteStartObject();
            json.WriteString("externalId", $"bench-{i:D8}");
            json.WriteString("source", ((CaseSource)random.Next(6)).Code());
            json.WriteString("categoryCode", category.Code);
            var grid = grids[random.Next(grids.Length)];
            json.WriteString("regionCode", grid.Code);
            if (random.Next(3) == 0 && roadsOfStreet.TryGetValue(refData.StreetOf(grid)!.Id, out var roads))
                json.WriteString("roadCode", roads[random.Next(roads.Length)]);
            json.WriteString("description", $"{category.Name} 第 {i} 件");
            json.WriteString("address", $"测试路 {random.Next(1, 300)} 号");
            json.WriteNumber("lat", 36.9 + random.NextDouble() * 0.2);
            json.WriteNumber("lng", 117.1 + random.NextDouble() * 0.2);
            json.WriteString("reporterPhone", $"138{random.Next(10_000_000, 99_999_999)}");
            json.WriteBoolean("isUrgent", random.Next(20) == 0);
            json.WriteString("reportedAt", t.ToString("yyyy-MM-ddTHH:mm:sszzz"));
            json.WriteStartArray("events");
            void Step(string type, string? field = null, object? value = null)
            {
                t = t.AddMinutes(random.Next(5, 240));
                json.WriteStartObject();
                json.WriteString("eventId", $"bench-{i:D8}-{steps++}");
                json.WriteString("type", type);
                json.WriteString("at", t.ToString("yyyy-MM-ddTHH:mm:sszzz"));
                switch (value)
                {
                    case string s: json.WriteString(field!, s); break;
                    case bool b: json.WriteBoolean(field!, b); break;
                }
                json.WriteEndObject();
            }
            if (random.Next(20) == 0) Step("reject");
            else
            {
                Step("register");
                Step("dispatch", "departmentCode", department);
                Step("resolve", "method", ((ResolutionMethod)random.Next(3)).Code());
                Step("verify", "passed", true);
                if (random.Next(4) == 0) Step("satisfaction", "rating", ((SatisfactionRating)random.Next(2)).Code());
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
            json.Reset();
        }
        return steps;
    }
}
