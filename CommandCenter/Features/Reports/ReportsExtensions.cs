using CommandCenter.Apis;
using CommandCenter.Extensions;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommandCenter.Features.Reports;

/// <summary>The monthly report (月报): its services, and <c>GET /api/v1/reports/monthly/{yyyy-MM}.xlsx | .csv</c>.</summary>
public static class ReportsExtensions
{
    public static void AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<IndicatorsQuery>();
        builder.Services.TryAddSingleton<RoadResponsibilityQuery>();
        builder.Services.AddSingleton<LifecycleStepsQuery>();
        builder.Services.AddSingleton<MonthlyReportQuery>();
        builder.Services.AddSingleton<CaseDetailQuery>();
        builder.Services.AddSingleton<MonthlyReportExporter>();
    }

    /// <summary>
    /// The report files for machines (an API key with the read scope) and for people (ApiRead admits every signed-in person,
    /// so the page's download links are these URLs). Optional <c>?street=CODE</c> and <c>?department=CODE</c>.
    /// </summary>
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").WithTags("Reports");
        api.MapGet("/monthly/{month}.xlsx", GetXlsxAsync).RequireAuthorization(Policies.ApiRead);
        api.MapGet("/monthly/{month}.csv", GetCsvAsync).RequireAuthorization(Policies.ApiRead);
        return api;
    }

    private static async Task<IResult> GetXlsxAsync(string month, string? street, string? department, HttpContext context,
        MonthlyReportExporter exporter, ReferenceCatalog reference, BusinessCalendar calendar, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await ParseAsync(month, street, department, reference, calendar, clock, cancellationToken);
        if (request is null) return problem!;
        // Rows stream into a temporary file (the zip needs a seekable target), so memory stays flat; the file is then sent
        // whole, and a failure half-way is a 500 rather than a truncated workbook.
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"cc-report-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await exporter.WriteXlsxAsync(request, context.User, file, cancellationToken);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        return Results.File(file, ContentTypes.Xlsx, MonthlyReportExporter.FileName(request, "xlsx"));
    }

    private static async Task<IResult> GetCsvAsync(string month, string? street, string? department, HttpContext context,
        MonthlyReportExporter exporter, ReferenceCatalog reference, BusinessCalendar calendar, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await ParseAsync(month, street, department, reference, calendar, clock, cancellationToken);
        if (request is null) return problem!;
        var user = context.User;
        return Results.Stream(body => exporter.WriteCsvAsync(request, user, body, cancellationToken),
            CaseDetailCsv.ContentType, MonthlyReportExporter.FileName(request, "csv"));
    }

    /// <summary>The request, or a 400 ProblemDetails naming the parameter that is wrong and why.</summary>
    private static async Task<(MonthlyReportRequest? Request, IResult? Problem)> ParseAsync(string month, string? street,
        string? department, ReferenceCatalog reference, BusinessCalendar calendar, TimeProvider clock, CancellationToken cancellationToken)
    {
        var data = await reference.GetAsync(cancellationToken);
        if (MonthlyReportRequest.TryParse(month, street, department, data, calendar, clock.GetUtcNow().UtcDateTime,
                out var request, out var field, out var error))
            return (request, null);
        return (null, ApiBody.Invalid(field, error, "The report request is not valid."));
    }
}
