using CommandCenter.Extensions;

namespace CommandCenter.Features.Wall;

public static class WallExtensions
{
    /// <summary>The wall: its settings (<c>Wall:*</c>) and the device playlists.</summary>
    public static void AddWall(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<WallOptions>("Wall");
        builder.Services.AddSingleton<WallDeviceSettings>();
    }
}
