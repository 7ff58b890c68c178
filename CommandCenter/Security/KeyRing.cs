using CommandCenter.Extensions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>The section <c>DataProtection</c>: where the key ring lives.</summary>
public sealed class DataProtectionSettings : ICheckedSettings
{
    /// <summary>The key ring's folder. Empty (the default): <c>&lt;content root&gt;/App_Data/keys</c>.</summary>
    public string KeysPath { get; set; } = "";

    public void Check(SettingsCheck check) =>
        check.That(KeysPath.IndexOfAny(Path.GetInvalidPathChars()) < 0, nameof(KeysPath), "must be a folder path", KeysPath);
}

/// <summary>
/// The data-protection key ring, kept on disk under one application name. The keys encrypt the session and wall-screen
/// cookies (and antiforgery tokens): kept in memory they would die with the process, and after a restart every wall screen
/// would land on the sign-in page. Several nodes behind one address must point <c>DataProtection:KeysPath</c> at one
/// shared folder.
/// </summary>
public static class KeyRing
{
    public const string ApplicationName = "CommandCenter";

    public static void AddKeyRing(this IServiceCollection services)
    {
        services.AddSettings<DataProtectionSettings>("DataProtection");
        services.AddDataProtection().SetApplicationName(ApplicationName);
        // What PersistKeysToFileSystem does, with the folder taken from the bound settings.
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<DataProtectionSettings>, IHostEnvironment, ILoggerFactory>(
            (keys, settings, environment, loggers) => keys.XmlRepository = new FileSystemXmlRepository(Folder(settings.Value, environment), loggers));
    }

    /// <summary>The configured folder, or App_Data/keys under the content root.</summary>
    public static DirectoryInfo Folder(DataProtectionSettings settings, IHostEnvironment environment) =>
        new(settings.KeysPath is { Length: > 0 } configured ? configured : Path.Combine(environment.ContentRootPath, "App_Data", "keys"));
}
