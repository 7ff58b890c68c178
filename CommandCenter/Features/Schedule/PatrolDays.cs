namespace CommandCenter.Features.Schedule;

/// <summary>The planned patrol days of a week as stored in <c>patrol_plans.planned_days</c>: bit 0 = Monday … bit 6 = Sunday.</summary>
public static class PatrolDays
{
    public const int All = 0b111_1111;

    public static bool Has(int mask, int dayIndex) => (mask & (1 << dayIndex)) != 0;

    public static int Toggle(int mask, int dayIndex) => mask ^ (1 << dayIndex);

    public static int Count(int mask) => System.Numerics.BitOperations.PopCount((uint)(mask & All));

    /// <summary>Monday = 0 … Sunday = 6.</summary>
    public static int IndexOf(DateOnly day) => ((int)day.DayOfWeek + 6) % 7;
}
