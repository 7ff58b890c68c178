namespace CommandCenter.Features.Wall;

/// <summary>
/// 翻页: a list longer than its box shows a page of whole rows at a time, holds still for <see cref="PageSeconds"/>, then
/// turns to the next page (never a scroll: a moving row cannot be read from across the hall, and a half-scrolled table
/// hides its first row). The wall counts page turns per board (<c>WallPage</c>); each list shows the page that count
/// falls on, the first page (rank 1 at the top) when the board comes up.
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
}
