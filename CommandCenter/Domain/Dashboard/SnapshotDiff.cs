using System.Collections;
using System.Reflection;

namespace CommandCenter.Domain.Dashboard;

/// <summary>
/// Compares two snapshots field by field (lists element by element) and names the first field that differs, e.g.
/// <c>StreetRanking[3].Counts.Due</c>. The tailer uses it to publish only when a figure changed; the tests use it to
/// prove the fold equals the SQL rebuild. <see cref="DashboardSnapshot.Version"/> and the times
/// (<see cref="DashboardSnapshot.DataAsOf"/>, <see cref="DashboardSnapshot.CheckedAt"/>) are bookkeeping, not figures, and are skipped.
/// </summary>
public static class SnapshotDiff
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
