using System.Diagnostics;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Reference;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Benchmarks of CommandCenter, run with: dotnet run -c Release --project bench/CommandCenter.Bench -- <name>
//   seed                         the demo city into a fresh SQLite file: the write path's throughput (cases and events per second)
//   import [cases]               `CommandCenter import FILE.ndjson` of generated cases with their events (cases per second)
//   ingest [seconds] [clients] [warm-up seconds]
//                                the real app on loopback, clients posting cases and steps (events per second, zero loss)
var name = args.FirstOrDefault() ?? "seed";
return name switch
{
    "seed" => await SeedBenchmark.RunAsync(),
    "import" => await ImportBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 200_000),
    "ingest" => await IngestBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 30, args.Length > 2 ? int.Parse(args[2]) : 16,
        args.Length > 3 ? int.Parse(args[3]) : 30),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CommandCenter.Bench seed | import [cases] | ingest [seconds] [clients] [warm-up seconds]");
    return 2;
}

internal static class SeedBenchmark
{
    public static async Task<int> RunAsync()
    {
        DapperSetup.Configure();
        var file = Path.Combine(Path.GetTempPath(), $"cc-bench-{Guid.NewGuid():N}.db");
        var options = new DatabaseOptions { ConnectionString = $"Data Source={file}" };
        try
        {
            new DatabaseMigrator(options, NullLogger<DatabaseMigrator>.Instance).Migrate();
            var connections = new DbConnectionFactory(options);
            var calendar = BusinessCalendar.For("Asia/Shanghai");
            var reference = new ReferenceCatalog(connections);
            var cases = new CaseService(connections, reference, TimeProvider.System, calendar);
            var seeder = new DemoCitySeeder(connections, reference, cases, calendar, Options.Create(new DemoOptions()), NullLogger<DemoCitySeeder>.Instance);

            var watch = Stopwatch.StartNew();
            await seeder.SeedAsync(DateTime.UtcNow, CancellationToken.None);
            watch.Stop();

            await using var connection = await connections.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM case_events)";
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (caseCount, eventCount) = (reader.GetInt64(0), reader.GetInt64(1));
            Console.WriteLine($"demo seed: {caseCount:N0} cases, {eventCount:N0} events in {watch.Elapsed.TotalSeconds:F1} s " +
                              $"= {caseCount / watch.Elapsed.TotalSeconds:N0} cases/s, {eventCount / watch.Elapsed.TotalSeconds:N0} events/s");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }
}
