namespace CommandCenter.Features.Demo;

/// <summary>Settings under <c>Demo</c>: the demo city seeded into an empty database.</summary>
public sealed class DemoOptions
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
}

/// <summary>Settings under <c>Simulator</c>: the live simulator that moves demo cases through the workflow.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Default: on with the demo city, off otherwise.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Workflow events written per minute.</summary>
    public double EventsPerMinute { get; set; } = 20;
}
