using System.Net;
using System.Text;
using System.Text.Json;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Security;
using CommandCenter.Tests.Security;
using MiniExcelLibs;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>The report API in the real app: who may download, what a bad request gets, who sees reporter phones.</summary>
public sealed class ReportsApiTests : IAsyncLifetime
{
    private readonly SecurityAppFactory _factory = new();
    private string _lastMonth = "";

    public async Task InitializeAsync()
    {
        var connections = _factory.Service<DbConnectionFactory>();
        var calendar = _factory.Service<BusinessCalendar>();
        var month = calendar.ThisMonth(DateTime.UtcNow).Previous();
        _lastMonth = month.Label;
        await ReportTestCity.InsertReferenceAsync(connections);
        var reported = calendar.ToUtc(month).FromUtc.AddDays(3);
        await ReportTestCity.InsertAsync(connections,
        [
            new ReportCase(ReportTestCity.StreetA, null, ReportTestCity.Manhole, "hotline", reported, Phone: "13812345678",
                Description: "=HYPERLINK(\"http://evil\")", CaseNo: "API-1"),
            new ReportCase(ReportTestCity.StreetB, null, ReportTestCity.Vending, "app", reported.AddHours(1), Phone: "13900001111", CaseNo: "API-2"),
        ]);
        _factory.Service<ReferenceCatalog>().Invalidate();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Csv_Anonymous_Is401()
    {
        using var response = await _factory.NewClient().GetAsync($"/api/v1/reports/monthly/{_lastMonth}.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Xlsx_IngestKey_Is403AndReadKey_GetsTheWorkbook()
    {
        var ingest = await KeyClientAsync(ApiScopes.Ingest);
        var read = await KeyClientAsync(ApiScopes.Read);

        using var denied = await ingest.GetAsync($"/api/v1/reports/monthly/{_lastMonth}.xlsx");
        using var allowed = await read.GetAsync($"/api/v1/reports/monthly/{_lastMonth}.xlsx");

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", allowed.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"月报-{_lastMonth}.xlsx", allowed.Content.Headers.ContentDisposition?.FileNameStar);
        using var file = new MemoryStream(await allowed.Content.ReadAsByteArrayAsync());
        var detail = MiniExcel.Query(file, useHeaderRow: true, sheetName: "明细").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["API-1", "API-2"], detail.Select(r => (string)r["案件编号"]!));
        // An API key is never a person with the PII permission.
        Assert.Equal(["138****5678", "139****1111"], detail.Select(r => (string)r["举报人电话"]!));
        var (audit, _) = await _factory.Service<AuditLog>().PageAsync(0, 20);
        Assert.Contains(audit, a => a.Actor.StartsWith("report-read-", StringComparison.Ordinal) && a.Action == AuditActions.Export
            && a.Target == $"monthly-report {_lastMonth}" && a.Detail == "xlsx");
    }

    [Fact]
    public async Task Csv_StaffWithoutPii_SeesMaskedPhones()
    {
        var client = await _factory.SignedInClientAsync("staff-plain", Roles.Staff);

        var records = await CsvAsync(client, $"/api/v1/reports/monthly/{_lastMonth}.csv");

        Assert.Equal(["138****5678", "139****1111"], records.Skip(1).Select(r => r[Phone]));
        Assert.Equal("'=HYPERLINK(\"http://evil\")", records[1][^1]);
    }

    [Fact]
    public async Task Csv_StaffWithPii_SeesTheNumbersAndTheExportIsAudited()
    {
        var password = Secrets.NewPassword();
        await _factory.Service<UserStore>().CreateAsync("staff-pii", password, new UserEdit("staff-pii", [Roles.Staff], HasPii: true, LeaderId: null));
        var client = _factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityAppFactory.PostLoginAsync(client, "staff-pii", password)).StatusCode);

        var records = await CsvAsync(client, $"/api/v1/reports/monthly/{_lastMonth}.csv?street=S01");

        Assert.Equal(["13812345678"], records.Skip(1).Select(r => r[Phone]));
        var (audit, _) = await _factory.Service<AuditLog>().PageAsync(0, 20);
        Assert.Contains(audit, a => a.Actor == "staff-pii" && a.Action == AuditActions.Export
            && a.Target == $"monthly-report {_lastMonth} street=S01" && a.Detail == "csv, phones unmasked");
    }

    [Theory]
    [InlineData("2026-13.xlsx", "not a month")]
    [InlineData("2026-1.csv", "not a month")]
    [InlineData("latest.xlsx", "not a month")]
    [InlineData("2098-01.xlsx", "in the future")]
    [InlineData("2100-01.xlsx", "not a month")]
    [InlineData("{last}.csv?street=NOPE", "not the code of a street")]
    [InlineData("{last}.csv?street=D01", "not the code of a street")]
    [InlineData("{last}.xlsx?department=S01", "not the code of a department")]
    public async Task Report_BadRequest_Is400ProblemDetailsSayingWhy(string path, string reason)
    {
        var client = await KeyClientAsync(ApiScopes.Read);

        using var response = await client.GetAsync("/api/v1/reports/monthly/" + path.Replace("{last}", _lastMonth, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(reason, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_RunningMonth_IsAllowed()
    {
        var client = await KeyClientAsync(ApiScopes.Read);
        var thisMonth = _factory.Service<BusinessCalendar>().ThisMonth(DateTime.UtcNow).Label;

        using var response = await client.GetAsync($"/api/v1/reports/monthly/{thisMonth}.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PrintPage_Staff_GetsTheA4PageWithRankingsAndBarsAndTheViewIsAudited()
    {
        var client = await _factory.SignedInClientAsync("staff-print", Roles.Staff);

        using var response = await client.GetAsync($"/reports/{_lastMonth}/print?department=municipal");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("@page { size: A4;", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"print-street-ranking\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains("济北街道", html, StringComparison.Ordinal);
        var (audit, _) = await _factory.Service<AuditLog>().PageAsync(0, 20);
        Assert.Contains(audit, a => a.Actor == "staff-print" && a.Action == AuditActions.Export
            && a.Target == $"monthly-report {_lastMonth} department=municipal" && a.Detail == "print");
    }

    [Fact]
    public async Task PrintPage_MonthInTheFuture_Is400WithAMessage()
    {
        var client = await _factory.SignedInClientAsync("staff-print-bad", Roles.Staff);

        using var response = await client.GetAsync("/reports/2999-01/print");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-testid=\"bad-month\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintPage_ReadKey_Is403()
    {
        var client = await KeyClientAsync(ApiScopes.Read);

        using var response = await client.GetAsync($"/reports/{_lastMonth}/print");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static readonly int Phone = Array.IndexOf(CaseDetailCsv.Headers, "举报人电话");

    [Theory]
    [InlineData("csv?street=S01", "济阳街道")]
    [InlineData("xlsx?street=S02&department=sanitation", "济北街道-环卫")]
    public async Task Files_Filtered_AreNamedByTheStreetAndDepartmentNamesNotTheirCodes(string query, string names)
    {
        var read = await KeyClientAsync(ApiScopes.Read);

        using var response = await read.GetAsync($"/api/v1/reports/monthly/{_lastMonth}.{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var extension = query[..query.IndexOf('?', StringComparison.Ordinal)];
        // filename* (RFC 5987, UTF-8): the browser saves the Chinese name.
        Assert.Equal($"月报-{_lastMonth}-{names}.{extension}", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("filename*=UTF-8''", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> KeyClientAsync(string scope)
    {
        var client = _factory.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await _factory.Service<ApiKeyStore>().CreateAsync($"report-{scope}-{Guid.NewGuid():N}", [scope]));
        return client;
    }

    private static async Task<List<string[]>> CsvAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }
}
