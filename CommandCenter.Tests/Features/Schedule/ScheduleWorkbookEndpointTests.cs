using System.Net;
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
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["道路责任 2026-W47", "巡查计划 2026-W48", "领导带班值班表 2026-W48"], MiniExcel.GetSheetNames(xlsx));
        var road = (IDictionary<string, object>)Assert.Single(MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "道路责任 2026-W47"));
        Assert.Equal("张局长", road["包路领导"]);
        Assert.Equal("纬二路", road["责任路段"]);
        Assert.Equal(1d, Convert.ToDouble(road["已巡查"]));
        Assert.Equal("2026-11-22 23:50", road["最近巡查"]);
        Assert.Equal("应巡查次数已无法完成", road["原因"]);
        var plan = (IDictionary<string, object>)Assert.Single(MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "巡查计划 2026-W48"));
        Assert.Equal("✓", plan["周一 11-23"]);
        Assert.Equal("✓", plan["周三 11-25"]);
        Assert.Equal(2d, Convert.ToDouble(plan["计划次数"]));
        var roster = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "领导带班值班表 2026-W48").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(7, roster.Count);
        Assert.Equal("张局长", roster[1]["带班领导"]);
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
}
