using System.Globalization;
using System.Text;
using F = CommandCenter.Features.Reports.ReportLabels.DetailFigures;

namespace CommandCenter.Features.Reports;

/// <summary>
/// The 明细 as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese), RFC 4180 (CRLF line ends; a field holding a
/// comma, quote, CR or LF is quoted and its quotes doubled), and safe to open in a spreadsheet: a field starting with
/// <c>= + - @</c>, tab or CR gets a leading <c>'</c> so it is never taken for a formula.
/// </summary>
public static class CaseDetailCsv
{
    public const string ContentType = "text/csv; charset=utf-8";
    private const string LocalTime = "yyyy-MM-dd HH:mm:ss";

    public static readonly string[] Headers =
    [
        "案件编号", "来源", "类别", "街道", "责任部门", "状态", "紧急", "上报时间", "立案时间", "派遣时间", "处置时限", "处置时间",
        "结案时间", "返工次数", "处置方式", "满意度",
        F.Reported, F.Registered, F.Due, F.Closed, F.ClosedOnTime, F.ClosedLate, F.DueNotClosed, F.ClosedReworked, F.Callbacks,
        F.Satisfied, F.Resolved, F.ResolutionHours, F.ResolvedLate, F.Extended, F.Held, F.Returned, F.Voided,
        "举报人电话", "地址", "问题描述",
    ];

    /// <summary>Writes the header and every row as it is enumerated, flushing every few hundred rows.</summary>
    public static Task WriteAsync(Stream output, IEnumerable<CaseDetailLine> rows, CancellationToken cancellationToken = default) =>
        WriteAsync(output, Headers, rows, Fields, cancellationToken);

    /// <summary>
    /// Any case table under these rules (the case list's export uses it too): the header, then each row's fields as it is
    /// enumerated, flushing every few hundred rows.
    /// </summary>
    public static async Task WriteAsync<T>(Stream output, IReadOnlyList<string> headers, IEnumerable<T> rows, Func<T, IEnumerable<string>> fields,
        CancellationToken cancellationToken = default)
    {
        await output.WriteAsync(Encoding.UTF8.GetPreamble(), cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        var line = new StringBuilder(512);
        AppendRecord(line, headers);
        await writer.WriteAsync(line, cancellationToken);
        var n = 0;
        foreach (var row in rows)
        {
            line.Clear();
            AppendRecord(line, fields(row));
            await writer.WriteAsync(line, cancellationToken);
            if (++n % 500 == 0) await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    public static IEnumerable<string> Fields(CaseDetailLine c) =>
    [
        c.CaseNo, c.Source, c.Category, c.Street, c.Department, c.Status, c.IsUrgent ? "是" : "否",
        Time(c.ReportedAt), Time(c.RegisteredAt), Time(c.DispatchedAt), Time(c.DeadlineAt), Time(c.ResolvedAt), Time(c.ClosedAt),
        Number(c.ReworkCount), c.Method, c.Rating,
        Number(c.Counts.Reported), Number(c.Counts.Registered), Number(c.Counts.Due), Number(c.Counts.Closed),
        Number(c.Counts.ClosedOnTime), Number(c.ClosedLate), Number(c.DueNotClosed), Number(c.Counts.ClosedReworked),
        Number(c.Counts.Callbacks), Number(c.Counts.Satisfied), Number(c.Counts.ResolvedCount),
        // Six decimals: the column's sum over its count reproduces 平均处置时长 at the two decimals it is shown with.
        c.ResolutionHours?.ToString("0.######", CultureInfo.InvariantCulture) ?? "", Number(c.IsOverdue ? 1 : 0),
        Number(c.Counts.Extended), Number(c.Counts.Held), Number(c.Counts.Returned), Number(c.Counts.Voided),
        c.ReporterPhone, c.Address, c.Description,
    ];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTime? t) => t?.ToString(LocalTime, CultureInfo.InvariantCulture) ?? "";

    /// <summary>One record and its CRLF.</summary>
    public static void AppendRecord(StringBuilder line, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) line.Append(',');
            first = false;
            AppendField(line, field);
        }
        line.Append("\r\n");
    }

    private static void AppendField(StringBuilder line, string value)
    {
        var text = Neutralise(value);
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(text);
            return;
        }
        line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>A field a spreadsheet would run as a formula starts with a <c>'</c> instead.</summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
