using System.Collections;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;

/// <summary>
/// The tailer's "did a figure change?" check on two equal snapshots of a 12-street, 15-department city (every figure
/// compared, the common case): the typed <see cref="SnapshotDiff"/> against the reflection walk it replaced.
/// Run: dotnet run -c Release --project bench/CommandCenter.Bench -- bdn --job short --inProcess --filter '*SnapshotDiff*'
/// </summary>
[MemoryDiagnoser]
public class SnapshotDiffBenchmark
{
    private DashboardSnapshot _a = null!;
    private DashboardSnapshot _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        var calendar = BusinessCalendar.For("Asia/Shanghai");
        var reference = LiveBenchmarks.SyntheticReference();
        var now = new DateTime(2026, 11, 20, 6, 0, 0, DateTimeKind.Utc);
        var random = new Random(5);
        var state = new DashboardState(reference, calendar, 0, 0, [], [], new Dictionary<string, CallbackCounts>(), [], now);
        long id = 0;
        for (var c = 1; c <= 2000; c++)
        {
            var at = now.AddMinutes(-random.Next(0, 20 * 24 * 60));
            state.Add(new LiveCase { Id = c, CaseNo = $"B{c}", CategoryId = 1 + random.Next(40), StreetId = 1 + random.Next(12),
                RoadId = 1 + random.Next(12), Description = "井盖缺失", ReportedAt = at }, []);
            state.Apply(new LiveEvent(++id, c, CaseStep.Report, at, at));
            state.Apply(new LiveEvent(++id, c, CaseStep.Register, at.AddMinutes(5), at));
            state.Apply(new LiveEvent(++id, c, CaseStep.Dispatch, at.AddMinutes(9), at, DepartmentId: 1 + random.Next(15), DeadlineAt: at.AddHours(48)));
            if (random.Next(3) == 0) continue;
            state.Apply(new LiveEvent(++id, c, CaseStep.Resolve, at.AddHours(20), at, Method: ResolutionMethod.Service));
            state.Apply(new LiveEvent(++id, c, CaseStep.Verify, at.AddHours(22), at, Passed: true));
            state.Apply(new LiveEvent(++id, c, CaseStep.Satisfaction, at.AddHours(30), at, Rating: SatisfactionRating.Satisfied));
        }
        _a = DashboardProjection.Build(state, now, new CompositeWeights());
        _b = DashboardProjection.Build(state, now, new CompositeWeights());
    }

    [Benchmark(Baseline = true)]
    public bool Reflection() => ReflectionSnapshotDiff.FirstDifference(_a, _b) is null;

    [Benchmark]
    public bool Typed() => SnapshotDiff.SameFigures(_a, _b);
}

/// <summary>SnapshotDiff as it was before it listed the figures: a reflection walk with a skip list. Kept as the baseline.</summary>
internal static class ReflectionSnapshotDiff
{
    private static readonly HashSet<string> Bookkeeping =
        [nameof(DashboardSnapshot.Version), nameof(DashboardSnapshot.DataAsOf), nameof(DashboardSnapshot.CheckedAt), nameof(DashboardSnapshot.FreshAsOf)];

    /// <param name="tolerance">Relative tolerance for doubles (sums of hours read from SQL differ in the last bits).</param>
    public static string? FirstDifference(DashboardSnapshot? a, DashboardSnapshot? b, double tolerance = 0)
    {
        if (a is null || b is null) return a is null && b is null ? null : "(snapshot)";
        foreach (var p in typeof(DashboardSnapshot).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (Bookkeeping.Contains(p.Name)) continue;
            if (Compare(p.GetValue(a), p.GetValue(b), p.Name, tolerance) is { } diff) return diff;
        }
        return null;
    }

    public static bool SameFigures(DashboardSnapshot? a, DashboardSnapshot? b) => FirstDifference(a, b) is null;

    private static string? Compare(object? x, object? y, string path, double tolerance)
    {
        if (x is null || y is null) return x is null && y is null ? null : $"{path}: {Show(x)} ≠ {Show(y)}";
        var type = x.GetType();
        if (type != y.GetType()) return $"{path}: {type.Name} ≠ {y.GetType().Name}";
        switch (x)
        {
            case double dx:
                var dy = (double)y;
                return dx.Equals(dy) || Math.Abs(dx - dy) <= tolerance * Math.Max(1, Math.Max(Math.Abs(dx), Math.Abs(dy)))
                    ? null : $"{path}: {dx} ≠ {dy}";
            case string or DateTime or DateOnly or bool or long or int or Enum:
                return x.Equals(y) ? null : $"{path}: {Show(x)} ≠ {Show(y)}";
            case IList lx:
                var ly = (IList)y;
                for (var i = 0; i < Math.Min(lx.Count, ly.Count); i++)
                    if (Compare(lx[i], ly[i], $"{path}[{i}]", tolerance) is { } diff) return diff;
                return lx.Count == ly.Count ? null : $"{path}.Count: {lx.Count} ≠ {ly.Count}";
        }
        if (type.IsValueType && !type.IsGenericType) return x.Equals(y) ? null : $"{path}: {Show(x)} ≠ {Show(y)}";
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.GetMethod is null || p.GetMethod.IsStatic) continue;
            if (Compare(p.GetValue(x), p.GetValue(y), $"{path}.{p.Name}", tolerance) is { } diff) return diff;
        }
        return null;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTime t => t.ToString("O"),
        _ => value.ToString() ?? "",
    };
}
