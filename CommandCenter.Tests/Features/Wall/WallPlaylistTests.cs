using CommandCenter.Features.Wall;

namespace CommandCenter.Tests.Features.Wall;

public sealed class WallPlaylistTests
{
    [Theory]
    [InlineData(null, "overview,rankings,satisfaction,roads,methods,map")]
    [InlineData("", "overview,rankings,satisfaction,roads,methods,map")]
    [InlineData("roads, Satisfaction,roads", "roads,satisfaction")]
    [InlineData("nonsense,2", "overview,rankings,satisfaction,roads,methods,map")]
    [InlineData("methods,nonsense", "methods")]
    public void Parse_StoredPlaylist_GivesTheBoardsInItsOrder(string? stored, string expected)
    {
        Assert.Equal(expected, string.Join(',', WallPlaylist.Parse(stored).Select(b => b.Key())));
    }

    [Fact]
    public void Format_EveryBoard_IsStoredAsNullSoNewBoardsJoinTheRotation()
    {
        Assert.Null(WallPlaylist.Format(WallPlaylist.All));
        Assert.Equal("roads,overview", WallPlaylist.Format([WallBoard.Roads, WallBoard.Overview]));
    }

    [Fact]
    public void TryParseBoard_NumberOrUnknownName_IsNotABoard()
    {
        Assert.False(WallPlaylist.TryParseBoard("1", out _));
        Assert.False(WallPlaylist.TryParseBoard("admin", out _));
        Assert.True(WallPlaylist.TryParseBoard("Roads", out var board));
        Assert.Equal(WallBoard.Roads, board);
    }
}
