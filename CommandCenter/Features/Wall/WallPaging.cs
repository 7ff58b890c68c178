using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Wall.Boards;

namespace CommandCenter.Features.Wall;

/// <summary>
/// 翻页: a list longer than its box shows a page of whole rows at a time, holds still for <see cref="PageSeconds"/>, then
/// turns to the next page (never a scroll: a moving row cannot be read from across the hall, and a half-scrolled table
/// hides its first row). The wall counts page turns per board (<c>WallPage</c>); each list shows the page that count
/// falls on, the first page (rank 1 at the top) when the board comes up. A board whose lists all fit on one page does not
/// turn, so it is not drawn again for nothing.
/// </summary>
public static class WallPaging
{
    /// <summary>How long a page holds still.</summary>
    public const int PageSeconds = 8;

    public static int PageCount(int items, int pageSize) => Math.Max(1, (items + pageSize - 1) / pageSize);

    /// <summary>The page (0-based) that <paramref name="turns"/> page turns fall on.</summary>
    public static int PageIndex(int items, int pageSize, int turns) => turns % PageCount(items, pageSize);

    /// <summary>The rows of the page that <paramref name="turns"/> page turns fall on.</summary>
    public static IReadOnlyList<T> Page<T>(IReadOnlyList<T> items, int pageSize, int turns) =>
        items.Skip(PageIndex(items.Count, pageSize, turns) * pageSize).Take(pageSize).ToList();

    /// <summary>The most pages any list of <paramref name="board"/> has in <paramref name="snapshot"/>: 1 when it has
    /// nothing to page (a board without lists, or lists that fit).</summary>
    public static int BoardPages(WallBoard board, DashboardSnapshot snapshot) => board switch
    {
        WallBoard.Overview => PageCount(snapshot.LatestEvents.Count, OverviewBoard.TickerPageSize),
        WallBoard.Rankings => Math.Max(PageCount(snapshot.StreetRanking.Count, RankingPanel.PageSize),
            PageCount(snapshot.DepartmentRanking.Count, RankingPanel.PageSize)),
        WallBoard.Roads => PageCount(snapshot.Leaders.Count, RoadsBoard.PageSize),
        // The map's overdue list holds the cases 超期未处置 now: the snapshot's count of them.
        WallBoard.Map => PageCount((int)snapshot.Today.Overdue, MapBoard.OverduePageSize),
        _ => 1,
    };
}
