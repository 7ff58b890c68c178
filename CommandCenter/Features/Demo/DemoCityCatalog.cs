using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
namespace CommandCenter.Features.Demo;

/// <summary>
/// The reference data of the demo city, modelled on the seeds' Jiyang district (济阳区): streets, departments,
/// categories with their time limits, roads and the 12 leaders of the road-responsibility campaign (领导包路).
/// </summary>
internal static class DemoCityCatalog
{
    public const string DistrictCode = "370115";
    public const string DistrictName = "济阳区";

    public static readonly string[] Streets =
        ["济阳街道", "济北街道", "回河街道", "孙耿街道", "崔寨街道", "太平街道", "垛石街道", "曲堤街道", "仁风街道", "新市街道"];

    public static readonly string[] CommunitySuffixes = ["东社区", "西社区", "中心社区"];

    public const int GridsPerCommunity = 4;

    /// <summary>
    /// Where the demo district lies (around Jiyang's centre). Its streets are 2 rows of 5 blocks, each street's communities
    /// side by side from west to east, each community's 4 grids 2 × 2, drawn on one jittered lattice (<see cref="DemoMap"/>):
    /// neighbours share their edges point for point, so every grid lies within its community and every community within its
    /// street, and every seeded and simulated case lies inside its grid.
    /// </summary>
    public static readonly GeoBox DistrictBox = new(36.93, 117.07, 37.03, 117.27);

    /// <summary>The lattice's columns per street: 3 communities of 2 grids.</summary>
    internal const int ColumnsPerStreet = 6;
    /// <summary>The lattice's rows per street: 2 grids.</summary>
    internal const int RowsPerStreet = 2;
    private const int StreetColumns = 5;

    /// <summary>A region of the demo district and its cells of the lattice (columns <c>I0</c>…<c>I1</c>, rows <c>J0</c>…<c>J1</c>).</summary>
    public sealed record Region(string Code, string Name, string Level, string? ParentCode, int I0, int J0, int I1, int J1)
    {
        public GeoArea Area => DemoMap.Area(I0, J0, I1, J1);
    }

    /// <summary>A grid (网格) of the demo district: its region code and name, its community and street, and its cell.</summary>
    public sealed record Grid(string Code, string Name, string CommunityCode, string CommunityName, int StreetIndex, Region Region);

    public static string StreetCode(int streetIndex) => $"{DistrictCode}{streetIndex + 1:000}";

    /// <summary>Every grid of the district, street by street, community by community (the order the seeder writes them).</summary>
    public static readonly IReadOnlyList<Grid> Grids = BuildGrids();

    /// <summary>Every region with its shape: the district, its streets, communities and grids, parents first.</summary>
    public static readonly IReadOnlyList<Region> Regions = BuildRegions();

    private static readonly Dictionary<string, GeoArea> AreasByCode = Regions.ToDictionary(r => r.Code, r => r.Area, StringComparer.Ordinal);

    /// <summary>The shape of a demo region by its code; null for a region that is not one (a grid added by hand).</summary>
    public static GeoArea? RegionArea(string regionCode) => AreasByCode.GetValueOrDefault(regionCode);

    private static (int I0, int J0) StreetCell(int s) => (s % StreetColumns * ColumnsPerStreet, s / StreetColumns * RowsPerStreet);

    private static List<Grid> BuildGrids()
    {
        var grids = new List<Grid>();
        for (var s = 0; s < Streets.Length; s++)
        {
            var (si, sj) = StreetCell(s);
            for (var c = 0; c < CommunitySuffixes.Length; c++)
            {
                var communityCode = $"{StreetCode(s)}{c + 1:000}";
                var communityName = Streets[s].Replace("街道", "", StringComparison.Ordinal) + CommunitySuffixes[c];
                for (var g = 0; g < GridsPerCommunity; g++)
                {
                    // 2 × 2: grids 1 and 2 in the south half, 3 and 4 in the north half.
                    var i = si + 2 * c + g % 2;
                    var j = sj + g / 2;
                    var code = $"{communityCode}{g + 1:00}";
                    var name = $"{communityName}第{g + 1}网格";
                    grids.Add(new Grid(code, name, communityCode, communityName, s, new Region(code, name, "grid", communityCode, i, j, i + 1, j + 1)));
                }
            }
        }
        return grids;
    }

    private static List<Region> BuildRegions()
    {
        var regions = new List<Region>
        {
            new(DistrictCode, DistrictName, "district", null, 0, 0, StreetColumns * ColumnsPerStreet,
                (Streets.Length + StreetColumns - 1) / StreetColumns * RowsPerStreet),
        };
        for (var s = 0; s < Streets.Length; s++)
        {
            var (si, sj) = StreetCell(s);
            regions.Add(new Region(StreetCode(s), Streets[s], "street", DistrictCode, si, sj, si + ColumnsPerStreet, sj + RowsPerStreet));
            foreach (var community in Grids.Where(g => g.StreetIndex == s).GroupBy(g => (g.CommunityCode, g.CommunityName)))
            {
                var i0 = community.Min(g => g.Region.I0);
                regions.Add(new Region(community.Key.CommunityCode, community.Key.CommunityName, "community", StreetCode(s), i0, sj, i0 + 2, sj + RowsPerStreet));
                regions.AddRange(community.Select(g => g.Region));
            }
        }
        return regions;
    }

    /// <summary>The line of a demo road: across its street, west to east or south to north, alternately.</summary>
    public static GeoLine RoadLine(Road road)
    {
        var (si, sj) = StreetCell(road.StreetIndex);
        var ofStreet = Roads.Where(r => r.StreetIndex == road.StreetIndex).ToList();
        var index = ofStreet.IndexOf(road);
        var across = index % 2 == 0;
        var count = (ofStreet.Count + (across ? 1 : 0)) / 2;
        var fraction = (index / 2 + 1.0) / (count + 1);
        var points = across
            ? Enumerable.Range(si, ColumnsPerStreet + 1).Select(i => DemoMap.AlongColumn(i, sj, RowsPerStreet * fraction)).ToList()
            : Enumerable.Range(sj, RowsPerStreet + 1).Select(j => DemoMap.AlongRow(si, j, ColumnsPerStreet * fraction)).ToList();
        // The ends a quarter of a cell inside the street: its edges are bent between the lattice points.
        points[0] = DemoMap.Towards(points[0], points[1], 0.25);
        points[^1] = DemoMap.Towards(points[^1], points[^2], 0.25);
        return new GeoLine(points);
    }

    public sealed record Department(string Code, string Name);

    public static readonly Department[] Departments =
    [
        new("municipal", "市政工程中心"),
        new("landscape", "园林绿化中心"),
        new("sanitation", "环卫中心"),
        new("enforce-1", "执法一中队"),
        new("enforce-2", "执法二中队"),
        new("enforce-3", "执法三中队"),
        new("muck", "渣土管理办公室"),
        new("ads", "户外广告管理所"),
    ];

    /// <param name="Limit">处置时限: most in working time (工作时, 工作日); outdoor barbecues and road flooding, which happen
    /// in the evening or in a storm, in calendar hours (自然时), as are most urgent limits of the components that endanger.</param>
    /// <param name="Weight">How often the category occurs in the demo history.</param>
    public sealed record Category(string Code, string Name, string Kind, TimeLimit Limit, TimeLimit UrgentLimit, string Department, double Weight);

    public static readonly Category[] Categories =
    [
        new("manhole-cover", "井盖破损缺失", "component", TimeLimit.WorkingHours(8), TimeLimit.Hours(2), "municipal", 5),
        new("street-lamp", "路灯不亮", "component", TimeLimit.WorkingDays(3), TimeLimit.WorkingHours(8), "municipal", 6),
        new("traffic-sign", "交通标志牌损坏", "component", TimeLimit.WorkingDays(5), TimeLimit.WorkingHours(8), "municipal", 2),
        new("guardrail", "护栏损坏", "component", TimeLimit.WorkingDays(5), TimeLimit.WorkingHours(8), "municipal", 2),
        new("drain-grate", "雨水篦子缺失", "component", TimeLimit.WorkingHours(8), TimeLimit.Hours(2), "municipal", 2),
        new("trash-bin", "垃圾桶破损", "component", TimeLimit.WorkingDays(3), TimeLimit.WorkingHours(8), "sanitation", 3),
        new("green-belt", "绿地损坏", "component", TimeLimit.WorkingDays(5), TimeLimit.WorkingDays(1), "landscape", 3),
        new("fallen-tree", "行道树倒伏", "component", TimeLimit.WorkingHours(8), TimeLimit.Hours(2), "landscape", 1),
        new("road-damage", "道路破损", "event", TimeLimit.WorkingDays(5), TimeLimit.WorkingHours(8), "municipal", 6),
        new("street-vending", "占道经营", "event", TimeLimit.WorkingHours(2), TimeLimit.Hours(1), "enforce-1", 14),
        new("outdoor-bbq", "露天烧烤", "event", TimeLimit.Hours(2), TimeLimit.Hours(1), "enforce-2", 5),
        new("illegal-building", "违法建设", "event", TimeLimit.WorkingDays(10), TimeLimit.WorkingDays(2), "enforce-3", 2),
        new("shared-bikes", "共享单车乱停放", "event", TimeLimit.WorkingHours(2), TimeLimit.Hours(1), "enforce-1", 9),
        new("small-ads", "非法小广告", "event", TimeLimit.WorkingDays(1), TimeLimit.WorkingHours(4), "ads", 8),
        new("muck-truck", "渣土车辆遗撒", "event", TimeLimit.WorkingHours(4), TimeLimit.Hours(2), "muck", 3),
        new("cooking-fumes", "餐饮油烟污染", "event", TimeLimit.WorkingDays(5), TimeLimit.WorkingDays(1), "enforce-2", 3),
        new("exposed-garbage", "暴露垃圾", "event", TimeLimit.WorkingHours(4), TimeLimit.Hours(2), "sanitation", 9),
        new("piled-materials", "乱堆物料", "event", TimeLimit.WorkingDays(1), TimeLimit.WorkingHours(4), "enforce-3", 4),
        new("shop-overflow", "店外经营", "event", TimeLimit.WorkingHours(4), TimeLimit.WorkingHours(2), "enforce-1", 7),
        new("road-flooding", "道路积水", "event", TimeLimit.Hours(6), TimeLimit.Hours(1), "municipal", 1),
        new("outdoor-ads", "违规户外广告", "event", TimeLimit.WorkingDays(5), TimeLimit.WorkingDays(1), "ads", 2),
        new("construction-dust", "工地扬尘", "event", TimeLimit.WorkingDays(1), TimeLimit.WorkingHours(4), "muck", 2),
    ];

    public sealed record Road(string Code, string Name, int StreetIndex);

    public static readonly Road[] Roads =
    [
        new("R01", "正安路", 0), new("R02", "开元大街", 0), new("R03", "澄波湖路", 0), new("R04", "富阳街", 0),
        new("R05", "经一路", 0), new("R06", "经二路", 0), new("R07", "纬一路", 0), new("R08", "纬二路", 0),
        new("R09", "济北路", 1), new("R10", "新元大街", 1), new("R11", "龙海路", 1), new("R12", "汇鑫路", 1),
        new("R13", "华阳路", 1), new("R14", "创新大道", 1), new("R15", "迎宾路", 2), new("R16", "回河大街", 2),
        new("R17", "孙耿路", 3), new("R18", "银河路", 3), new("R19", "崔寨路", 4), new("R20", "青宁路", 4),
        new("R21", "太平路", 5), new("R22", "滨河路", 5), new("R23", "垛石路", 6), new("R24", "安康街", 6),
        new("R25", "曲堤大街", 7), new("R26", "黄河大街", 7), new("R27", "仁风路", 8), new("R28", "富民街", 8),
        new("R29", "新市大街", 9), new("R30", "工业北路", 9), new("R31", "纬三路", 0), new("R32", "经三路", 1),
    ];

    /// <param name="Road">The road the leader owns for the campaign (领导包路).</param>
    public sealed record Leader(string Code, string Name, string Title, bool IsMain, string Road);

    public static readonly Leader[] Leaders =
    [
        new("L01", "张建国", "局长", true, "R02"),
        new("L02", "王立新", "党组书记", true, "R01"),
        new("L03", "李志强", "常务副局长", true, "R10"),
        new("L04", "刘洪波", "副局长", false, "R03"),
        new("L05", "陈晓东", "副局长", false, "R09"),
        new("L06", "杨振华", "副局长", false, "R15"),
        new("L07", "赵德明", "纪检组长", false, "R05"),
        new("L08", "黄海涛", "执法大队大队长", false, "R11"),
        new("L09", "周文斌", "数字城管中心主任", false, "R07"),
        new("L10", "吴建平", "环卫中心主任", false, "R13"),
        new("L11", "孙立军", "市政工程中心主任", false, "R21"),
        new("L12", "马玉清", "园林绿化中心主任", false, "R25"),
    ];

    /// <summary>Descriptions a supervisor might write, per category (the address is added separately).</summary>
    public static string Describe(Category category, Random random) => category.Code switch
    {
        "street-vending" => Pick(random, "流动摊贩占用人行道经营水果", "早市摊点占道经营影响通行", "三轮车占道售卖蔬菜"),
        "outdoor-bbq" => Pick(random, "夜间露天烧烤油烟扰民", "门店外露天烧烤占用人行道"),
        "shared-bikes" => Pick(random, "共享单车堆放堵塞盲道", "公交站旁共享单车乱停放"),
        "small-ads" => Pick(random, "电线杆张贴非法小广告", "小区门口墙面喷涂小广告"),
        "manhole-cover" => Pick(random, "人行道井盖破损存在安全隐患", "机动车道井盖缺失", "雨水井盖松动异响"),
        "exposed-garbage" => Pick(random, "路边绿化带内暴露垃圾", "垃圾桶周边垃圾散落"),
        _ => $"巡查发现{category.Name}问题",
    };

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];
}
