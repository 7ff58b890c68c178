namespace CommandCenter.Features.Wall;

/// <summary>Marker for the wall's strings: <c>Resources/Features/Wall/WallResource(.zh-CN).resx</c>.</summary>
public sealed class WallResource;
