namespace CommandCenter.Cli;

/// <summary>
/// The <c>… import FILE</c> argument the reference-file commands share (<see cref="CalendarCommand"/>, <see cref="GeoCommand"/>,
/// <see cref="PlacesCommand"/>):
/// the file, or the exit code and message of a usage error (2) or a missing file (1).
/// </summary>
public static class ImportFileArgument
{
    public static async Task<(string? File, int ExitCode)> ReadAsync(string[] args, string usage, TextWriter error)
    {
        if (args.Length < 3 || !args[1].Equals("import", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync("Usage: " + usage);
            return (null, 2);
        }
        if (!File.Exists(args[2]))
        {
            await error.WriteLineAsync($"No file '{args[2]}'.");
            return (null, 1);
        }
        return (args[2], 0);
    }
}
