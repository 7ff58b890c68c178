using System.Security.Claims;
using CommandCenter.Security;
using Microsoft.AspNetCore.Authorization;

namespace CommandCenter.Features.Reports;

/// <summary>
/// Produces the monthly report for a caller — xlsx, CSV or the data of the printable page — and writes each export to the
/// audit log. Reporter phones are unmasked only for a person holding the PII permission (policy <see cref="Policies.Pii"/>);
/// an API key never is one.
/// </summary>
public sealed class MonthlyReportExporter(
    MonthlyReportQuery reports,
    CaseDetailQuery details,
    AuditLog audit,
    IAuthorizationService authorization,
    TimeProvider clock)
{
    public const string FormatXlsx = "xlsx";
    public const string FormatCsv = "csv";
    public const string FormatPrint = "print";

    /// <summary>
    /// The download's file name, by names not codes: 月报-2026-10.xlsx, 月报-2026-10-济阳街道.csv, 月报-2026-10-济阳街道-市政.xlsx
    /// (the response carries it as RFC 5987 <c>filename*</c>, so a browser keeps the Chinese). Characters a file system refuses
    /// in a name are replaced by "_".
    /// </summary>
    public static string FileName(MonthlyReportRequest request, string extension) =>
        string.Join("-", new[] { "月报", request.Month.Label, request.Scope.Street?.Name, request.Scope.Department?.Name }
            .Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => SafeName(p!.Trim()))) + "." + extension;

    private static string SafeName(string name) =>
        string.Concat(name.Select(c => c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c));

    public async Task WriteXlsxAsync(MonthlyReportRequest request, ClaimsPrincipal user, Stream output,
        CancellationToken cancellationToken = default)
    {
        var report = await reports.GetAsync(request, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var showPhone = await authorization.MayReadPiiAsync(user);
        await AuditAsync(user, FormatXlsx, request, showPhone, cancellationToken);
        await using var connection = await details.OpenAsync(cancellationToken);
        var rows = await details.ReadAsync(connection, request, report.AsOfUtc, showPhone, cancellationToken);
        await MonthlyReportWorkbook.WriteAsync(output, report, rows, cancellationToken);
    }

    public async Task WriteCsvAsync(MonthlyReportRequest request, ClaimsPrincipal user, Stream output,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var showPhone = await authorization.MayReadPiiAsync(user);
        await AuditAsync(user, FormatCsv, request, showPhone, cancellationToken);
        await using var connection = await details.OpenAsync(cancellationToken);
        var asOf = reports.AsOf(request.Month, now);
        var rows = await details.ReadAsync(connection, request, asOf, showPhone, cancellationToken);
        await CaseDetailCsv.WriteAsync(output, rows, cancellationToken);
    }

    /// <summary>The report behind the printable page; opening it counts as an export.</summary>
    public async Task<MonthlyReport> PrintAsync(MonthlyReportRequest request, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var report = await reports.GetAsync(request, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await AuditAsync(user, FormatPrint, request, showPhone: false, cancellationToken);
        return report;
    }

    /// <summary>The preview on /reports: the same figures, not an export.</summary>
    public Task<MonthlyReport> PreviewAsync(MonthlyReportRequest request, CancellationToken cancellationToken = default) =>
        reports.GetAsync(request, clock.GetUtcNow().UtcDateTime, cancellationToken);

    /// <summary>
    /// The first <paramref name="count"/> rows of the 明细 for the preview, phones masked (the preview is no export; the whole
    /// 明细 is in the files). The reading stops after them.
    /// </summary>
    public async Task<IReadOnlyList<CaseDetailLine>> PreviewDetailAsync(MonthlyReport report, int count,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await details.OpenAsync(cancellationToken);
        var rows = await details.ReadAsync(connection, report.Request, report.AsOfUtc, showPhone: false, cancellationToken);
        return rows.Take(count).ToList();
    }


    private Task AuditAsync(ClaimsPrincipal user, string format, MonthlyReportRequest request, bool showPhone,
        CancellationToken cancellationToken) =>
        audit.WriteAsync(user.Identity?.Name ?? "?", AuditActions.Export, $"monthly-report {request.Describe()}",
            showPhone ? $"{format}, phones unmasked" : format, cancellationToken);
}
