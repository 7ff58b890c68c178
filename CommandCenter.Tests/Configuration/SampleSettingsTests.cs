using System.Text.Json;
using CommandCenter.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Configuration;

/// <summary>
/// appsettings.sample.json documents every setting. The keys the app reads while it is composed (every option bound, every
/// hosted service built) are recorded by a configuration provider that answers nothing: single values as they are asked
/// for, sections bound to an options class as the class's properties. Both directions are checked: nothing read is missing
/// from the sample, nothing in the sample is never read.
/// </summary>
public sealed class SampleSettingsTests
{
    /// <summary>Keys ASP.NET Core itself reads while the app is composed; they are the framework's to document.</summary>
    private static readonly string[] FrameworkKeys =
    [
        "applicationName", "contentRoot", "environment", "ENVIRONMENT", "webroot", "hostingStartupAssemblies",
        "hostingStartupExcludeAssemblies", "preventHostingStartup", "urls", "http_ports", "https_ports", "https_port",
        "detailedErrors", "shutdownTimeoutSeconds", "suppressStatusMessages", "captureStartupErrors", "startupAssembly",
        "PreferHostingUrls", "Logging", "Kestrel", "ASPNETCORE_", "DOTNET_", "Microsoft", "HostFiltering", "Metrics",
        "ForwardedHeaders_Enabled", "ReadOnlyDataProtectionKeyDirectory", "servicesStartConcurrently", "servicesStopConcurrently",
        "startupTimeoutSeconds", "OTEL_",
    ];

    /// <summary>Framework settings the sample documents because production must set them (read when the server starts).</summary>
    private static readonly string[] FrameworkKeysInTheSample = ["AllowedHosts"];

    /// <summary>The sections bound to an options class; a section bound that is not here fails the test, so the map stays whole.</summary>
    private static readonly Dictionary<string, Type> BoundSections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Security"] = typeof(CommandCenter.Security.SecurityOptions),
        ["Wall"] = typeof(CommandCenter.Features.Wall.WallOptions),
        ["Map"] = typeof(CommandCenter.Features.Map.MapOptions),
        ["Demo"] = typeof(CommandCenter.Features.Demo.DemoOptions),
        ["Simulator"] = typeof(CommandCenter.Features.Demo.SimulatorOptions),
        ["Indicators:Weights"] = typeof(IndicatorWeightsSettings),
        ["Business"] = typeof(BusinessSettings),
        ["LiveFeed"] = typeof(CommandCenter.Features.Live.LiveFeedSettings),
        ["Redis"] = typeof(CommandCenter.Features.Live.RedisSettings),
        ["DataProtection"] = typeof(CommandCenter.Security.DataProtectionSettings),
    };

    private static readonly string SamplePath = Path.Combine(FindRepositoryRoot(), "appsettings.sample.json");

    [Fact]
    public void EverySettingTheAppReads_IsInTheSample()
    {
        var (values, sections) = Record();
        var sample = SampleKeys();

        var unmapped = sections.Where(p => !BoundSections.ContainsKey(p) && !sample.Contains(p, StringComparer.OrdinalIgnoreCase)
                                           && !BoundSections.Keys.Any(b => p.StartsWith(b + ":", StringComparison.OrdinalIgnoreCase))).ToList();
        var missing = ReadKeys(values, sections).Where(k => !sample.Any(s => Covers(s, k) || IsSectionOf(s, k))).Order(StringComparer.Ordinal).ToList();

        Assert.True(values.Count >= 10 && sections.Count >= 5, $"{values.Count} values and {sections.Count} sections recorded: the recorder is not seeing the app's reads");
        Assert.True(unmapped.Count == 0, "sections bound but not in BoundSections: " + string.Join(", ", unmapped));
        Assert.True(missing.Count == 0, "read by the app but not in appsettings.sample.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void EverySettingInTheSample_IsReadByTheApp()
    {
        var (values, sections) = Record();
        var read = ReadKeys(values, sections).Concat(FrameworkKeysInTheSample).ToList();

        var unused = SampleKeys().Where(s => !read.Any(k => Covers(s, k))).Order(StringComparer.Ordinal).ToList();

        Assert.True(unused.Count == 0, "in appsettings.sample.json but never read: " + string.Join(", ", unused));
    }

    /// <summary>The single values asked for, the bound sections' properties, and the lists read whole.</summary>
    private static List<string> ReadKeys(HashSet<string> values, HashSet<string> sections) =>
        values
            .Concat(sections.Where(BoundSections.ContainsKey)
                .SelectMany(section => BoundSections[section].GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                    .Where(p => p.SetMethod is { IsPublic: true })
                    .Select(p => $"{section}:{p.Name}")))
            .Concat(sections.Where(p => !BoundSections.ContainsKey(p)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>A sample key covers a read key when they are the same, or the read key is an element of the sample's list.</summary>
    private static bool Covers(string sampleKey, string readKey) =>
        string.Equals(sampleKey, readKey, StringComparison.OrdinalIgnoreCase)
        || readKey.StartsWith(sampleKey + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary>A binder reads a section's own value too: a read of a section the sample has keys in is documented.</summary>
    private static bool IsSectionOf(string sampleKey, string readKey) =>
        sampleKey.StartsWith(readKey + ":", StringComparison.OrdinalIgnoreCase);

    private static (HashSet<string> Values, HashSet<string> Sections) Record()
    {
        var recorder = new RecordingSource();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.Sources.Add(recorder);
        builder.AddApplicationServices();
        using var app = builder.Build();

        // Every option bound and every hosted service built (constructed, not started), as a start would.
        foreach (var optionsType in builder.Services.Where(d => d.ServiceType.IsGenericType
                     && d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
                     .Select(d => d.ServiceType.GetGenericArguments()[0]).Distinct().ToList())
        {
            var options = app.Services.GetService(typeof(IOptions<>).MakeGenericType(optionsType));
            _ = options?.GetType().GetProperty("Value")!.GetValue(options);
        }
        _ = app.Services.GetServices<IHostedService>().ToList();

        bool Ours(string key) => key.Length > 0 && !FrameworkKeys.Any(f => key.StartsWith(f, StringComparison.OrdinalIgnoreCase));
        return (recorder.Values.Where(Ours).ToHashSet(StringComparer.OrdinalIgnoreCase),
            recorder.Sections.Where(Ours).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The leaf keys of the sample (comments allowed), "Section:Key"; a list is one key.</summary>
    private static List<string> SampleKeys()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SamplePath),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var keys = new List<string>();
        void Walk(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Object)
                foreach (var property in element.EnumerateObject()) Walk(property.Value, path.Length == 0 ? property.Name : $"{path}:{property.Name}");
            else keys.Add(path);
        }
        Walk(document.RootElement, "");
        return keys;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.sample.json"))) return dir.FullName;
        throw new InvalidOperationException("appsettings.sample.json not found above " + AppContext.BaseDirectory);
    }

    private sealed class RecordingSource : IConfigurationSource
    {
        public HashSet<string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Sections { get; } = new(StringComparer.OrdinalIgnoreCase);

        public IConfigurationProvider Build(IConfigurationBuilder builder) => new RecordingProvider(this);
    }

    /// <summary>Answers nothing, so every other provider's value stands; remembers every key and section asked for.</summary>
    private sealed class RecordingProvider(RecordingSource source) : ConfigurationProvider
    {
        public override bool TryGet(string key, out string? value)
        {
            lock (source) source.Values.Add(key);
            value = null;
            return false;
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            if (parentPath is not null) lock (source) source.Sections.Add(parentPath);
            return earlierKeys;
        }
    }
}
