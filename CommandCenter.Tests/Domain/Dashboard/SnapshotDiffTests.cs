using System.Collections;
using System.Reflection;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Tests.Domain.Dashboard;

/// <summary>
/// <see cref="SnapshotDiff"/> lists the figures it compares by hand; these tests walk the snapshot's records by
/// reflection so that a stored value added to any of them and not compared fails here instead of going unpublished.
/// </summary>
public sealed class SnapshotDiffTests
{
    /// <summary>Not figures: the diff ignores them.</summary>
    private static readonly HashSet<string> Bookkeeping =
        [nameof(DashboardSnapshot.Version), nameof(DashboardSnapshot.DataAsOf), nameof(DashboardSnapshot.CheckedAt)];

    private static readonly DateTime At = new(2026, 12, 1, 2, 30, 0, DateTimeKind.Utc);

    public static TheoryData<string> EveryStoredValue() => new(Variants(Sample(), "").Select(v => v.Path));

    [Theory]
    [MemberData(nameof(EveryStoredValue))]
    public void FirstDifference_SnapshotsDifferingInOneStoredValue_NameItOrIgnoreBookkeeping(string path)
    {
        var sample = Sample();
        var changed = Variants(sample, "").Single(v => v.Path == path).Snapshot;

        var difference = SnapshotDiff.FirstDifference(sample, changed);

        if (Bookkeeping.Contains(path)) Assert.Null(difference);
        else Assert.StartsWith(path + ": ", difference);
    }

    /// <summary>Each stored value with the one declared after it (bookkeeping left out).</summary>
    public static TheoryData<string, string> NeighbouringStoredValues()
    {
        var paths = Variants(Sample(), "").Select(v => v.Path).Where(p => !Bookkeeping.Contains(p)).ToList();
        var pairs = new TheoryData<string, string>();
        foreach (var (first, next) in paths.Zip(paths.Skip(1))) pairs.Add(first, next);
        return pairs;
    }

    [Theory]
    [MemberData(nameof(NeighbouringStoredValues))]
    public void FirstDifference_TwoStoredValuesDiffer_NamesTheOneDeclaredFirst(string first, string next)
    {
        var sample = Sample();
        var changedFirst = Variants(sample, "").Single(v => v.Path == first).Snapshot;
        var changedBoth = Variants(changedFirst, "").Single(v => v.Path == next).Snapshot;
        Assert.StartsWith(next + ": ", SnapshotDiff.FirstDifference(changedFirst, changedBoth)); // the second change is there

        Assert.StartsWith(first + ": ", SnapshotDiff.FirstDifference(sample, changedBoth));
    }

    [Fact]
    public void FirstDifference_SampleAgainstItsCopy_IsNone()
    {
        Assert.Null(SnapshotDiff.FirstDifference(Sample(), Sample()));
        Assert.True(SnapshotDiff.SameFigures(Sample(), Sample()));
    }

    [Fact]
    public void FirstDifference_DoublesWithinTheTolerance_AreTheSame()
    {
        var a = Sample();
        var row = a.StreetRanking[0];
        var b = a with { StreetRanking = [row with { Counts = row.Counts with { ResolutionHours = row.Counts.ResolutionHours * (1 + 1e-9) } }] };

        Assert.Null(SnapshotDiff.FirstDifference(a, b, tolerance: 1e-6));
        Assert.StartsWith("StreetRanking[0].Counts.ResolutionHours: ", SnapshotDiff.FirstDifference(a, b));
        Assert.StartsWith("StreetRanking[0].Counts.ResolutionHours: ",
            SnapshotDiff.FirstDifference(a, a with { StreetRanking = [row with { Counts = row.Counts with { ResolutionHours = 3.5 } }] }, 1e-6));
    }

    /// <summary>The tolerance is relative to the larger value (at least 1), and a difference equal to it is still the same.</summary>
    [Theory]
    [InlineData(1_000_000.0, 1_000_000.5, 1e-6, true)]
    [InlineData(1_000_000.0, 1_000_002.0, 1e-6, false)]
    [InlineData(0.0, 0.5, 0.5, true)]
    [InlineData(0.0, 0.75, 0.5, false)]
    [InlineData(2.0, 3.0, 0.4, true)]
    public void FirstDifference_DoublesNearTheTolerance_AreTheSameUpToIt(double x, double y, double tolerance, bool same)
    {
        var a = Sample();
        var row = a.StreetRanking[0];
        var left = a with { StreetRanking = [row with { Counts = row.Counts with { ResolutionHours = x } }] };
        var right = a with { StreetRanking = [row with { Counts = row.Counts with { ResolutionHours = y } }] };

        Assert.Equal(same, SnapshotDiff.FirstDifference(left, right, tolerance) is null);
    }

    [Fact]
    public void FirstDifference_BothRatesNull_AreTheSameAndTheNextDifferenceIsNamed()
    {
        var row = Sample().StreetRanking[0] with { Composite = null };
        var a = Sample() with { StreetRanking = [row] };
        var b = a with { StreetRanking = [row with { OnTimeClosureRate = row.OnTimeClosureRate + 0.25 }] };

        Assert.StartsWith("StreetRanking[0].OnTimeClosureRate: ", SnapshotDiff.FirstDifference(a, b, 1e-6));
    }

    [Fact]
    public void FirstDifference_NullRateAgainstARate_ShowsNull()
    {
        var a = Sample();
        var b = a with { StreetRanking = [a.StreetRanking[0] with { Composite = null }] };

        Assert.Equal($"StreetRanking[0].Composite: {a.StreetRanking[0].Composite} ≠ null", SnapshotDiff.FirstDifference(a, b, 1e-6));
    }

    [Fact]
    public void FirstDifference_ListOneLonger_NamesTheCount()
    {
        var a = Sample();
        var b = a with { LatestEvents = [.. a.LatestEvents, a.LatestEvents[0]] };

        Assert.Equal("LatestEvents.Count: 1 ≠ 2", SnapshotDiff.FirstDifference(a, b));
        Assert.Equal("(snapshot)", SnapshotDiff.FirstDifference(a, null));
        Assert.Null(SnapshotDiff.FirstDifference(null, null));
    }

    /// <summary>A snapshot with one element in every list and a value other than the default everywhere, made by reflection.</summary>
    private static DashboardSnapshot Sample() => (DashboardSnapshot)Make(typeof(DashboardSnapshot));

    private static object Make(Type type)
    {
        if (Leaf(type) is { } leaf) return leaf;
        if (ElementOf(type) is { } element)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Make(element));
            return list;
        }
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        if (constructor.GetParameters().Length > 0)
            return constructor.Invoke(constructor.GetParameters().Select(p => Make(p.ParameterType)).ToArray());
        var value = constructor.Invoke([]);
        foreach (var p in Stored(type)) p.SetValue(value, Make(p.PropertyType));
        return value;
    }

    private static object? Leaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "x";
        if (t == typeof(long)) return 2L;
        if (t == typeof(int)) return 2;
        if (t == typeof(double)) return 0.25;
        if (t == typeof(bool)) return true;
        if (t == typeof(DateTime)) return At;
        if (t == typeof(DateOnly)) return DateOnly.FromDateTime(At);
        if (t.IsEnum) return Enum.GetValues(t).GetValue(0);
        return null;
    }

    /// <summary>Another value of a leaf type, or null when the type is not a leaf.</summary>
    private static object? Other(Type type, object? value)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            string s => s + "y",
            long l => l + 1,
            int i => i + 1,
            double d => d + 1,
            bool b => !b,
            DateTime d => d.AddMinutes(1),
            DateOnly d => d.AddDays(1),
            Enum => Enum.GetValues(t).GetValue(1),
            _ => null,
        };
    }

    private static Type? ElementOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>The stored values of a record: properties with a setter (computed ones have none).</summary>
    private static IEnumerable<PropertyInfo> Stored(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null);

    /// <summary>For every stored value reachable from <paramref name="value"/> (lists through their first element): its path and a copy differing only there.</summary>
    private static IEnumerable<(string Path, DashboardSnapshot Snapshot)> Variants(DashboardSnapshot value, string path) =>
        VariantsOf(value, path).Select(v => (v.Path, (DashboardSnapshot)v.Changed));

    private static IEnumerable<(string Path, object Changed)> VariantsOf(object value, string path)
    {
        var type = value.GetType();
        foreach (var p in Stored(type))
        {
            var current = p.GetValue(value);
            var name = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
            if (Leaf(p.PropertyType) is not null)
            {
                var other = Other(p.PropertyType, current)
                            ?? throw new InvalidOperationException($"{name} has no value to change to.");
                yield return (name, With(value, p, other));
            }
            else if (ElementOf(p.PropertyType) is { } element)
            {
                var list = (IList)current!;
                foreach (var (inner, changed) in VariantsOf(list[0]!, $"{name}[0]"))
                {
                    var copy = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element), list)!;
                    copy[0] = changed;
                    yield return (inner, With(value, p, copy));
                }
            }
            else if (p.PropertyType.IsClass)
            {
                foreach (var (inner, changed) in VariantsOf(current!, name)) yield return (inner, With(value, p, changed));
            }
            else throw new InvalidOperationException($"{name} is a {p.PropertyType.Name}: teach this test how to change it.");
        }
    }

    /// <summary>A copy of a record (its compiler-made clone) with one property set.</summary>
    private static object With(object record, PropertyInfo property, object? value)
    {
        var copy = record.GetType().GetMethod("<Clone>$")!.Invoke(record, [])!;
        property.SetValue(copy, value);
        return copy;
    }
}
