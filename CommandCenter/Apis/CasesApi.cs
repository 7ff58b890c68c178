using System.Security.Claims;
using CommandCenter.Domain;
using CommandCenter.Extensions;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Security;
using Microsoft.AspNetCore.Authorization;

namespace CommandCenter.Apis;

/// <summary>
/// Cases and their workflow steps from other systems (12345 hotline, 城管通, sensors), the API contract of docs/api.md
/// (the workflow itself: docs/domain.md):
/// <c>POST /api/v1/cases</c>, <c>GET /api/v1/cases/{caseNo}</c>, <c>POST /api/v1/cases/{caseNo}/events</c>; and 案件查询, its list
/// (<c>GET /api/v1/cases</c>) and its export (<c>GET /api/v1/cases/export.xlsx | .csv</c>).
/// Everything goes through <see cref="CaseService"/>, the one write path.
/// </summary>
public static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Cases");
        api.MapPost("/cases", CreateAsync).RequireAuthorization(Policies.ApiIngest)
            .AcceptsJsonBody<CaseCreateRequest>()
            .Produces<CaseView>(StatusCodes.Status201Created).Produces<CaseView>()
            .ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Create a case; the same externalId with the same body returns the existing case with 200, with another body 409 naming the fields that differ.");
        api.MapGet("/cases", ListAsync).RequireAuthorization(Policies.ApiRead)
            .Produces<CaseListPage>().ProducesValidationProblem()
            .WithSummary("The cases a filter selects (from, to, dateField, status, overdue, soonDue, street, community, grid, department, category, source, method, outcome, problem, urgent, level, road, q, sort), a page at a time: pass nextCursor back as cursor; limit 1–500, default 50.");
        api.MapGet("/cases/export.xlsx", ExportXlsxAsync).RequireAuthorization(Policies.ApiRead)
            .Produces(StatusCodes.Status200OK, contentType: ContentTypes.Xlsx).ProducesValidationProblem()
            .WithSummary("The whole list a filter selects (the names of GET /api/v1/cases; no limit or cursor) as an xlsx workbook; at most 1,000,000 rows. Phones masked without the PII permission; audited.");
        api.MapGet("/cases/export.csv", ExportCsvAsync).RequireAuthorization(Policies.ApiRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem()
            .WithSummary("The whole list a filter selects as CSV (UTF-8 with BOM, RFC 4180), streamed; at most 1,000,000 rows. Phones masked without the PII permission; audited.");
        api.MapGet("/cases/{caseNo}", GetAsync).RequireAuthorization(Policies.ApiRead)
            .Produces<CaseView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A case with every stage's time, its deadline, status, level and events.");
        api.MapPost("/cases/{caseNo}/events", AddEventAsync).RequireAuthorization(Policies.ApiIngest)
            .AcceptsJsonBody<CaseEventRequest>()
            .Produces<CaseView>(StatusCodes.Status201Created).Produces<CaseView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A workflow step; an illegal step is 409 and writes nothing; the same eventId with the same step returns 200, with another step 409 naming the fields that differ.");
        return api;
    }

    /// <summary>A case as the API shows it. Times are UTC.</summary>
    public sealed record CaseView(
        string CaseNo,
        string? ExternalId,
        string Source,
        string CategoryCode,
        string RegionCode,
        string StreetCode,
        string? RoadCode,
        string Description,
        string? Address,
        double? Lat,
        double? Lng,
        /// Masked (138****5678) unless the caller holds the PII permission; API keys never do.
        string? ReporterPhone,
        bool IsUrgent,
        string Status,
        string Level,
        string? DepartmentCode,
        string? Method,
        string? Rating,
        int ReworkCount,
        DateTime ReportedAt,
        DateTime? RegisteredAt,
        DateTime? RejectedAt,
        DateTime? DispatchedAt,
        DateTime? DeadlineAt,
        DateTime? ResolvedAt,
        DateTime? ClosedAt,
        DateTime? RatedAt,
        DateTime LastStepAt,
        IReadOnlyList<CaseEventView> Events,
        /// 延期申请: the extra time a pending request asks for (in the category's unit), null when none is pending.
        double? PendingExtra,
        /// 延期: when the first extension was granted.
        DateTime? ExtendedAt,
        /// 缓办: when the latest hold began, and when it ended (null while on hold).
        DateTime? HeldAt,
        DateTime? ResumedAt,
        /// 回退: when a department first handed the case back.
        DateTime? ReturnedAt,
        /// 作废
        DateTime? VoidedAt);

    public sealed record CaseEventView(string EventId, string Type, DateTime At, string Actor, DateTime RecordedAt, string? Status,
        string? DepartmentCode, DateTime? DeadlineAt, string? Level, string? Method, bool? Passed, string? Rating, string? Reason,
        double? Extra);

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, CaseService cases, ReferenceCatalog catalog,
        CaseEventsQuery events, IAuthorizationService authorization, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<CaseCreateRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var refData = await catalog.GetAsync(cancellationToken);
        var errors = new IntakeRequests.Errors();
        if (body!.Events is not null) errors.Add("events", "Post each step to /api/v1/cases/{caseNo}/events; events are for import files.");
        var newCase = IntakeRequests.ToNewCase(body, refData, clock.GetUtcNow().UtcDateTime, errors);
        if (newCase is null || errors.Any) return ApiBody.Invalid(errors);

        var result = await cases.CreateAsync(newCase, Actor(user), cancellationToken);
        if (result.Conflicts)
            return ApiBody.Conflict("The externalId is already used by another case.",
                $"externalId '{result.Case.ExternalId}' made case {result.Case.CaseNo} with other {string.Join(", ", result.Differences)}; " +
                "send the same body to get that case, or a new externalId for a new case.",
                result.Differences, $"what case {result.Case.CaseNo} was made with");
        if (result.Created) Features.Operations.OperationsMetrics.CasesTakenIn.Add(1);
        var view = await ViewAsync(result.Case, refData, events, await authorization.MayReadPiiAsync(user), cancellationToken);
        return result.Created ? TypedResults.Created($"/api/v1/cases/{Uri.EscapeDataString(view.CaseNo)}", view) : TypedResults.Ok(view);
    }

    /// <summary>案件查询 for other systems: the same filter and rows as /cases (docs/cases.md).</summary>
    private static async Task<IResult> ListAsync(HttpRequest request, ReferenceCatalog catalog, CaseListQuery query,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var listRequest = CaseFilters.Parse(name => request.Query.TryGetValue(name, out var v) ? v.ToString() : null,
            await catalog.GetAsync(cancellationToken), errors);
        if (listRequest is null)
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
                detail: string.Join(" ", errors.Values), title: "The case filter is not valid.");
        return Results.Json(await query.GetAsync(listRequest, cancellationToken), DashboardApi.Json);
    }

    /// <summary>
    /// The filter of an export, or a 400 naming what is wrong: a bad filter (as for the list), a page's limit or cursor (an
    /// export is the whole list), or a list longer than <see cref="CaseListExporter.MaxRows"/>. Also the rows it will hold.
    /// </summary>
    private static async Task<(CaseFilter? Filter, long Rows, IResult? Problem)> ExportFilterAsync(HttpRequest request, ReferenceCatalog catalog,
        CaseListExporter exporter, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var listRequest = CaseFilters.Parse(name => request.Query.TryGetValue(name, out var v) ? v.ToString() : null,
            await catalog.GetAsync(cancellationToken), errors);
        foreach (var name in new[] { "limit", "cursor" })
            if (request.Query.ContainsKey(name)) errors[name] = $"An export holds the whole list: leave out {name}.";
        if (listRequest is null || errors.Count > 0)
            return (null, 0, TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
                detail: string.Join(" ", errors.Values), title: "The case filter is not valid."));
        var rows = await exporter.CountAsync(listRequest.Filter, cancellationToken);
        if (rows > CaseListExporter.MaxRows)
            return (null, rows, ApiBody.Invalid("filter",
                $"The filter selects {rows} cases; an export holds at most {CaseListExporter.MaxRows}: narrow the period or add a filter.",
                "The export is too large."));
        return (listRequest.Filter, rows, null);
    }

    private static async Task<IResult> ExportCsvAsync(HttpRequest request, ClaimsPrincipal user, ReferenceCatalog catalog,
        CaseListExporter exporter, CancellationToken cancellationToken)
    {
        var (filter, rows, problem) = await ExportFilterAsync(request, catalog, exporter, cancellationToken);
        if (filter is null) return problem!;
        return Results.Stream(body => exporter.WriteCsvAsync(filter, rows, user, body, cancellationToken),
            CaseDetailCsv.ContentType, exporter.FileName(filter, CaseListExporter.FormatCsv));
    }

    private static async Task<IResult> ExportXlsxAsync(HttpRequest request, ClaimsPrincipal user, ReferenceCatalog catalog,
        CaseListExporter exporter, CancellationToken cancellationToken)
    {
        var (filter, rows, problem) = await ExportFilterAsync(request, catalog, exporter, cancellationToken);
        if (filter is null) return problem!;
        // As the monthly report's: rows stream into a temporary file (the zip needs a seekable target), then the finished file
        // is sent, so memory stays flat and a failure half-way is a 500 rather than a truncated workbook.
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"cc-cases-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await exporter.WriteXlsxAsync(filter, rows, user, file, cancellationToken);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        return Results.File(file, ContentTypes.Xlsx, exporter.FileName(filter, CaseListExporter.FormatXlsx));
    }

    private static async Task<IResult> GetAsync(string caseNo, ClaimsPrincipal user, CaseService cases, ReferenceCatalog catalog,
        CaseEventsQuery events, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        if (caseNo.Length > 40 || await cases.FindAsync(caseNo, cancellationToken) is not { } row) return NotFound(caseNo);
        var refData = await catalog.GetAsync(cancellationToken);
        return TypedResults.Ok(await ViewAsync(row, refData, events, await authorization.MayReadPiiAsync(user), cancellationToken));
    }

    private static async Task<IResult> AddEventAsync(string caseNo, HttpRequest request, ClaimsPrincipal user, CaseService cases,
        ReferenceCatalog catalog, CaseEventsQuery events, IAuthorizationService authorization, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<CaseEventRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        if (caseNo.Length > 40) return NotFound(caseNo);
        var refData = await catalog.GetAsync(cancellationToken);
        var errors = new IntakeRequests.Errors();
        if (IntakeRequests.ToStep(body!, refData, clock.GetUtcNow().UtcDateTime, errors) is not { } step) return ApiBody.Invalid(errors);

        var result = await cases.ApplyAsync(caseNo, step, Actor(user), cancellationToken);
        return result.Outcome switch
        {
            StepOutcome.NotFound => NotFound(caseNo),
            StepOutcome.Refused => ApiBody.Problem(StatusCodes.Status409Conflict, "The workflow refuses this step.", result.Reason!),
            StepOutcome.Conflict => ApiBody.Conflict("The eventId is already used by another step.",
                $"{result.Reason} It differs in {string.Join(", ", result.Differences!)}; send the same step to get the case, or a new eventId for a new step.",
                result.Differences!, $"the step eventId '{step.EventId}' recorded"),
            _ => await Answer(result),
        };

        async Task<IResult> Answer(StepResult r)
        {
            var view = await ViewAsync(r.Case!, refData, events, await authorization.MayReadPiiAsync(user), cancellationToken);
            return r.Outcome == StepOutcome.Applied
                ? TypedResults.Created($"/api/v1/cases/{Uri.EscapeDataString(view.CaseNo)}", view)
                : TypedResults.Ok(view);
        }
    }

    private static IResult NotFound(string caseNo) =>
        ApiBody.Problem(StatusCodes.Status404NotFound, "No such case.", $"No case numbered '{IntakeRequests.Shown(caseNo)}'.");

    /// <summary>Who wrote an event: the API key's name.</summary>
    private static string Actor(ClaimsPrincipal user) => $"api:{user.Identity?.Name ?? "?"}";

    private static async Task<CaseView> ViewAsync(CaseRow c, ReferenceData refData, CaseEventsQuery events, bool hasPii,
        CancellationToken cancellationToken)
    {
        string? DepartmentCode(long? id) => id is { } d && refData.DepartmentsById.TryGetValue(d, out var row) ? row.Code : null;
        var history = await events.ForCaseAsync(c.Id, cancellationToken);
        return new CaseView(
            c.CaseNo, c.ExternalId, c.Source.Code(),
            refData.CategoriesById.TryGetValue(c.CategoryId, out var category) ? category.Code : "",
            refData.RegionsById.TryGetValue(c.RegionId, out var region) ? region.Code : "",
            refData.RegionsById.TryGetValue(c.StreetId, out var street) ? street.Code : "",
            c.RoadId is { } roadId && refData.RoadsById.TryGetValue(roadId, out var road) ? road.Code : null,
            c.Description, c.Address, c.Lat, c.Lng,
            c.ReporterPhone is null ? null : ReporterPhone.ForViewer(c.ReporterPhone, hasPii),
            c.IsUrgent, c.Status.Code(), c.Level.Code(), DepartmentCode(c.DepartmentId), c.Method.Code(), c.Rating.Code(), c.ReworkCount,
            c.ReportedAt, c.RegisteredAt, c.RejectedAt, c.DispatchedAt, c.DeadlineAt, c.ResolvedAt, c.ClosedAt, c.RatedAt, c.LastStepAt,
            history.Select(e =>
            {
                var f = e.Fields;
                return new CaseEventView(e.EventId, e.Type, e.At, e.Actor, e.RecordedAt, f.Status, DepartmentCode(f.DepartmentId),
                    f.DeadlineAt, f.Level, f.Method, f.Passed, f.Rating, f.Reason, f.Extra);
            }).ToList(),
            c.PendingExtra, c.ExtendedAt, c.HeldAt, c.ResumedAt, c.ReturnedAt, c.VoidedAt);
    }
}
