using CommandCenter.Features.Reference;
using CommandCenter.Security;

namespace CommandCenter.Cli;

/// <summary>
/// <c>calendar import FILE.json</c>: replaces one year of the holiday calendar (节假日与调休) with the file's days
/// (<see cref="WorkCalendarFile"/>); a bad file is refused whole, naming the line, and nothing is written.
/// </summary>
public static class CalendarCommand
{
    public const string Usage = "calendar import FILE.json                                                       a year's holidays and make-up working days";

    /// <summary>Exit code 0 when the year was imported, 1 when the file was refused or missing, 2 for a usage error.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var (file, exitCode) = await ImportFileArgument.ReadAsync(args, Usage, error);
        if (file is null) return exitCode;
        var read = WorkCalendarFile.Read(await File.ReadAllBytesAsync(file));
        if (read.Year is not { } year)
        {
            await error.WriteLineAsync($"{Path.GetFileName(file)} refused, nothing imported. {read.Error}");
            return 1;
        }
        await services.GetRequiredService<WorkCalendarStore>().ImportYearAsync(year);
        var summary = $"{year.Year}: {year.Days.Count(d => d.IsOffDay)} days off, {year.Days.Count(d => !d.IsOffDay)} make-up working days";
        await services.GetRequiredService<AuditLog>().WriteAsync("cli", WorkCalendarStore.ImportAction, Path.GetFileName(file), summary);
        await output.WriteLineAsync($"Imported the calendar of {summary}; the year's earlier days are replaced.");
        return 0;
    }
}
