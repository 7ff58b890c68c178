using System.Text;
using CommandCenter.Cli;

namespace CommandCenter.Tests.Cli;

public sealed class NdjsonLinesTests
{
    private static async Task<List<(long Number, string? Text, string? Problem)>> LinesAsync(byte[] file)
    {
        var lines = new List<(long, string?, string?)>();
        await foreach (var line in NdjsonLines.ReadAsync(new MemoryStream(file), CancellationToken.None))
            lines.Add((line.Number, line.Problem is null ? Encoding.UTF8.GetString(line.Bytes.Span) : null, line.Problem));
        return lines;
    }

    [Fact]
    public async Task Read_ByteOrderMarkCrLfAndNoLastNewline_LinesAsAnEditorNumbersThem()
    {
        var lines = await LinesAsync([.. Encoding.UTF8.Preamble, .. "{\"a\":1}\r\n\r\n  \n井盖\rx\n{\"b\":2}"u8]);

        Assert.Equal([(1L, "{\"a\":1}", null), (2L, "", null), (3L, "  ", null), (4L, "井盖\rx", null), (5L, "{\"b\":2}", null)], lines);
    }

    [Theory]
    [InlineData(NdjsonLines.MaxLineBytes, false)]
    [InlineData(NdjsonLines.MaxLineBytes + 1, true)]
    [InlineData(3 * NdjsonLines.MaxLineBytes, true)]
    public async Task Read_LongLine_RefusedOverTheLimitAndTheNextLinesKeepTheirNumbers(int length, bool refused)
    {
        var lines = await LinesAsync([.. "first\n"u8, .. Enumerable.Repeat((byte)'x', length), .. "\nthird\nfourth"u8]);

        Assert.Equal([1L, 2L, 3L, 4L], lines.Select(l => l.Number));
        Assert.Equal(refused, lines[1].Problem?.StartsWith("The line is longer than 1,048,576 bytes", StringComparison.Ordinal) ?? false);
        Assert.Equal(["first", "third", "fourth"], new[] { lines[0].Text!, lines[2].Text!, lines[3].Text! });
    }

    [Fact]
    public async Task Read_LongLineAtTheEndWithoutNewline_IsRefused()
    {
        var lines = await LinesAsync([.. "first\n"u8, .. Enumerable.Repeat((byte)'x', NdjsonLines.MaxLineBytes + 10)]);

        Assert.Equal(2, lines.Count);
        Assert.NotNull(lines[1].Problem);
    }

    [Fact]
    public async Task Read_InvalidUtf8_IsTheLinesProblemNamingTheByte()
    {
        var lines = await LinesAsync([.. "{\"d\":\"井"u8, 0xC3, 0x28, .. "\"}\nnext"u8]);

        Assert.Equal("The line is not valid UTF-8 (byte 10).", lines[0].Problem);
        Assert.Equal((2L, "next"), (lines[1].Number, lines[1].Text));
    }
}
