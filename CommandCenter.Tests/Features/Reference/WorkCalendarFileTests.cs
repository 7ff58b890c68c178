using System.Text;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;

namespace CommandCenter.Tests.Features.Reference;

/// <summary>A year's calendar file (<see cref="WorkCalendarFile"/>): taken whole, or refused whole with the line.</summary>
public sealed class WorkCalendarFileTests
{
    /// <summary>The 2027 file's lines; line 1 is "[", each entry one line.</summary>
    private static readonly string[] Good2027 =
    [
        """{"date": "2027-01-01", "name": "元旦", "isOffDay": true},""",
        """{"date": "2027-02-06", "name": "春节", "isOffDay": true},""",
        """{"date": "2027-02-20", "name": "春节调休上班", "isOffDay": false},""",
        """{"date": "2027-10-01", "name": "国庆节", "isOffDay": true}""",
    ];

    private static WorkCalendarFileResult Read(params string[] entries) =>
        WorkCalendarFile.Read(Encoding.UTF8.GetBytes("[\n" + string.Join("\n", entries) + "\n]\n"));

    [Fact]
    public void Read_AWholeYear_TakesEveryDayInDateOrder()
    {
        var read = Read(Good2027);

        Assert.Null(read.Error);
        Assert.Equal(2027, read.Year!.Year);
        Assert.Equal([new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 6), new DateOnly(2027, 2, 20), new DateOnly(2027, 10, 1)],
            read.Year.Days.Select(d => d.Date));
        Assert.Equal(new CalendarDay(new DateOnly(2027, 2, 20), "春节调休上班", false), read.Year.Days[2]);
    }

    [Theory]
    // A date that does not exist.
    [InlineData(2, """{"date": "2027-02-30", "name": "春节", "isOffDay": true},""", "Line 3: \"date\" must be a real date yyyy-MM-dd (got \"2027-02-30\").")]
    [InlineData(2, """{"date": "27-02-06", "name": "春节", "isOffDay": true},""", "Line 3: \"date\" must be a real date")]
    // A date named twice.
    [InlineData(2, """{"date": "2027-01-01", "name": "元旦", "isOffDay": true},""", "Line 3: 2027-01-01 is already named on line 2.")]
    // A day of another year: the year is only half covered.
    [InlineData(2, """{"date": "2028-01-01", "name": "元旦", "isOffDay": true},""", "Line 3: 2028-01-01 is not in 2027, the year of the first entry")]
    // A make-up working day on a weekday.
    [InlineData(2, """{"date": "2027-02-19", "name": "春节调休上班", "isOffDay": false},""", "Line 3: 2027-02-19 is a Friday, a working day anyway")]
    [InlineData(2, """{"date": "2027-02-06", "name": " ", "isOffDay": true},""", "Line 3: \"name\" must be the holiday's name")]
    [InlineData(2, """{"date": "2027-02-06", "name": "春节", "isOffDay": "yes"},""", "Line 3: \"isOffDay\" must be true")]
    [InlineData(2, "\"2027-02-06\",", "Line 3: each entry must be an object")]
    [InlineData(2, """{"date": "2027-02-06", "name": "春节", "isOffDay": true""", "Line 4: not valid JSON")]
    public void Read_ABadEntry_IsRefusedNamingItsLine(int at, string entry, string error)
    {
        var lines = Good2027.ToList();
        lines[at - 1] = entry;

        var read = Read([.. lines]);

        Assert.Null(read.Year);
        Assert.StartsWith(error, read.Error);
    }

    [Fact]
    public void Read_AYearWithoutNationalDay_IsRefusedAsHalfCovered()
    {
        var read = Read(Good2027[0], Good2027[1], Good2027[2].TrimEnd(','));

        Assert.Null(read.Year);
        Assert.Equal("Line 4: the file ends without 2027-10-01 (国庆节) as a day off; it covers only part of 2027.", read.Error);
    }

    [Theory]
    [InlineData("""{"date": "2027-01-01"}""", "Line 1: the file must be a JSON list")]
    [InlineData("[]", "The file names no day.")]
    public void Read_NotAList_OrEmpty_IsRefused(string text, string error)
    {
        var read = WorkCalendarFile.Read(Encoding.UTF8.GetBytes(text));

        Assert.StartsWith(error, read.Error);
    }
}
