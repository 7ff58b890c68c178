namespace CommandCenter.Cli;

/// <summary>What an import does with the secondary indexes of cases and case_events (<c>--indexes</c>).</summary>
public enum ImportIndexes
{
    /// <summary>
    /// Set them aside after the first batch when most of its lines were new cases (not a re-run) and
    /// <see cref="ImportIndexPolicy.PaysOff"/>; the default.
    /// </summary>
    Auto,

    /// <summary>Keep them up to date row by row: no moment when the table's readers go without them.</summary>
    Keep,

    /// <summary>Always set them aside and build them again at the end (SQLite only).</summary>
    Defer,
}

/// <summary>
/// When setting the indexes aside pays (on <see cref="ImportIndexes.Auto"/>). Building one index once costs a sort of the whole table; keeping it up to date costs a
/// b-tree insert per new row. Measured on the demo data (<c>bench … import</c>): about 7 µs per case in the table (with its
/// events) to build all of them, against about 37 µs per new case to keep them up to date. So a file that brings at least a
/// quarter as many cases as the table has is faster with the indexes set aside; below <see cref="MinimumLines"/> the
/// difference is too small to be worth a moment of unindexed reads for the running app.
/// </summary>
public static class ImportIndexPolicy
{
    public const long MinimumLines = 10_000;

    public static bool PaysOff(long linesInFile, long casesInTable) => linesInFile >= MinimumLines && linesInFile * 4 >= casesInTable;

    /// <summary>
    /// Whether a batch created cases for at least half its lines. A second run of a file skips nearly every line: rebuilding
    /// the indexes for it would cost more than the run.
    /// </summary>
    public static bool MostlyNew(long batchLines, long batchCreated) => batchCreated * 2 >= batchLines && batchCreated > 0;
}
