namespace CommandCenter.Features.Wall;

/// <summary>The wall's boards, in their default rotation order. The lower-case name is the URL segment (<c>/wall/roads</c>).</summary>
public enum WallBoard
{
    Overview,
    Rankings,
    Satisfaction,
    Roads,
    Methods,
    /// 案件地图: the open cases on the district's map (Features/Wall/Boards/MapBoard.razor, docs/map.md).
    Map,
}

/// <summary>
/// A device's rotation: board names separated by commas, as stored in <c>display_devices.playlist</c>
/// (e.g. <c>overview,roads</c>). Empty or unknown names fall back to every board.
/// </summary>
public static class WallPlaylist
{
    public const int MinRotateSeconds = 5;
    public const int MaxRotateSeconds = 3600;

    public static IReadOnlyList<WallBoard> All { get; } = Enum.GetValues<WallBoard>();

    public static string Key(this WallBoard board) => board.ToString().ToLowerInvariant();

    public static bool TryParseBoard(string? text, out WallBoard board) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out board) && Enum.IsDefined(board) && !int.TryParse(text, out _);

    /// <summary>The boards named in <paramref name="playlist"/>, in its order, each once; every board when none is valid.</summary>
    public static IReadOnlyList<WallBoard> Parse(string? playlist)
    {
        var boards = (playlist ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => TryParseBoard(name, out var board) ? board : (WallBoard?)null)
            .OfType<WallBoard>()
            .Distinct()
            .ToList();
        return boards.Count > 0 ? boards : All;
    }

    /// <summary>The stored form; null for "every board" so a device follows boards added later.</summary>
    public static string? Format(IEnumerable<WallBoard> boards)
    {
        var list = boards.Distinct().ToList();
        return list.Count == 0 || list.SequenceEqual(All) ? null : string.Join(',', list.Select(Key));
    }

    public static int ClampSeconds(int seconds) => Math.Clamp(seconds, MinRotateSeconds, MaxRotateSeconds);
}
