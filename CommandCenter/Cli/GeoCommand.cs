using CommandCenter.Features.Map;
using CommandCenter.Features.Reference;
using CommandCenter.Security;

namespace CommandCenter.Cli;

/// <summary>
/// <c>geo import FILE.geojson</c>: stores the boundaries of regions and the lines of roads from a GeoJSON FeatureCollection
/// (<see cref="GeoImportFile"/>); a bad file is refused whole, naming the feature (in English, <see cref="ImportProblem.InEnglish"/>),
/// and nothing is written.
/// </summary>
public static class GeoCommand
{
    public const string Usage = "geo import FILE.geojson                                                         region boundaries and road lines (properties.code)";

    /// <summary>Exit code 0 when the file was imported, 1 when it was refused or missing, 2 for a usage error.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var (file, exitCode) = await ImportFileArgument.ReadAsync(args, Usage, error);
        if (file is null) return exitCode;
        var reference = await services.GetRequiredService<ReferenceCatalog>().GetAsync();
        var geometry = await services.GetRequiredService<GeoCatalog>().GetAsync();
        var read = GeoImportFile.Read(await File.ReadAllBytesAsync(file), reference, geometry.Areas);
        if (read.Import is not { } import)
        {
            await error.WriteLineAsync($"{Path.GetFileName(file)} refused, nothing imported. {read.Problem!.InEnglish()}");
            return 1;
        }
        await services.GetRequiredService<GeoStore>().ImportAsync(import);
        var summary = $"{import.Regions.Count} region shapes, {import.Roads.Count} road lines";
        await services.GetRequiredService<AuditLog>().WriteAsync("cli", GeoStore.ImportAction, Path.GetFileName(file), summary);
        await output.WriteLineAsync($"Imported {summary}; the other regions and roads keep theirs.");
        return 0;
    }
}
