using System.Text;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;

namespace CommandCenter.Tests.Features.Reports;

public sealed class CaseDetailCsvTests
{
    private static CaseDetailLine Line(string description, string address = "纬二路 1 号", string caseNo = "20261031-0001") => new(
        caseNo, "12345热线", "井盖", "济阳街道", "市政", "结案", false, new DateTime(2026, 10, 31, 23, 30, 0), null, null, null, null, null,
        false, 0, "", "", "138****5678", address, description, IndicatorCounts.Zero);

    [Fact]
    public async Task Write_CommasQuotesNewlinesAndChinese_ReadBackFieldForField()
    {
        var rows = new[]
        {
            Line("井盖缺失, 行人\"绊倒\"", "纬二路\r\n北段"),
            Line("多行\n描述\r第三行", "\"引号\"开头"),
            Line("普通描述", ""),
        };

        var bytes = await WriteAsync(rows);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(CaseDetailCsv.Headers, records[0]);
        Assert.Equal(rows.Length + 1, records.Count);
        for (var i = 0; i < rows.Length; i++) Assert.Equal(CaseDetailCsv.Fields(rows[i]), records[i + 1]);
        Assert.Equal("井盖缺失, 行人\"绊倒\"", records[1][^1]);
        Assert.Equal("纬二路\r\n北段", records[1][^2]);
        Assert.Equal("2026-10-31 23:30:00", records[1][7]);
    }

    [Fact]
    public async Task Write_Records_EndWithCrLfAndQuoteOnlyWhereNeeded()
    {
        var text = Encoding.UTF8.GetString(await WriteAsync([Line("a,b"), Line("plain")]))[1..];

        var lines = text.Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[^1]);
        Assert.EndsWith(",\"a,b\"", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",plain", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"点我\")")]
    [InlineData("+8613800000000")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public async Task Write_FieldThatLooksLikeAFormula_StartsWithAQuote(string description)
    {
        var bytes = await WriteAsync([Line(description, address: description, caseNo: description)]);

        var record = Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3))[1];
        Assert.Equal("'" + description, record[^1]);
        Assert.Equal("'" + description, record[^2]);
        Assert.Equal("'" + description, record[0]);
    }

    [Fact]
    public async Task Detail_CaseReportedAt2330OnOctober31Shanghai_IsInOctoberNotNovember()
    {
        using var db = TestDatabase.CreateMigrated();
        await ReportTestCity.InsertReferenceAsync(db.Connections);
        // 2026-10-31 23:30 in Shanghai is 15:30 UTC; 2026-11-01 00:00 is 16:00 UTC.
        await ReportTestCity.InsertAsync(db.Connections,
        [
            new ReportCase(ReportTestCity.StreetA, null, ReportTestCity.Manhole, "hotline", new DateTime(2026, 10, 31, 15, 30, 0, DateTimeKind.Utc), CaseNo: "OCT-LAST"),
            new ReportCase(ReportTestCity.StreetA, null, ReportTestCity.Manhole, "hotline", new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc), CaseNo: "NOV-FIRST"),
            new ReportCase(ReportTestCity.StreetA, null, ReportTestCity.Manhole, "hotline", new DateTime(2026, 9, 30, 15, 59, 59, DateTimeKind.Utc), CaseNo: "SEP-LAST"),
        ]);
        var now = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);

        var october = await CaseNumbersAsync(db, Period.Month(2026, 10), now);
        var november = await CaseNumbersAsync(db, Period.Month(2026, 11), now);

        Assert.Equal(["OCT-LAST"], october);
        Assert.Equal(["NOV-FIRST"], november);
    }

    [Fact]
    public async Task Detail_CaseClosedAfterTheMonthsEnd_ShowsItsStateAtTheEndOfTheMonth()
    {
        using var db = TestDatabase.CreateMigrated();
        await ReportTestCity.InsertReferenceAsync(db.Connections);
        var reported = new DateTime(2026, 10, 30, 2, 0, 0, DateTimeKind.Utc);
        await ReportTestCity.InsertAsync(db.Connections,
        [
            new ReportCase(ReportTestCity.StreetA, ReportTestCity.Municipal, ReportTestCity.Manhole, "hotline", reported,
                reported.AddHours(1), reported.AddHours(2), reported.AddHours(26), reported.AddDays(5), reported.AddDays(6),
                Method: "service", Rating: "satisfied", RatedAt: reported.AddDays(7)),
        ]);
        var line = Assert.Single(await LinesAsync(db, Period.Month(2026, 10), new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc)));

        // At the end of October it was dispatched, past its deadline, not yet resolved: 派遣, overdue, no closing, no rating,
        // and no resolution method (the method it was resolved by in November is not October's).
        Assert.Equal(("派遣", true, (DateTime?)null, "", ""), (line.Status, line.IsOverdue, line.ClosedAt, line.Rating, line.Method));
        Assert.Null(line.ResolutionHours);
        Assert.Equal(new DateTime(2026, 10, 30, 12, 0, 0), line.DispatchedAt);
        Assert.Equal("市政", line.Department);
    }

    [Fact]
    public async Task Detail_StatusAsOfT_ReworkedIsDispatched_ResolvedAtTheDispatchInstantIsResolved_ClosedOnTimeIsNotLate()
    {
        using var db = TestDatabase.CreateMigrated();
        await ReportTestCity.InsertReferenceAsync(db.Connections);
        var reported = new DateTime(2026, 10, 10, 2, 0, 0, DateTimeKind.Utc);
        await ReportTestCity.InsertAsync(db.Connections,
        [
            // Resolved on the 12th, failed verification (返工) and dispatched again on the 13th: the stored resolution is older.
            new ReportCase(ReportTestCity.StreetA, ReportTestCity.Municipal, ReportTestCity.Manhole, "hotline", reported,
                reported.AddHours(1), DispatchedAt: reported.AddDays(3), DeadlineAt: reported.AddDays(5), ResolvedAt: reported.AddDays(2),
                ReworkCount: 1, Method: "service", CaseNo: "REWORKED"),
            // Resolved at the very instant of its dispatch (an on-the-spot fix): 处置, with its method.
            new ReportCase(ReportTestCity.StreetA, ReportTestCity.Municipal, ReportTestCity.Manhole, "hotline", reported,
                reported.AddHours(1), DispatchedAt: reported.AddHours(2), DeadlineAt: reported.AddDays(2), ResolvedAt: reported.AddHours(2),
                Method: "service", CaseNo: "ON-THE-SPOT"),
            // Dispatched at +2 h, resolved a day after the report, closed an hour later, a day before its deadline.
            new ReportCase(ReportTestCity.StreetA, ReportTestCity.Municipal, ReportTestCity.Manhole, "hotline", reported,
                reported.AddHours(1), DispatchedAt: reported.AddHours(2), DeadlineAt: reported.AddDays(2), ResolvedAt: reported.AddDays(1),
                ClosedAt: reported.AddDays(1).AddHours(1), Method: "service", CaseNo: "ON-TIME", Address: "纬二路 8 号"),
        ]);
        var lines = (await LinesAsync(db, Period.Month(2026, 10), new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc))).ToDictionary(l => l.CaseNo);

        Assert.Equal(("派遣", 1), (lines["REWORKED"].Status, lines["REWORKED"].ReworkCount));
        Assert.Equal(("处置", "服务"), (lines["ON-THE-SPOT"].Status, lines["ON-THE-SPOT"].Method));
        // Closed on time: not closed late; resolved in the month 22 h after its dispatch.
        Assert.Equal(("结案", 0L, 22.0), (lines["ON-TIME"].Status, lines["ON-TIME"].ClosedLate, lines["ON-TIME"].ResolutionHours));
        Assert.Equal(("纬二路 8 号", ""), (lines["ON-TIME"].Address, lines["REWORKED"].Address));
    }

    /// <summary>The month's detail lines of the whole city as of its T (the month's end, or now while it runs).</summary>
    private static async Task<List<CaseDetailLine>> LinesAsync(TestDatabase db, Period month, DateTime now)
    {
        var details = new CaseDetailQuery(db.Connections, new ReferenceCatalog(db.Connections), ReportTestCity.Calendar);
        await using var connection = await details.OpenAsync();
        return (await details.ReadAsync(connection, new MonthlyReportRequest(month, ReportScope.City),
            ReportTestCity.Calendar.AsOf(month, now), showPhone: false)).ToList();
    }

    private static async Task<List<string>> CaseNumbersAsync(TestDatabase db, Period month, DateTime now)
    {
        var bytes = await WriteAsync(await LinesAsync(db, month, now));
        return Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3)).Skip(1).Select(r => r[0]).ToList();
    }

    private static async Task<byte[]> WriteAsync(IEnumerable<CaseDetailLine> rows)
    {
        using var stream = new MemoryStream();
        await CaseDetailCsv.WriteAsync(stream, rows);
        return stream.ToArray();
    }
}

/// <summary>A small RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF record ends.</summary>
internal static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException("unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] != ',' && text[i] != '\r') throw new FormatException($"text after a closing quote at {i}");
                continue;
            }
            if (text[i] == ',') { fields.Add(field.ToString()); field.Clear(); i++; continue; }
            if (text[i] == '\r')
            {
                if (i + 1 >= text.Length || text[i + 1] != '\n') throw new FormatException($"bare CR at {i}");
                fields.Add(field.ToString()); field.Clear();
                records.Add([.. fields]); fields.Clear();
                i += 2;
                continue;
            }
            if (text[i] is '\n' or '"') throw new FormatException($"bare LF or quote in an unquoted field at {i}");
            field.Append(text[i++]);
        }
        if (field.Length > 0 || fields.Count > 0) throw new FormatException("last record has no CRLF");
        return records;
    }
}
