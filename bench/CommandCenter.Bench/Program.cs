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
//   import [cases] [options…]    `CommandCenter import FILE.ndjson [--batch N] [--indexes auto|keep|defer]` of generated cases with
//                                their events, in a child process as a user runs it (cases per second)
//   ingest [seconds] [clients] [warm-up seconds] [--App:Setting=value…]  (settings go to the app, e.g. --Database:SqliteSynchronous=Normal)
//                                the real app on loopback, clients posting cases and steps (events per second, zero loss)
//   live-latency                 a case written → the snapshot counting it at a hub client: p50/p95/p99 [pollMs, default 500]
//   live-qps                     SQL statements per second the node runs with 1 and with 200 hub clients [seconds per phase, default 20]
//   live-fanout                  publish → receipt at 1,000 hub clients (in a second process): p50/p95/p99 [clients, default 1000]
//   live-rebuild                 the SQL rebuild of the snapshot over 1,000,000 generated cases [cases]
//   hub-bytes [updates]          bytes per update at a hub client: whole snapshots against deltas, JSON against MessagePack (demo city)
//   live-fold                    events folded into the working set per second [events, default 1,000,000]
//   road-responsibility          the /schedule table of a week and of a month on the demo city
//   wall-latency [cases]         a case posted → in the wall's ticker in Chromium: p50/p95/p99 [cases, default 60]
//   wall-circuits [circuits] [hub clients] [posts]
//                                app memory per live wall circuit (slope over 0, ¼, ½, all) and post → ticker delivery with
//                                the circuits and hub clients live [100] [1000] [30]
//   circuits [N] [hub clients] [seconds]  N browserless wall circuits (CircuitClient.cs) + 1,000 hub clients, the simulator at
//                                ≈ 120 events a minute: snapshot → render batch p50/p95/p99, CPU per snapshot, memory per circuit [100] [1000] [60];
//                                `circuits verify [M]` checks the browserless client against Chromium (render batches, memory)
//   soak [minutes] [circuits] [hub clients] [cases a second]  30 minutes of 100 browserless walls, 1,000 hub clients, the
//                                simulator at ≈ 120 events a minute and an API writer at 20 cases a second: memory, handles and threads
//                                over time (slopes), subscriptions left behind, the app's warnings and errors, every posted case counted
//   map [open cases] [updates]   the wall's 案件地图 with [20,000] open cases in Chromium: the first drawing, case posted → point
//                                drawn (p50/p95), bytes to the circuit per update, app CPU per update, a map circuit's memory
//   bdn [BenchmarkDotNet options]  the BenchmarkDotNet cases (SnapshotDiffBenchmark), e.g. bdn --job short --inProcess --filter '*SnapshotDiff*'
//   cases [cases]                the case desk on a database of [1,000,000] cases: p95 of the first and the 50th page of two
//                                filtered lists, and the export of 100,000 rows to CSV and xlsx (time and peak memory)
//   report                       the monthly report of a 25,000- and a 100,000-case month to xlsx: time and peak memory (each in its own process)
var name = args.FirstOrDefault() ?? "seed";
return name switch
{
    "seed" => await SeedBenchmark.RunAsync(),
    "import" => await ImportBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 200_000, args.Skip(2).ToArray()),
    "ingest" => await IngestBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 30, args.Length > 2 ? int.Parse(args[2]) : 16,
        args.Length > 3 ? int.Parse(args[3]) : 30, args.Skip(4).ToArray()),
    "live-latency" => await LiveBenchmarks.LatencyAsync(args),
    "live-qps" => await LiveBenchmarks.QueriesPerSecondAsync(args),
    "live-fanout" => await LiveBenchmarks.FanOutAsync(args),
    "live-fanout-clients" => await LiveBenchmarks.FanOutClientsAsync(args),
    "live-rebuild" => await LiveBenchmarks.RebuildAsync(args),
    "live-fold" => await LiveBenchmarks.FoldAsync(args),
    "hub-bytes" => await HubBytesBenchmark.RunAsync(args),
    "bdn" => RunBenchmarkDotNet(args.Skip(1).ToArray()),
    "report" => await ReportBenchmark.RunAsync(args.Skip(1).ToArray()),
    ReportBenchmark.ExportCommand => await ReportBenchmark.ExportAsync(args[1]),
    "cases" => await CaseDeskBenchmark.RunAsync(args),
    CaseDeskBenchmark.ExportCommand => await CaseDeskBenchmark.ExportAsync(args[1], args[2], args[3]),
    "road-responsibility" => await RoadResponsibilityBenchmark.RunAsync(),
    "wall-latency" => await WallLatencyBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 60),
    "wall-circuits" => await WallCircuitsBenchmark.RunAsync(args),
    "circuits" => await CircuitsBenchmark.RunAsync(args),
    "soak" => await SoakBenchmark.RunAsync(args),
    "map" => await MapBenchmark.RunAsync(args),
    _ => Usage(),
};

static int RunBenchmarkDotNet(string[] options)
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(SnapshotDiffBenchmark).Assembly).Run(options);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: CommandCenter.Bench seed | import [cases] [--batch N] [--indexes auto|keep|defer] | ingest [seconds] [clients] [warm-up] [--App:Setting=value…] | live-latency | live-qps | live-fanout | live-rebuild | live-fold | hub-bytes [updates] | road-responsibility | wall-latency [cases] | wall-circuits [circuits] [hub clients] [posts] | circuits [N] [hub clients] [seconds] | soak [minutes] [circuits] [hub clients] [cases a second] | map [open cases] [updates] | bdn [BenchmarkDotNet options] | report [cases…] | cases [cases]");
    return 2;
}

internal static class SeedBenchmark
{
    public static async Task<int> RunAsync()
    {
        using var city = DemoDatabase.Create();
        var (connections, seeder) = (city.Connections, city.Seeder);
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
}
