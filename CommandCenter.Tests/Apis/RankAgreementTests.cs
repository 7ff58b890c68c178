using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using CommandCenter.Tests.Features.Reports;
using CommandCenter.Tests.Security;
using MiniExcelLibs;

namespace CommandCenter.Tests.Apis;

/// <summary>
/// One ranking rule everywhere: on the same month of data the wall's ranking, <c>GET /api/v1/indicators</c> and the monthly
/// report's workbook give every street and department the same rank, a tie the same number, a unit without a composite none.
/// </summary>
public sealed class RankAgreementTests : IAsyncLifetime
{
    private readonly SecurityAppFactory _factory = new();
    private Period _month = default!;

    public async Task InitializeAsync()
    {
        var connections = _factory.Service<DbConnectionFactory>();
        var calendar = _factory.Service<BusinessCalendar>();
        _month = calendar.ThisMonth(DateTime.UtcNow).Previous();
        await ReportTestCity.InsertReferenceAsync(connections);
        var start = calendar.ToUtc(_month).FromUtc.AddDays(3);
        // 济阳街道 and 济北街道 have the same two cases (one closed on time, one late): a tie. 回河街道 has none.
        // 市政 closed both of its cases on time, 环卫 both late.
        IEnumerable<ReportCase> Street(long street, int hour) =>
        [
            new(street, ReportTestCity.Municipal, ReportTestCity.Manhole, "hotline", start.AddHours(hour), start.AddHours(hour).AddMinutes(30),
                start.AddHours(hour + 1), start.AddHours(hour + 25), start.AddHours(hour + 12), start.AddHours(hour + 13)),
            new(street, ReportTestCity.Sanitation, ReportTestCity.Vending, "app", start.AddHours(hour), start.AddHours(hour).AddMinutes(30),
                start.AddHours(hour + 1), start.AddHours(hour + 25), start.AddHours(hour + 40), start.AddHours(hour + 48)),
        ];
        await ReportTestCity.InsertAsync(connections, Street(ReportTestCity.StreetA, 0).Concat(Street(ReportTestCity.StreetB, 2)));
        _factory.Service<ReferenceCatalog>().Invalidate();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ranks_SameMonth_AreTheSameOnTheWallTheApiAndTheReport()
    {
        var client = _factory.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await _factory.Service<ApiKeyStore>().CreateAsync("ranks", [ApiScopes.Read]));
        var calendar = _factory.Service<BusinessCalendar>();

        // The wall: the month to date, one second before the month ends.
        var lastSecond = calendar.ToUtc(_month).ToUtc.AddSeconds(-1);
        var rebuilt = await _factory.Service<DashboardLoader>().RebuildAsync(lastSecond, CancellationToken.None);
        var wall = DashboardProjection.Build(rebuilt.State, lastSecond, _factory.Service<CompositeWeights>(), rebuilt.Rankings);

        // The API: the month's days.
        async Task<Dictionary<string, int?>> ApiAsync(string groupBy)
        {
            var from = _month.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = _month.End.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var response = await client.GetFromJsonAsync<JsonElement>($"/api/v1/indicators?from={from}&to={to}&groupBy={groupBy}");
            return response.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("code").GetString()!,
                g => g.GetProperty("rank").ValueKind == JsonValueKind.Null ? (int?)null : g.GetProperty("rank").GetInt32());
        }

        // The report: the workbook's ranking sheets ("—" for no rank).
        var xlsx = new MemoryStream(await client.GetByteArrayAsync($"/api/v1/reports/monthly/{_month.Label}.xlsx"));
        Dictionary<string, int?> Report(string sheet, string codeHeader)
        {
            xlsx.Position = 0;
            return MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>()
                .ToDictionary(r => (string)r[codeHeader]!, r => r["排名"] is string ? (int?)null : Convert.ToInt32(r["排名"], CultureInfo.InvariantCulture));
        }

        var streets = new Dictionary<string, int?> { ["S01"] = 1, ["S02"] = 1, ["S03"] = null };
        var departments = new Dictionary<string, int?> { ["municipal"] = 1, ["sanitation"] = 2 };
        Assert.Equal(streets, wall.StreetRanking.ToDictionary(r => r.Code, r => r.Rank));
        Assert.Equal(streets, await ApiAsync("street"));
        Assert.Equal(streets, Report("街道排名", "街道代码"));
        Assert.Equal(departments, wall.DepartmentRanking.ToDictionary(r => r.Code, r => r.Rank));
        Assert.Equal(departments, await ApiAsync("department"));
        Assert.Equal(departments, Report("部门排名", "部门代码"));
        // The tie ordered by name (济北 before 济阳, ordinal), the unranked street last.
        Assert.Equal(["S02", "S01", "S03"], wall.StreetRanking.Select(r => r.Code));
    }
}
