using CommandCenter.Cli;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;

namespace CommandCenter.Tests.Cli;

/// <summary>A database with the reference data, a file name for the import file and the import command over them, at a fixed clock.</summary>
public sealed class ImportScratch(string prefix) : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public TestDatabase Db { get; } = TestDatabase.CreateWithReference();

    public string File { get; } = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.ndjson");

    public ImportCommand Command()
    {
        var catalog = new ReferenceCatalog(Db.Connections);
        var clock = new FixedClock(Now);
        return new ImportCommand(new BulkImport(Db.Connections, catalog, clock, BusinessCalendar.For("Asia/Shanghai")), catalog, Db.Connections, clock);
    }

    public void Dispose()
    {
        Db.Dispose();
        System.IO.File.Delete(File);
    }
}
