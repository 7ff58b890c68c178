using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace CommandCenter.Cli;

/// <summary>
/// A line of an NDJSON file: its number (from 1), its UTF-8 bytes without the line end — valid until the next line is read —
/// or, instead of them, why it cannot be read.
/// </summary>
public readonly record struct NdjsonLine(long Number, ReadOnlyMemory<byte> Bytes, string? Problem)
{
    /// <summary>Nothing but spaces, tabs and carriage returns: skipped, not reported.</summary>
    public bool IsBlank => Problem is null && Bytes.Span.IndexOfAnyExcept(" \t\r"u8) < 0;
}

/// <summary>
/// Splits a stream into lines at <c>\n</c>, as bytes (a <c>\r</c> before it and a UTF-8 byte order mark at the start are
/// dropped), so the line numbers are those of <c>wc -l</c> and of editors. A line that is not valid UTF-8, or longer than
/// <see cref="MaxLineBytes"/>, comes with its problem instead of its bytes: a bad line is never decoded with replacement
/// characters, and a line over the limit is passed over without being held in memory.
/// </summary>
public static class NdjsonLines
{
    /// <summary>1 MiB: a case with its steps takes a few KB; a longer line is not a case.</summary>
    public const int MaxLineBytes = 1 << 20;

    public static async IAsyncEnumerable<NdjsonLine> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        long number = 0;
        // Inside a line over the limit, already reported: its bytes are dropped up to its end.
        var passingOver = false;
        var atEnd = false;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                if (passingOver) passingOver = false;
                else yield return newline > MaxLineBytes ? TooLong(++number) : Line(++number, buffer.AsMemory(start, newline));
                start += newline + 1;
                continue;
            }
            if (atEnd)
            {
                if (end > start && !passingOver)
                    yield return end - start > MaxLineBytes ? TooLong(++number) : Line(++number, buffer.AsMemory(start, end - start));
                yield break;
            }
            if (!passingOver && end - start > MaxLineBytes)
            {
                yield return TooLong(++number);
                passingOver = true;
            }
            if (passingOver)
            {
                start = end = 0;
            }
            else if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0) atEnd = true;
            else end += read;
        }
    }

    private static NdjsonLine TooLong(long number) =>
        new(number, default, $"The line is longer than {MaxLineBytes:N0} bytes; a case with its events takes far less.");

    private static NdjsonLine Line(long number, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Span.EndsWith((byte)'\r')) bytes = bytes[..^1];
        if (number == 1 && bytes.Span.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        return System.Text.Unicode.Utf8.IsValid(bytes.Span)
            ? new NdjsonLine(number, bytes, null)
            : new NdjsonLine(number, default, $"The line is not valid UTF-8 (byte {FirstInvalidByte(bytes.Span) + 1:N0}).");
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) == OperationStatus.Done) at += consumed;
        return at;
    }
}
