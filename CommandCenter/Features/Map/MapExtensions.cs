using CommandCenter.Extensions;

namespace CommandCenter.Features.Map;

public static class MapExtensions
{
    /// <summary>The map: its settings (<c>Map:*</c>), the stored geometry and the open cases' points.</summary>
    public static void AddMap(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<MapOptions>("Map");
        builder.Services.AddSingleton<GeoStore>();
        builder.Services.AddSingleton<GeoCatalog>();
        builder.Services.AddSingleton<MapCaseQuery>();
        builder.Services.AddSingleton<MapFeed>();
        builder.Services.AddSingleton<PlaceStore>();
        builder.Services.AddSingleton<PlaceCatalog>();
        builder.Services.AddScoped<PlaceEditor>();
    }
}
