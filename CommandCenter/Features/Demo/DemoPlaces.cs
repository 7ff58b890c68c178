using CommandCenter.Data;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Map;

namespace CommandCenter.Features.Demo;

/// <summary>
/// The demo district's managed places (管理点位): the summer sale points for melon growers (便民疏导点, the "西瓜地图", in
/// season 06-01..09-30) and the winter ones for roast sweet potatoes and New-Year goods (11-15..02-28, across the new year),
/// both on the wall and both marking 占道经营 near them. Each place stands beside one of the demo roads, part of the way
/// along one of its inner stretches, so it lies well inside its street (<c>DemoPlacesTests</c>). Deterministic.
/// </summary>
internal static class DemoPlaces
{
    public const string SummerCode = "melon-sale-points";
    public const string WinterCode = "winter-sale-points";

    public static readonly Season Summer = new(new MonthDay(6, 1), new MonthDay(9, 30));
    public static readonly Season Winter = new(new MonthDay(11, 15), new MonthDay(2, 28));

    private static readonly string[] SummerSpots = ["路口西瓜摊点", "菜市场东侧疏导点", "公交站旁疏导点", "小区北门疏导点"];
    private static readonly string[] SummerNotes =
    [
        "每日 6:00–22:00，限本地瓜农自产自销，车辆顺向停放。",
        "早市结束后开放，请勿占用盲道。",
        "每车位一辆三轮车，收摊后清理瓜皮。",
    ];
    private static readonly string[] WinterSpots = ["烤红薯便民点", "年货便民点"];

    /// <summary>The summer layer's places: 16, on the first two roads of each of eight streets' roads in turn.</summary>
    public static IReadOnlyList<ManagedPlace> SummerPlaces { get; } = Places(16, 0, (road, n) =>
        (road.Name + SummerSpots[n % SummerSpots.Length], SummerNotes[n % SummerNotes.Length]));

    /// <summary>The winter layer's places: 8, on other roads.</summary>
    public static IReadOnlyList<ManagedPlace> WinterPlaces { get; } = Places(8, 1, (road, n) =>
        (road.Name + WinterSpots[n % WinterSpots.Length], "12 月至次年 2 月，每日 7:00–21:00。"));

    private static List<ManagedPlace> Places(int count, int offset, Func<DemoCityCatalog.Road, int, (string Name, string Note)> describe)
    {
        var places = new List<ManagedPlace>();
        var roads = DemoCityCatalog.Roads;
        for (var n = 0; n < count; n++)
        {
            var road = roads[(n * 5 + offset * 3) % roads.Length];
            var line = DemoCityCatalog.RoadLine(road).Points;
            // An inner stretch (never the first or last, which end near the street's edge), 30–70 % along it.
            var stretch = 1 + n % Math.Max(1, line.Count - 3);
            var t = 0.3 + 0.4 * ((n * 37 + offset * 11) % 10) / 10.0;
            var (name, note) = describe(road, n);
            places.Add(new ManagedPlace(0, name, DemoMap.Towards(line[stretch], line[stretch + 1], t), note));
        }
        return places;
    }

    /// <summary>Stores both layers (the seeder, after the geometry).</summary>
    public static async Task StoreAsync(DbConnectionFactory connections, DateTime nowUtc, CancellationToken ct)
    {
        await using var write = await connections.WriteGate.BeginAsync(ct);
        var (connection, tx) = write;
        await PlaceStore.WriteLayerAsync(connections, connection, tx,
            new PlaceStore.NewLayer(SummerCode, "便民疏导点（西瓜地图）", PlaceLayer.SalePoint, true, Summer, [PlaceDefaults.StreetVending]),
            SummerPlaces, keepExisting: false, nowUtc, ct);
        await PlaceStore.WriteLayerAsync(connections, connection, tx,
            new PlaceStore.NewLayer(WinterCode, "冬季便民疏导点（年货、烤红薯）", PlaceLayer.SalePoint, true, Winter, [PlaceDefaults.StreetVending]),
            WinterPlaces, keepExisting: false, nowUtc, ct);
        await write.CommitAsync(ct);
    }
}
