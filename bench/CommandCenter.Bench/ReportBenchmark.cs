using System.Diagnostics;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The monthly report of a big month to xlsx (quality bar: 100,000 cases ≤ 5 s, memory bounded). For each size a fresh
/// SQLite file gets a city and the month's cases by direct SQL in one transaction; the export then runs in a child process
/// of its own, so its peak working set is the export's alone and sizes can be compared.
/// </summary>
internal static class ReportBenchmark
{
    public const string ExportCommand = "report-export";
    private static readonly Period Month = Period.Month(2026, 10);
    private static readonly BusinessCalendar Calendar = BusinessCalendar.For("Asia/Shanghai");

    public static async Task<int> RunAsync(string[] sizes)
    {
        DapperSetup.Configure();
        var counts = sizes.Length > 0 ? sizes.Select(int.Parse).ToArray() : [25_000, 100_000];
        foreach (var count in counts)
        {
            var file = Path.Combine(Path.GetTempPath(), $"cc-bench-report-{Guid.NewGuid():N}.db");
            try
            {
                var options = new DatabaseOptions { ConnectionString = $"Data Source={file}" };
                new DatabaseMigrator(options, NullLogger<DatabaseMigrator>.Instance).Migrate();
                var insert = Stopwatch.StartNew();
                Insert(file, count);
                insert.Stop();
                Console.WriteLine($"{count:N0} cases inserted in {insert.Elapsed.TotalSeconds:F1} s");
                SqliteConnection.ClearAllPools();

                using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, [ExportCommand, file])
                {
                    RedirectStandardOutput = true,
                })!;
                Console.Write(await child.StandardOutput.ReadToEndAsync());
                await child.WaitForExitAsync();
                if (child.ExitCode != 0) return child.ExitCode;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            }
        }
        return 0;
    }

    /// <summary>The child: the whole xlsx export of the month into a temporary file, as the API does it.</summary>
    public static async Task<int> ExportAsync(string file)
    {
        DapperSetup.Configure();
        var connections = new DbConnectionFactory(new DatabaseOptions { ConnectionString = $"Data Source={file}" });
        var reference = new ReferenceCatalog(connections);
        var reports = new MonthlyReportQuery(connections, reference, new IndicatorsQuery(connections, reference),
            new RoadResponsibilityQuery(connections, Calendar, TimeProvider.System), new LifecycleStepsQuery(connections, reference, Calendar), Calendar,
            new CompositeWeights());
        var details = new CaseDetailQuery(connections, reference, Calendar);
        await reference.GetAsync();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var request = new MonthlyReportRequest(Month, ReportScope.City);
        var now = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

        // The first export pays the JIT; the second is what a running server does for the next person.
        foreach (var run in new[] { "first export in the process", "second export (warm)" })
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var output = Path.Combine(Path.GetTempPath(), $"cc-bench-report-{Guid.NewGuid():N}.xlsx");
            var watch = Stopwatch.StartNew();
            long rows;
            TimeSpan figures, figuresCpu;
            await using (var stream = new FileStream(output, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                             FileOptions.Asynchronous))
            {
                var report = await reports.GetAsync(request, now);
                rows = report.Current.Reported;
                process.Refresh();
                (figures, figuresCpu) = (watch.Elapsed, process.TotalProcessorTime - cpuBefore);
                await using var connection = await details.OpenAsync();
                await MonthlyReportWorkbook.WriteAsync(stream, report, await details.ReadAsync(connection, request, report.AsOfUtc, showPhone: false));
            }
            watch.Stop();
            process.Refresh();
            var size = new FileInfo(output).Length;
            File.Delete(output);
            Console.WriteLine($"  {run}: xlsx of {rows:N0} cases in {watch.Elapsed.TotalSeconds:F2} s " +
                              $"({(process.TotalProcessorTime - cpuBefore).TotalSeconds:F2} s CPU; small sheets' figures " +
                              $"{figures.TotalSeconds:F2} s, {figuresCpu.TotalSeconds:F2} s CPU), {size / 1024.0 / 1024.0:F1} MiB file, " +
                              $"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / 1024.0:F0} MiB");
        }
        Console.WriteLine($"  peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB (before the exports " +
                          $"{baseline / 1024.0 / 1024.0:F0} MiB), managed heap after {GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024.0:F0} MiB");
        SqliteConnection.ClearAllPools();
        return 0;
    }

    /// <summary>A district of 10 streets, 6 departments, 8 categories, and <paramref name="count"/> cases reported in the month.</summary>
    private static void Insert(string file, int count)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var tx = connection.BeginTransaction();
        // Street ids 2–11, department ids 1–6, category i (24·i hours) dispatched to department 1 + i % 6: the cases below use them.
        var city = new TestCity().District(id: 1);
        for (var i = 1; i <= 10; i++) city.Street($"S{i:00}", $"街道{i}", id: 1 + i);
        for (var i = 1; i <= 6; i++) city.Department($"dep{i}", $"部门{i}", id: i);
        for (var i = 1; i <= 8; i++)
            city.Category($"cat{i}", $"类别{i}", CategoryKind.Event, hours: 24 * i, urgentHours: 4, $"dep{1 + i % 6}", id: i);
        city.Write(connection, tx);

        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO cases (case_no, source, category_id, region_id, street_id, description, address, reporter_phone, is_urgent, status,
                               level, department_id, method, rating, rework_count, reported_at, registered_at, dispatched_at, deadline_at,
                               resolved_at, closed_at, rated_at, last_step_at)
            VALUES ($no, $source, $category, $street, $street, $description, $address, $phone, 0, $status, 'grid', $department, $method,
                    $rating, $rework, $reported, $registered, $dispatched, $deadline, $resolved, $closed, $rated, $reported)
            """;
        string[] names = ["no", "source", "category", "street", "description", "address", "phone", "status", "department", "method",
            "rating", "rework", "reported", "registered", "dispatched", "deadline", "resolved", "closed", "rated"];
        var parameters = names.ToDictionary(n => n, n => command.Parameters.Add(new SqliteParameter("$" + n, null)));
        command.Prepare();

        string[] sources = ["supervisor", "hotline", "grid", "leader", "sensor", "app"];
        string[] methods = ["service", "service", "service", "service", "service", "service", "service", "management", "management", "enforcement"];
        string[] ratings = ["verysatisfied", "satisfied", "dissatisfied"];
        var random = new Random(100_000);
        var range = Calendar.ToUtc(Month);
        var minutes = (range.ToUtc - range.FromUtc).TotalMinutes;
        static object T(DateTime? t) => t is { } v ? DapperSetup.Normalize(v).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF") : DBNull.Value;
        for (var i = 0; i < count; i++)
        {
            var reported = range.FromUtc.AddMinutes(minutes * i / count);
            var category = 1 + random.Next(8);
            var registered = reported.AddMinutes(random.Next(5, 120));
            var dispatched = registered.AddMinutes(random.Next(1, 60));
            var deadline = dispatched.AddHours(24 * category);
            var open = random.Next(20) == 0;
            var resolved = open ? (DateTime?)null : dispatched.AddHours(random.NextDouble() * 30 * category);
            var closed = resolved?.AddHours(random.NextDouble() * 8);
            var rated = closed is { } c && random.Next(3) == 0 ? c.AddHours(random.Next(1, 48)) : (DateTime?)null;
            parameters["no"].Value = $"B{i:D7}";
            parameters["source"].Value = sources[random.Next(sources.Length)];
            parameters["category"].Value = category;
            parameters["street"].Value = 2 + random.Next(10);
            parameters["description"].Value = $"巡查发现问题，编号 {i}，位置描述：\"路口\"东侧，需尽快处置";
            parameters["address"].Value = $"纬{1 + random.Next(12)}路 {random.Next(1, 300)} 号";
            parameters["phone"].Value = $"13{random.Next(100_000_000, 999_999_999)}";
            parameters["status"].Value = closed is not null ? "closed" : "dispatched";
            parameters["department"].Value = 1 + category % 6;
            parameters["method"].Value = resolved is null ? DBNull.Value : methods[random.Next(methods.Length)];
            parameters["rating"].Value = rated is null ? DBNull.Value : ratings[random.Next(ratings.Length)];
            parameters["rework"].Value = random.Next(12) == 0 ? 1 : 0;
            parameters["reported"].Value = T(reported);
            parameters["registered"].Value = T(registered);
            parameters["dispatched"].Value = T(dispatched);
            parameters["deadline"].Value = T(deadline);
            parameters["resolved"].Value = T(resolved);
            parameters["closed"].Value = T(closed);
            parameters["rated"].Value = T(rated);
            command.ExecuteNonQuery();
        }
        tx.Commit();
    }
}
