using Microsoft.AspNetCore.DataProtection;

namespace CommandCenter.Features.Wall;

public static class WallExtensions
{
    /// <summary>
    /// The wall: its settings (<c>Wall:*</c>), the device playlists, and a persistent data-protection key ring. The keys
    /// encrypt the display cookie: kept in memory they would die with the process, and after a restart every wall screen
    /// would land on the sign-in page. Several nodes must point <c>DataProtection:KeysPath</c> at one shared folder.
    /// </summary>
    public static void AddWall(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<WallOptions>(builder.Configuration.GetSection("Wall"));
        builder.Services.AddSingleton<WallDeviceSettings>();

        var keysPath = builder.Configuration["DataProtection:KeysPath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.Environment.ContentRootPath, "App_Data", "keys");
        builder.Services.AddDataProtection()
            .SetApplicationName("CommandCenter")
            .PersistKeysToFileSystem(new DirectoryInfo(keysPath));
    }
}
