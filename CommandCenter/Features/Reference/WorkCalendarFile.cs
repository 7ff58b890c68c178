using System.Globalization;
using System.Text.Json;
using CommandCenter.Domain;

namespace CommandCenter.Features.Reference;

/// <summary>One year of the holiday calendar read from a file: every day it names, all in <see cref="Year"/>.</summary>
public sealed record WorkCalendarYear(int Year, IReadOnlyList<CalendarDay> Days);

/// <summary>The outcome of reading a calendar file: the year, or the one reason it is refused (naming the line).</summary>
public sealed record WorkCalendarFileResult(WorkCalendarYear? Year, string? Error)
{
    public static WorkCalendarFileResult Refused(string error) => new(null, error);
}

/// <summary>
/// Reads a year's holiday calendar from JSON: a list of <c>{"date": "2027-01-01", "name": "元旦", "isOffDay": true}</c>, one
/// object per named day (节假日 or 调休上班). A file is taken whole or refused whole: a date that is not a real
/// <c>yyyy-MM-dd</c> date, a date named twice, a working day that is not a Saturday or Sunday, days of more than one year, or a
/// year without its 元旦 (1 January) and 国庆节 (1 October) days off (a year half-covered) refuse it, with the line.
/// </summary>
public static class WorkCalendarFile
{
    /// <summary>A calendar file is a short list: a year names about 40 days.</summary>
    public const int MaxBytes = 256 * 1024;

    public static WorkCalendarFileResult Read(byte[] utf8)
    {
        if (utf8.Length > MaxBytes) return WorkCalendarFileResult.Refused($"The file is larger than {MaxBytes / 1024} KB; a year's calendar is a few KB.");
        var days = new List<(int Line, CalendarDay Day)>();
        var line = 1;
        var lineCountedTo = 0;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                return WorkCalendarFileResult.Refused("Line 1: the file must be a JSON list of {date, name, isOffDay}.");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                line += CountNewLines(utf8, lineCountedTo, (int)reader.TokenStartIndex);
                lineCountedTo = (int)reader.TokenStartIndex;
                if (reader.TokenType != JsonTokenType.StartObject)
                    return WorkCalendarFileResult.Refused($"Line {line}: each entry must be an object {{date, name, isOffDay}}.");
                using var entry = JsonDocument.ParseValue(ref reader);
                if (Day(entry.RootElement, line, out var day) is { } error) return WorkCalendarFileResult.Refused(error);
                days.Add((line, day!));
            }
        }
        catch (JsonException ex)
        {
            return WorkCalendarFileResult.Refused($"Line {(ex.LineNumber ?? 0) + 1}: not valid JSON ({ex.Message.Split(" Path:")[0]})");
        }
        return Check(days);
    }

    private static WorkCalendarFileResult Check(List<(int Line, CalendarDay Day)> days)
    {
        if (days.Count == 0) return WorkCalendarFileResult.Refused("The file names no day.");
        var year = days[0].Day.Date.Year;
        var seen = new Dictionary<DateOnly, int>();
        foreach (var (line, day) in days)
        {
            if (day.Date.Year != year)
                return WorkCalendarFileResult.Refused(
                    $"Line {line}: {day.Date:yyyy-MM-dd} is not in {year}, the year of the first entry; a file holds one whole year.");
            if (!seen.TryAdd(day.Date, line))
                return WorkCalendarFileResult.Refused($"Line {line}: {day.Date:yyyy-MM-dd} is already named on line {seen[day.Date]}.");
            if (!day.IsOffDay && day.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                return WorkCalendarFileResult.Refused(
                    $"Line {line}: {day.Date:yyyy-MM-dd} is a {day.Date.DayOfWeek}, a working day anyway; only a Saturday or Sunday can be a make-up working day (调休上班).");
        }
        foreach (var (month, holiday) in new[] { (1, "元旦"), (10, "国庆节") })
        {
            var first = new DateOnly(year, month, 1);
            if (!days.Any(d => d.Day.Date == first && d.Day.IsOffDay))
                return WorkCalendarFileResult.Refused(
                    $"Line {days[^1].Line}: the file ends without {first:yyyy-MM-dd} ({holiday}) as a day off; it covers only part of {year}.");
        }
        return new(new WorkCalendarYear(year, days.Select(d => d.Day).OrderBy(d => d.Date).ToList()), null);
    }

    private static string? Day(JsonElement entry, int line, out CalendarDay? day)
    {
        day = null;
        if (!entry.TryGetProperty("date", out var date) || date.ValueKind != JsonValueKind.String ||
            !DateOnly.TryParseExact(date.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return $"Line {line}: \"date\" must be a real date yyyy-MM-dd (got {Shown(entry, "date")}).";
        if (!CalendarRange.Contains(parsed)) return $"Line {line}: {parsed:yyyy-MM-dd} is outside {CalendarRange.Days}.";
        if (!entry.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            return $"Line {line}: \"name\" must be the holiday's name, e.g. 国庆节.";
        if (name.GetString()!.Trim().Length > WorkCalendarStore.NameMaxLength)
            return $"Line {line}: \"name\" is longer than {WorkCalendarStore.NameMaxLength} characters.";
        if (!entry.TryGetProperty("isOffDay", out var off) || off.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return $"Line {line}: \"isOffDay\" must be true (a day off) or false (a make-up working day).";
        day = new CalendarDay(parsed, name.GetString()!.Trim(), off.GetBoolean());
        return null;
    }

    private static string Shown(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) ? value.GetRawText() : "nothing";

    private static int CountNewLines(byte[] utf8, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++)
            if (utf8[i] == (byte)'\n') count++;
        return count;
    }
}
