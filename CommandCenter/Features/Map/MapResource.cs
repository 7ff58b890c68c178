namespace CommandCenter.Features.Map;

/// <summary>Marker for the map's strings: /map, the wall's 案件地图 board and the boundaries tab (Resources/Features/Map/MapResource*.resx).</summary>
public sealed class MapResource;
