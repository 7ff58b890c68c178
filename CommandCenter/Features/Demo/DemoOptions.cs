using CommandCenter.Extensions;

namespace CommandCenter.Features.Demo;

/// <summary>Settings under <c>Demo</c>: the demo city seeded into an empty database.</summary>
public sealed class DemoOptions : ICheckedSettings
{
    /// <summary>Seed the demo city into an empty database. Default: true for SQLite, false for SQL Server.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The random seed: the same seed and "now" give the same city and history.</summary>
    public int Seed { get; set; } = 20260301;

    /// <summary>
    /// Days of case history before today. 430 (about 14 months) so the monthly report's default month (the last closed one)
    /// has a whole "same month last year" to compare with; with 365 the 同比 column compared against a month of callbacks only.
    /// </summary>
    public int HistoryDays { get; set; } = 430;

    /// <summary>Average cases a day in the recent history (weekdays busier than weekends).</summary>
    public int CasesPerDay { get; set; } = 90;

    /// <summary>Months of 12345 satisfaction callbacks (older months than the case history get callback-only cases).</summary>
    public int SatisfactionMonths { get; set; } = 48;

    /// <summary>Sizes of the generated history: none negative, none past what the calendar and a demo can hold.</summary>
    public void Check(SettingsCheck check)
    {
        check.Between(nameof(HistoryDays), HistoryDays, 0, 3650);
        check.Between(nameof(CasesPerDay), CasesPerDay, 0, 10_000);
        check.Between(nameof(SatisfactionMonths), SatisfactionMonths, 0, 600);
    }
}

/// <summary>Settings under <c>Simulator</c>: the live simulator that continues the demo district (<see cref="LiveSimulator"/>).</summary>
public sealed class SimulatorOptions : ICheckedSettings
{
    /// <summary>Default: on with the demo city, off otherwise.</summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// 1 (the default) runs the district at the seeded history's pace: <c>Demo:CasesPerDay</c> reports a day with its hourly
    /// rhythm. A demo may run it faster: Speed times the reports, each step Speed times sooner (deadlines stay the
    /// categories' own). The wall says so while it is above 1. 1–100.
    /// </summary>
    public double Speed { get; set; } = 1;

    /// <summary>The speed to show on the wall: the simulator's speed while it runs faster than the district, else null.</summary>
    public double? ShownSpeed => Enabled == true && Speed > 1 ? Speed : null;

    public void Check(SettingsCheck check) => check.Between(nameof(Speed), Speed, 1, 100);
}
