using System.IO.Compression;
using System.Net;
using System.Xml.Linq;
using CommandCenter.Data;
using CommandCenter.Features.Schedule;
using CommandCenter.Security;
using CommandCenter.Testing;
using CommandCenter.Tests.Security;
using Dapper;
using MiniExcelLibs;

namespace CommandCenter.Tests.Features.Schedule;

public sealed class ScheduleWorkbookEndpointTests
{
    [Fact]
    public async Task Xlsx_SignedInStaff_GetsTheWeeksTableAndNextWeeksPlanAndRoster()
    {
        using var factory = new SecurityAppFactory();
        var client = await factory.SignedInClientAsync("xlsx-staff", Roles.Staff);
        await using (var connection = await factory.Service<DbConnectionFactory>().OpenAsync())
        {
            await new TestCity()
                .District(id: 1).Street("S01", "济阳街道", id: 2).Road("R01", "纬二路", "S01", id: 1)
                .Leader("L01", "张局长", "局长", isMain: true, patrolsPerWeek: 3, id: 1)
                .Assignment("L01", "R01", "2026-03-01", "2026-12-31")
                .WriteAsync(connection);
            await connection.ExecuteAsync("""
                INSERT INTO patrols (leader_id, road_id, started_at, ended_at, mode, recorded_at)
                    VALUES (1, 1, @Sunday, @Sunday, 'walk', @Sunday);
                INSERT INTO patrol_plans (leader_id, week_start, planned_days, version, updated_at, updated_by)
                    VALUES (1, '2026-11-23', 5, 1, @Sunday, 'test');
                INSERT INTO duty_roster (duty_date, leader_id, version, updated_at, updated_by) VALUES ('2026-11-24', 1, 1, @Sunday, 'test');
                """, new { Sunday = new DateTime(2026, 11, 22, 15, 50, 0, DateTimeKind.Utc) });
        }

        using var response = await client.GetAsync("/schedule/2026-W47.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CommandCenter.Extensions.ContentTypes.Xlsx, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("schedule-2026-W47.xlsx", response.Content.Headers.ContentDisposition?.ToString());
        // The name a browser saves it under: Chinese, from filename* (RFC 6266).
        Assert.Equal("周调度 2026-W47.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["道路责任 2026-W47", "巡查计划 2026-W48", "领导带班值班表 2026-W48"], MiniExcel.GetSheetNames(xlsx));
        var road = (IDictionary<string, object>)Assert.Single(MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "道路责任 2026-W47"));
        Assert.Equal("张局长", road["包路领导"]);
        Assert.Equal("纬二路", road["责任路段"]);
        Assert.Equal(1d, Convert.ToDouble(road["已巡查"]));
        // The issue asked for real dates: the local time as an Excel date-time, not text.
        Assert.Equal(new DateTime(2026, 11, 22, 23, 50, 0), road["最近巡查"]);
        Assert.Equal("应巡查次数已无法完成", road["原因"]);
        var plan = (IDictionary<string, object>)Assert.Single(MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "巡查计划 2026-W48"));
        Assert.Equal("✓", plan["周一 11-23"]);
        Assert.Equal("✓", plan["周三 11-25"]);
        Assert.Equal(2d, Convert.ToDouble(plan["计划次数"]));
        var roster = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "领导带班值班表 2026-W48").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(7, roster.Count);
        Assert.Equal("张局长", roster[1]["带班领导"]);
        Assert.Equal(new DateTime(2026, 11, 24), roster[1]["日期"]);

        var parts = new XlsxParts(xlsx);
        var roads = parts.Sheet(1);
        Assert.Equal("yyyy-mm-dd hh:mm", parts.NumberFormatOf(roads, "最近巡查", row: 2));
        Assert.Equal("#,##0", parts.NumberFormatOf(roads, "已巡查", row: 2));
        Assert.Equal("yyyy-mm-dd", parts.NumberFormatOf(parts.Sheet(3), "日期", row: 2));
        // Excel's width of a column set to N characters is N plus cell padding.
        Assert.InRange(parts.WidthOf(roads, "包路领导"), 12, 13);
        Assert.InRange(parts.WidthOf(roads, "原因"), 26, 27);
        // The status cell: its word, on its colour (red: 应巡查次数已无法完成).
        Assert.Equal("红灯", road["状态"]);
        Assert.Equal(XlsxStatusFills.ColoursOf(CommandCenter.Domain.RoadStatusColour.Red), parts.ColoursOf(roads, "状态", row: 2));
    }

    [Fact]
    public async Task Xlsx_English_IsNamedAndHeadedInEnglish()
    {
        using var factory = new SecurityAppFactory();
        var client = await factory.SignedInClientAsync("xlsx-en", Roles.Staff);

        using var response = await client.GetAsync("/schedule/2026-W47.xlsx?culture=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Weekly review 2026-W47.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("Road responsibility 2026-W47", MiniExcel.GetSheetNames(xlsx)[0]);
    }

    [Theory]
    [InlineData("2026-W99")]
    [InlineData("sample")]
    public async Task Xlsx_NotAnIsoWeek_Is400WithProblemDetails(string week)
    {
        using var factory = new SecurityAppFactory();
        var client = await factory.SignedInClientAsync("xlsx-bad", Roles.Leader);

        using var response = await client.GetAsync($"/schedule/{week}.xlsx");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("2026-W47", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The parts of an xlsx a test reads: a sheet's XML, and the number format, colours and widths of its cells.</summary>
    private sealed class XlsxParts(Stream xlsx)
    {
        private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        private readonly ZipArchive _zip = new(xlsx, ZipArchiveMode.Read, leaveOpen: true);

        public XDocument Sheet(int number) => Part($"xl/worksheets/sheet{number}.xml");

        public string NumberFormatOf(XDocument sheet, string header, int row)
        {
            var numFmtId = (int)Style(sheet, header, row).Attribute("numFmtId")!;
            var custom = Part("xl/styles.xml").Descendants(Main + "numFmt").FirstOrDefault(f => (int)f.Attribute("numFmtId")! == numFmtId);
            return (string?)custom?.Attribute("formatCode") ?? $"builtin {numFmtId}";
        }

        public (string Fill, string Font) ColoursOf(XDocument sheet, string header, int row)
        {
            var style = Style(sheet, header, row);
            var styles = Part("xl/styles.xml");
            var fill = styles.Descendants(Main + "fills").Single().Elements().ElementAt((int)style.Attribute("fillId")!);
            var font = styles.Descendants(Main + "fonts").Single().Elements().ElementAt((int)style.Attribute("fontId")!);
            return ((string)fill.Descendants(Main + "fgColor").Single().Attribute("rgb")!, (string)font.Element(Main + "color")!.Attribute("rgb")!);
        }

        public double WidthOf(XDocument sheet, string header)
        {
            var column = ColumnOf(sheet, header) + 1;
            var col = sheet.Descendants(Main + "col").Single(c => (int)c.Attribute("min")! <= column && column <= (int)c.Attribute("max")!);
            return (double)col.Attribute("width")!;
        }

        private XElement Style(XDocument sheet, string header, int row)
        {
            var cell = sheet.Descendants(Main + "row").Single(r => (int)r.Attribute("r")! == row).Elements(Main + "c").ElementAt(ColumnOf(sheet, header));
            return Part("xl/styles.xml").Descendants(Main + "cellXfs").Single().Elements().ElementAt((int?)cell.Attribute("s") ?? 0);
        }

        private int ColumnOf(XDocument sheet, string header)
        {
            var strings = _zip.GetEntry("xl/sharedStrings.xml") is null ? [] : Part("xl/sharedStrings.xml").Descendants(Main + "si").Select(s => s.Value).ToList();
            var headers = sheet.Descendants(Main + "row").First().Elements(Main + "c")
                .Select(c => (string?)c.Attribute("t") == "s" ? strings[(int)c.Element(Main + "v")!] : c.Value).ToList();
            var index = headers.IndexOf(header);
            Assert.True(index >= 0, $"no column {header} in {string.Join(", ", headers)}");
            return index;
        }

        private XDocument Part(string name)
        {
            using var stream = _zip.GetEntry(name)!.Open();
            return XDocument.Load(stream);
        }
    }
}
