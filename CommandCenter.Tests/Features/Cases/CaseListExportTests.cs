using System.Net;
using System.Text;
using System.Text.Json;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using CommandCenter.Tests.Features.Reports;
using CommandCenter.Tests.Security;
using MiniExcelLibs;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>
/// The export of /cases' filtered list in the real app: the rows of the filter read back from xlsx and CSV, formula
/// injection neutralised, phones masked without the PII permission, each export audited with its filter and row count, bad
/// filters a 400 saying why, and who may not export.
/// </summary>
public sealed class CaseListExportTests : IAsyncLifetime
{
    private readonly SecurityAppFactory _factory = new();
    private string _from = "", _to = "";

    public async Task InitializeAsync()
    {
        var connections = _factory.Service<DbConnectionFactory>();
        var calendar = _factory.Service<BusinessCalendar>();
        var month = calendar.ThisMonth(DateTime.UtcNow).Previous();
        (_from, _to) = ($"{month.Start:yyyy-MM-dd}", $"{month.End.AddDays(-1):yyyy-MM-dd}");
        await ReportTestCity.InsertReferenceAsync(connections);
        var start = calendar.ToUtc(month).FromUtc;
        await ReportTestCity.InsertAsync(connections,
        [
            new ReportCase(ReportTestCity.StreetA, null, ReportTestCity.Manhole, "hotline", start.AddDays(3), Phone: "13812345678",
                Description: "=HYPERLINK(\"http://evil\",\"点我\")", Address: "@SUM(A1:A2)", CaseNo: "EXP-1"),
            new ReportCase(ReportTestCity.StreetA, ReportTestCity.Municipal, ReportTestCity.Manhole, "app", start.AddDays(4),
                start.AddDays(4).AddMinutes(5), start.AddDays(4).AddMinutes(10), start.AddDays(6), Phone: "13900001111",
                Description: "井盖缺失, \"急\"\r\n第二行", Address: "纬二路 1 号", CaseNo: "EXP-2"),
            // Another street, and a case of the month before: not in the filtered list.
            new ReportCase(ReportTestCity.StreetB, null, ReportTestCity.Vending, "app", start.AddDays(5), CaseNo: "EXP-OTHER-STREET"),
            new ReportCase(ReportTestCity.StreetA, null, ReportTestCity.Vending, "app", start.AddSeconds(-1), CaseNo: "EXP-MONTH-BEFORE"),
        ]);
        _factory.Service<ReferenceCatalog>().Invalidate();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private string Filter => $"from={_from}&to={_to}&street=S01&sort=reportedAsc";

    [Fact]
    public async Task Csv_StaffWithoutPii_GetsTheFilteredRowsMaskedAndNeutralised_AndTheExportIsAudited()
    {
        var client = await _factory.SignedInClientAsync("staff-export", Roles.Staff);

        using var response = await client.GetAsync($"/api/v1/cases/export.csv?{Filter}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"案件查询-{_from.Replace("-", "")}-{_to.Replace("-", "")}.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(CaseListExporter.Headers, records[0]);
        var rows = records.Skip(1).ToList();
        Assert.Equal(["EXP-1", "EXP-2"], rows.Select(r => r[0]));
        Assert.Equal(["138****5678", "139****1111"], rows.Select(r => r[Column("举报人电话")]));
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"点我\")", rows[0][Column("问题描述")]);
        Assert.Equal("'@SUM(A1:A2)", rows[0][Column("地址")]);
        Assert.Equal("井盖缺失, \"急\"\r\n第二行", rows[1][Column("问题描述")]);
        Assert.Equal(("派遣", "市民随手拍", "井盖", "济阳街道", "市政"),
            (rows[1][Column("状态")], rows[1][Column("来源")], rows[1][Column("类别")], rows[1][Column("街道")], rows[1][Column("责任部门")]));

        var (audit, _) = await _factory.Service<AuditLog>().PageAsync(0, 20);
        Assert.Contains(audit, a => a.Actor == "staff-export" && a.Action == AuditActions.Export
            && a.Target == $"cases from={_from}&to={_to}&street=S01&sort=reportedAsc" && a.Detail == "csv, 2 rows");
    }

    [Fact]
    public async Task Xlsx_StaffWithPii_ReadsBackTheRowsWithPhones_NeutralisedAndAudited()
    {
        var password = Secrets.NewPassword();
        await _factory.Service<UserStore>().CreateAsync("staff-pii-export", password,
            new UserEdit("staff-pii-export", [Roles.Staff], HasPii: true, LeaderId: null));
        var client = _factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityAppFactory.PostLoginAsync(client, "staff-pii-export", password)).StatusCode);

        using var response = await client.GetAsync($"/api/v1/cases/export.xlsx?{Filter}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(file, useHeaderRow: true, sheetName: "案件").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["EXP-1", "EXP-2"], rows.Select(r => (string)r["案件编号"]!));
        Assert.Equal(["13812345678", "13900001111"], rows.Select(r => (string)r["举报人电话"]!));
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"点我\")", rows[0]["问题描述"]);
        Assert.Equal("'@SUM(A1:A2)", rows[0]["地址"]);
        Assert.Equal(CaseListExporter.Headers, rows[0].Keys);
        // No cell of the sheet is a formula.
        file.Position = 0;
        using (var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true))
        using (var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()))
            Assert.DoesNotContain("<x:f>", (await sheet.ReadToEndAsync()).Replace("<f>", "<x:f>", StringComparison.Ordinal), StringComparison.Ordinal);

        var (audit, _) = await _factory.Service<AuditLog>().PageAsync(0, 20);
        Assert.Contains(audit, a => a.Actor == "staff-pii-export" && a.Action == AuditActions.Export
            && a.Target == $"cases {Filter}" && a.Detail == "xlsx, 2 rows, phones unmasked");
    }

    [Fact]
    public async Task Xlsx_ReadKey_GetsMaskedPhones()
    {
        var client = await KeyClientAsync(ApiScopes.Read);

        using var response = await client.GetAsync($"/api/v1/cases/export.xlsx?{Filter}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(file, useHeaderRow: true, sheetName: "案件").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["138****5678", "139****1111"], rows.Select(r => (string)r["举报人电话"]!));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Export_AnonymousIngestKeyAndDisplay_AreRefused(string format)
    {
        var url = $"/api/v1/cases/export.{format}?{Filter}";
        var ingest = await KeyClientAsync(ApiScopes.Ingest);
        var (display, _) = await _factory.DisplayClientAsync($"hall-{format}");

        using var anonymous = await _factory.NewClient().GetAsync(url);
        using var ingestKey = await ingest.GetAsync(url);
        using var device = await display.GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ingestKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, device.StatusCode);
        var (audit, _) = await _factory.Service<AuditLog>().PageAsync(0, 50);
        Assert.DoesNotContain(audit, a => a.Action == AuditActions.Export);
    }

    [Theory]
    [InlineData("csv?street=S99", "street", "No street with the code 'S99'")]
    [InlineData("xlsx?from=2026-03-31&to=2026-03-01", "to", "before from")]
    [InlineData("csv?outcome=due", "outcome", "dateField=registered")]
    [InlineData("csv?limit=10", "limit", "whole list")]
    [InlineData("xlsx?cursor=abc", "cursor", "whole list")]
    public async Task Export_BadFilter_Is400SayingWhy_AndExportsNothing(string query, string field, string reason)
    {
        var client = await KeyClientAsync(ApiScopes.Read);

        using var response = await client.GetAsync("/api/v1/cases/export." + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(reason, problem.RootElement.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        var (audit, _) = await _factory.Service<AuditLog>().PageAsync(0, 50);
        Assert.DoesNotContain(audit, a => a.Action == AuditActions.Export);
    }

    private static int Column(string header) => Array.IndexOf(CaseListExporter.Headers, header);

    private async Task<HttpClient> KeyClientAsync(string scope)
    {
        var client = _factory.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await _factory.Service<ApiKeyStore>().CreateAsync($"cases-{scope}-{Guid.NewGuid():N}", [scope]));
        return client;
    }
}
