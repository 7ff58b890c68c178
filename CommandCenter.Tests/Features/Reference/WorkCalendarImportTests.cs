using System.Text;
using CommandCenter.Cli;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using CommandCenter.Tests.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Features.Reference;

/// <summary>
/// <c>calendar import FILE.json</c> (<see cref="CalendarCommand"/>) and <see cref="WorkCalendarStore"/>: a good file replaces its
/// year only; a bad file writes nothing; the catalog of the node that imported sees the new days at once.
/// </summary>
public sealed class WorkCalendarImportTests : IDisposable
{
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();
    private readonly SecurityNode _node;
    private readonly ServiceProvider _services;
    private readonly string _dir = Directory.CreateTempSubdirectory("calendar-import").FullName;

    public WorkCalendarImportTests()
    {
        _node = new SecurityNode(_db.Connections);
        _services = new ServiceCollection()
            .AddSingleton(new WorkCalendarStore(_db.Connections, _node.Changes))
            .AddSingleton(new AuditLog(_db.Connections, TimeProvider.System))
            .BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _node.Dispose();
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CalendarCommand.RunAsync(_services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private long Days(int year)
    {
        using var connection = _db.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM work_calendar WHERE day >= @From AND day < @To",
            new { From = $"{year}-01-01", To = $"{year + 1}-01-01" });
    }

    [Fact]
    public async Task Import_AGoodFile_ReplacesItsYearOnly_AndTheCatalogSeesIt()
    {
        Assert.True(Days(2026) > 20);
        var before2025 = Days(2025);
        var path = File("2026.json", """
            [
              {"date": "2026-01-01", "name": "元旦", "isOffDay": true},
              {"date": "2026-03-02", "name": "临时休息日", "isOffDay": true},
              {"date": "2026-10-01", "name": "国庆节", "isOffDay": true},
              {"date": "2026-10-10", "name": "国庆节调休上班", "isOffDay": false}
            ]
            """);

        var (code, output, _) = await RunAsync("calendar", "import", path);

        Assert.Equal(0, code);
        Assert.Contains("2026: 3 days off, 1 make-up working days", output);
        Assert.Equal(4, Days(2026));
        Assert.Equal(before2025, Days(2025));
        Assert.False((await _node.Reference.GetAsync()).Holidays.IsWorkingDay(new DateOnly(2026, 3, 2)));
        Assert.True((await _node.Reference.GetAsync()).Holidays.IsWorkingDay(new DateOnly(2026, 2, 16)));
        using var connection = _db.Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'reference.calendar.import' AND target = '2026.json'"));
    }

    [Theory]
    [InlineData("[\n{\"date\": \"2026-01-01\", \"name\": \"元旦\", \"isOffDay\": true},\n{\"date\": \"2026-02-29\", \"name\": \"春节\", \"isOffDay\": true}\n]", "Line 3:")]
    [InlineData("[\n{\"date\": \"2026-01-01\", \"name\": \"元旦\", \"isOffDay\": true},\n{\"date\": \"2026-01-01\", \"name\": \"元旦\", \"isOffDay\": true}\n]", "Line 3: 2026-01-01 is already named on line 2.")]
    [InlineData("[\n{\"date\": \"2026-01-01\", \"name\": \"元旦\", \"isOffDay\": true},\n{\"date\": \"2027-10-01\", \"name\": \"国庆节\", \"isOffDay\": true}\n]", "Line 3: 2027-10-01 is not in 2026")]
    [InlineData("[\n{\"date\": \"2026-01-01\", \"name\": \"元旦\", \"isOffDay\": true}\n]", "Line 2: the file ends without 2026-10-01")]
    public async Task Import_ABadFile_IsRefusedWhole_NamingTheLine_AndWritesNothing(string text, string error)
    {
        var before = Days(2026);
        var path = File("bad.json", text);

        var (code, output, message) = await RunAsync("calendar", "import", path);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("bad.json refused, nothing imported. " + error, message);
        Assert.Equal(before, Days(2026));
        using var connection = _db.Open();
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log"));
    }

    [Fact]
    public async Task Import_NoFile_OrNoSubcommand_SaysWhat()
    {
        Assert.Equal(1, (await RunAsync("calendar", "import", Path.Combine(_dir, "missing.json"))).Code);
        var usage = await RunAsync("calendar", "export");
        Assert.Equal(2, usage.Code);
        Assert.Contains("calendar import FILE.json", usage.Error);
    }

    [Fact]
    public async Task SeededCalendar_HasTheStateCouncilDays_Of2024To2026()
    {
        var store = _services.GetRequiredService<WorkCalendarStore>();
        var days2025 = await store.YearAsync(2025);

        Assert.Equal([2024, 2025, 2026], await store.YearsAsync());
        // 国庆节、中秋节 2025: 1–8 October off, Sunday 28 September and Saturday 11 October working days.
        Assert.Equal(Enumerable.Range(1, 8).Select(d => new DateOnly(2025, 10, d)),
            days2025.Where(d => d.IsOffDay && d.Date.Month == 10).Select(d => d.Date));
        Assert.Equal([new DateOnly(2025, 1, 26), new DateOnly(2025, 2, 8), new DateOnly(2025, 4, 27), new DateOnly(2025, 9, 28), new DateOnly(2025, 10, 11)],
            days2025.Where(d => !d.IsOffDay).Select(d => d.Date));
        Assert.Equal(28, days2025.Count(d => d.IsOffDay));
        // 2024's make-up days and 2026's, by the notices.
        Assert.Equal(8, (await store.YearAsync(2024)).Count(d => !d.IsOffDay));
        Assert.Equal([new DateOnly(2026, 1, 4), new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 28), new DateOnly(2026, 5, 9),
            new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)], (await store.YearAsync(2026)).Where(d => !d.IsOffDay).Select(d => d.Date));
    }
}
