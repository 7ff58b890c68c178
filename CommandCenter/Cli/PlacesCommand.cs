using CommandCenter.Domain.Geo;
using CommandCenter.Features.Map;
using CommandCenter.Security;

namespace CommandCenter.Cli;

/// <summary>
/// <c>places import LAYERCODE FILE.geojson [--name NAME] [--season MM-DD..MM-DD]</c>: replaces the places of a managed layer
/// (管理点位, e.g. the 便民疏导点 of the "西瓜地图") with the Point features of a GeoJSON file (<see cref="PlaceImportFile"/>),
/// creating the layer when it is new; a bad file is refused whole, naming the feature (in English,
/// <see cref="ImportProblem.InEnglish"/>), and nothing is written.
/// </summary>
public static class PlacesCommand
{
    public const string Usage = "places import LAYERCODE FILE.geojson [--name NAME] [--season MM-DD..MM-DD]   a layer of managed places (Point features)";

    /// <summary>Exit code 0 when the file was imported, 1 when it was refused or missing, 2 for a usage error.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        // places import LAYER FILE …: the shared argument reader sees "places import FILE" once the layer code is taken out.
        if (args.Length < 4 || args[2].StartsWith("--", StringComparison.Ordinal))
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }
        var layerCode = args[2];
        if (!PlaceLayerCode.IsValid(layerCode))
        {
            await error.WriteLineAsync($"'{layerCode}' is not a layer code: use 1–64 letters, digits, '.', '_' or '-'.");
            return 2;
        }
        var (file, exitCode) = await ImportFileArgument.ReadAsync([args[0], args[1], args[3]], Usage, error);
        if (file is null) return exitCode;
        var name = Option(args, "--name");
        Season? season = null;
        if (Option(args, "--season") is { } seasonText)
        {
            if (!Season.TryParse(seasonText, out var s))
            {
                await error.WriteLineAsync($"--season '{seasonText}' is not MM-DD..MM-DD (e.g. 06-01..09-30, or 11-15..02-28 across the new year).");
                return 2;
            }
            season = s;
        }
        if (name is { Length: > PlaceRules.MaxName })
        {
            await error.WriteLineAsync($"--name is longer than {PlaceRules.MaxName} characters.");
            return 2;
        }
        var geometry = await services.GetRequiredService<GeoCatalog>().GetAsync();
        var read = PlaceImportFile.Read(await File.ReadAllBytesAsync(file), PlaceDistrict.Of(geometry));
        if (read.Places is not { } places)
        {
            await error.WriteLineAsync($"{Path.GetFileName(file)} refused, nothing imported. {read.Problem!.InEnglish()}");
            return 1;
        }
        await services.GetRequiredService<PlaceStore>().ImportAsync(new PlaceImport(layerCode, name, season, places));
        var summary = $"{places.Count} places in layer {layerCode}";
        await services.GetRequiredService<AuditLog>().WriteAsync("cli", PlaceStore.ImportAction, Path.GetFileName(file), summary);
        await output.WriteLineAsync($"Imported {summary}; the layer's earlier places are replaced.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.FindIndex(args, a => a.Equals(name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
