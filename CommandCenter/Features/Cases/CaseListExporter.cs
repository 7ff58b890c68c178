using System.Security.Claims;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Security;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace CommandCenter.Features.Cases;

/// <summary>
/// One case of the exported list (案件导出): names instead of codes, stage times in local time, the phone already masked
/// for the viewer, every text field safe to open in a spreadsheet (<see cref="CaseDetailCsv.Neutralise"/>).
/// </summary>
public sealed record CaseExportLine(
    string CaseNo,
    string Status,
    string Source,
    string Category,
    string Street,
    string Region,
    string Road,
    string Department,
    string Level,
    bool IsUrgent,
    DateTime ReportedAt,
    DateTime? RegisteredAt,
    DateTime? DispatchedAt,
    DateTime? DeadlineAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    string Method,
    string Rating,
    int ReworkCount,
    string ReporterPhone,
    string Address,
    string Description);

/// <summary>
/// The export of <c>/cases</c>' filtered list as xlsx or CSV (<c>GET /api/v1/cases/export.xlsx | .csv</c>): every case the
/// filter selects, in the list's order, read unbuffered and written as it is read, so memory stays flat whatever the size.
/// The rules are the monthly report's 明细 (<see cref="CaseDetailCsv"/>): formula injection neutralised, the reporter's phone
/// masked unless the caller holds the PII permission (an API key never does). Each export is written to the audit log, with
/// the filter and the number of rows, before a row leaves.
/// </summary>
public sealed class CaseListExporter(
    DbConnectionFactory connections,
    CaseListQuery list,
    ReferenceCatalog reference,
    BusinessCalendar calendar,
    AuditLog audit,
    IAuthorizationService authorization,
    TimeProvider clock)
{
    public const string FormatXlsx = "xlsx";
    public const string FormatCsv = "csv";

    /// <summary>The most rows one export may hold: an xlsx sheet has 1,048,576 rows; a larger list is refused, not cut.</summary>
    public const long MaxRows = 1_000_000;

    /// <summary>案件查询-20260301-20260331.csv: the period when the filter has one, else the day of the export.</summary>
    public string FileName(CaseFilter filter, string extension)
    {
        var period = filter.From is { } from && filter.To is { } to
            ? $"{from:yyyyMMdd}-{to:yyyyMMdd}"
            : calendar.LocalDate(clock.GetUtcNow().UtcDateTime).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return $"案件查询-{period}.{extension}";
    }

    /// <summary>How many rows the export of <paramref name="filter"/> would hold now.</summary>
    public Task<long> CountAsync(CaseFilter filter, CancellationToken cancellationToken = default) => list.CountAsync(filter, cancellationToken);

    public async Task WriteCsvAsync(CaseFilter filter, long rows, ClaimsPrincipal user, Stream output, CancellationToken cancellationToken = default)
    {
        var showPhone = await AuditAsync(user, FormatCsv, filter, rows, cancellationToken);
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var lines = await ReadAsync(connection, filter, showPhone, cancellationToken);
        await CaseDetailCsv.WriteAsync(output, Headers, lines, Fields, cancellationToken);
    }

    /// <summary>
    /// Writes the workbook into <paramref name="output"/> (a file or a memory stream: the zip needs a seekable target). The rows
    /// are read and written on one pool thread with MiniExcel's synchronous writer, one at a time.
    /// </summary>
    public async Task WriteXlsxAsync(CaseFilter filter, long rows, ClaimsPrincipal user, Stream output, CancellationToken cancellationToken = default)
    {
        var showPhone = await AuditAsync(user, FormatXlsx, filter, rows, cancellationToken);
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var lines = await ReadAsync(connection, filter, showPhone, cancellationToken);
        await Task.Run(() =>
        {
            var sheets = new Dictionary<string, object> { ["案件"] = lines.Select(XlsxRow.From) };
            MiniExcel.SaveAs(output, sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: Workbook);
        }, cancellationToken);
    }

    /// <summary>
    /// The cases of the filter, lazily: each row is read from <paramref name="connection"/> as it is enumerated
    /// (<see cref="CommandFlags.None"/>: unbuffered), in the list's order.
    /// </summary>
    public async Task<IEnumerable<CaseExportLine>> ReadAsync(System.Data.Common.DbConnection connection, CaseFilter filter, bool showPhone,
        CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var (where, parameters) = CaseListQuery.Where(filter, refData, calendar, clock.GetUtcNow().UtcDateTime);
        var rows = connection.Query<Row>(new CommandDefinition(ExportSql(where, filter.Sort), parameters, flags: CommandFlags.None,
            cancellationToken: cancellationToken));
        var local = new LocalClock(calendar.Zone);
        return rows.Select(r => ToLine(r, refData, showPhone, local));
    }

    private async Task<bool> AuditAsync(ClaimsPrincipal user, string format, CaseFilter filter, long rows, CancellationToken cancellationToken)
    {
        var showPhone = await authorization.MayReadPiiAsync(user);
        var query = filter.ToQueryString();
        await audit.WriteAsync(user.Identity?.Name ?? "?", AuditActions.Export, $"cases {(query.Length == 0 ? "(every case)" : query)}",
            $"{format}, {rows} rows{(showPhone ? ", phones unmasked" : "")}", cancellationToken);
        return showPhone;
    }

    private static CaseExportLine ToLine(Row r, ReferenceData refData, bool showPhone, LocalClock local)
    {
        DateTime? Local(object? stored) => StoredTime.Utc(stored) is { } t ? local.ToLocal(t) : null;
        string Text(string? value) => CaseDetailCsv.Neutralise(value ?? "");
        var region = refData.RegionsById.TryGetValue(r.RegionId, out var rg) ? rg : null;
        return new CaseExportLine(
            Text(r.CaseNo),
            DomainCodes.TryParse<CaseStatus>(r.Status, out var status) ? ReportLabels.Of(status) : Text(r.Status),
            ReportLabels.Source(r.Source),
            Text(refData.CategoriesById.TryGetValue(r.CategoryId, out var c) ? c.Name : ""),
            Text(refData.RegionsById.TryGetValue(r.StreetId, out var s) ? s.Name : ""),
            Text(region is null || region.Id == r.StreetId ? "" : region.Name),
            Text(r.RoadId is { } road && refData.RoadsById.TryGetValue(road, out var rd) ? rd.Name : ""),
            Text(r.DepartmentId is { } d && refData.DepartmentsById.TryGetValue(d, out var dep) ? dep.Name : ""),
            LevelLabel(r.Level),
            r.IsUrgent,
            Local(r.ReportedAt)!.Value, Local(r.RegisteredAt), Local(r.DispatchedAt), Local(r.DeadlineAt), Local(r.ResolvedAt), Local(r.ClosedAt),
            DomainCodes.TryParse<ResolutionMethod>(r.Method, out var m) ? ReportLabels.Of(m) : "",
            DomainCodes.TryParse<SatisfactionRating>(r.Rating, out var rating) ? ReportLabels.Of(rating) : "",
            r.ReworkCount,
            Text(ReporterPhone.ForViewer(r.ReporterPhone, showPhone)),
            Text(r.Address),
            Text(r.Description));
    }

    /// <summary>三级处置's level in the files' Chinese.</summary>
    private static string LevelLabel(string? code) =>
        DomainCodes.TryParse<EscalationLevel>(code, out var level)
            ? level switch { EscalationLevel.Grid => "网格", EscalationLevel.Community => "社区", _ => "街道" }
            : "";

    public static readonly string[] Headers =
    [
        "案件编号", "状态", "来源", "类别", "街道", "社区/网格", "道路", "责任部门", "处置层级", "紧急", "上报时间", "立案时间", "派遣时间",
        "处置时限", "处置时间", "结案时间", "处置方式", "满意度", "返工次数", "举报人电话", "地址", "问题描述",
    ];

    private const string LocalTime = "yyyy-MM-dd HH:mm:ss";

    public static IEnumerable<string> Fields(CaseExportLine c) =>
    [
        c.CaseNo, c.Status, c.Source, c.Category, c.Street, c.Region, c.Road, c.Department, c.Level, c.IsUrgent ? "是" : "否",
        Time(c.ReportedAt), Time(c.RegisteredAt), Time(c.DispatchedAt), Time(c.DeadlineAt), Time(c.ResolvedAt), Time(c.ClosedAt),
        c.Method, c.Rating, c.ReworkCount.ToString(System.Globalization.CultureInfo.InvariantCulture), c.ReporterPhone, c.Address, c.Description,
    ];

    private static string Time(DateTime? t) => t?.ToString(LocalTime, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static readonly OpenXmlConfiguration Workbook = new() { FreezeRowCount = 1, AutoFilter = true };

    private const string ExportColumns = """
        case_no AS CaseNo, status AS Status, source AS Source, category_id AS CategoryId, street_id AS StreetId, region_id AS RegionId,
        road_id AS RoadId, department_id AS DepartmentId, level AS Level, is_urgent AS IsUrgent, method AS Method, rating AS Rating,
        rework_count AS ReworkCount, reporter_phone AS ReporterPhone, address AS Address, description AS Description,
        reported_at AS ReportedAt, registered_at AS RegisteredAt, dispatched_at AS DispatchedAt, deadline_at AS DeadlineAt,
        resolved_at AS ResolvedAt, closed_at AS ClosedAt
        """;

    /// <summary>The export's SQL, the same text on both engines: the list's WHERE and order, every row.</summary>
    internal static string ExportSql(string where, CaseSort sort) => $"SELECT {ExportColumns} FROM cases WHERE {where} {CaseListQuery.OrderBy(sort)}";

    private sealed class Row
    {
        public string CaseNo { get; init; } = "";
        public string? Status { get; init; }
        public string? Source { get; init; }
        public long CategoryId { get; init; }
        public long StreetId { get; init; }
        public long RegionId { get; init; }
        public long? RoadId { get; init; }
        public long? DepartmentId { get; init; }
        public string? Level { get; init; }
        public bool IsUrgent { get; init; }
        public string? Method { get; init; }
        public string? Rating { get; init; }
        public int ReworkCount { get; init; }
        public string? ReporterPhone { get; init; }
        public string? Address { get; init; }
        public string Description { get; init; } = "";
        // Raw (text on SQLite, datetime2 on SQL Server), read by StoredTime as the 明细 does.
        public object? ReportedAt { get; init; }
        public object? RegisteredAt { get; init; }
        public object? DispatchedAt { get; init; }
        public object? DeadlineAt { get; init; }
        public object? ResolvedAt { get; init; }
        public object? ClosedAt { get; init; }
    }

    /// <summary>A row of the sheet: typed, so MiniExcel writes it without a dictionary per case.</summary>
    private sealed class XlsxRow
    {
        [ExcelColumn(Name = "案件编号", Width = 18)] public string CaseNo { get; init; } = "";
        [ExcelColumn(Name = "状态", Width = 10)] public string Status { get; init; } = "";
        [ExcelColumn(Name = "来源", Width = 12)] public string Source { get; init; } = "";
        [ExcelColumn(Name = "类别", Width = 16)] public string Category { get; init; } = "";
        [ExcelColumn(Name = "街道", Width = 14)] public string Street { get; init; } = "";
        [ExcelColumn(Name = "社区/网格", Width = 14)] public string Region { get; init; } = "";
        [ExcelColumn(Name = "道路", Width = 14)] public string Road { get; init; } = "";
        [ExcelColumn(Name = "责任部门", Width = 14)] public string Department { get; init; } = "";
        [ExcelColumn(Name = "处置层级", Width = 10)] public string Level { get; init; } = "";
        [ExcelColumn(Name = "紧急", Width = 6)] public string Urgent { get; init; } = "";
        [ExcelColumn(Name = "上报时间", Width = 20, Format = LocalTime)] public DateTime ReportedAt { get; init; }
        [ExcelColumn(Name = "立案时间", Width = 20, Format = LocalTime)] public DateTime? RegisteredAt { get; init; }
        [ExcelColumn(Name = "派遣时间", Width = 20, Format = LocalTime)] public DateTime? DispatchedAt { get; init; }
        [ExcelColumn(Name = "处置时限", Width = 20, Format = LocalTime)] public DateTime? DeadlineAt { get; init; }
        [ExcelColumn(Name = "处置时间", Width = 20, Format = LocalTime)] public DateTime? ResolvedAt { get; init; }
        [ExcelColumn(Name = "结案时间", Width = 20, Format = LocalTime)] public DateTime? ClosedAt { get; init; }
        [ExcelColumn(Name = "处置方式", Width = 10)] public string Method { get; init; } = "";
        [ExcelColumn(Name = "满意度", Width = 10)] public string Rating { get; init; } = "";
        [ExcelColumn(Name = "返工次数", Width = 10)] public int ReworkCount { get; init; }
        [ExcelColumn(Name = "举报人电话", Width = 16)] public string ReporterPhone { get; init; } = "";
        [ExcelColumn(Name = "地址", Width = 28)] public string Address { get; init; } = "";
        [ExcelColumn(Name = "问题描述", Width = 40)] public string Description { get; init; } = "";

        public static XlsxRow From(CaseExportLine c) => new()
        {
            CaseNo = c.CaseNo, Status = c.Status, Source = c.Source, Category = c.Category, Street = c.Street, Region = c.Region,
            Road = c.Road, Department = c.Department, Level = c.Level, Urgent = c.IsUrgent ? "是" : "否", ReportedAt = c.ReportedAt,
            RegisteredAt = c.RegisteredAt, DispatchedAt = c.DispatchedAt, DeadlineAt = c.DeadlineAt, ResolvedAt = c.ResolvedAt,
            ClosedAt = c.ClosedAt, Method = c.Method, Rating = c.Rating, ReworkCount = c.ReworkCount, ReporterPhone = c.ReporterPhone,
            Address = c.Address, Description = c.Description,
        };
    }
}
