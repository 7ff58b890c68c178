using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Reports;

/// <summary>
/// /reports/{yyyy-MM}/print: the 汇总 and the rankings with their bar charts on A4, rendered statically (no circuit) so the
/// browser prints exactly what the server sent. Opening it is an export and goes to the audit log.
/// </summary>
public sealed partial class ReportPrintPage
{
    [Parameter] public string Month { get; set; } = "";
    [SupplyParameterFromQuery(Name = "street")] public string? Street { get; set; }
    [SupplyParameterFromQuery(Name = "department")] public string? Department { get; set; }
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [Inject] private MonthlyReportExporter Exporter { get; set; } = default!;
    [Inject] private ReferenceCatalog Reference { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IStringLocalizer<ReportsResource> Strings { get; set; } = default!;

    private MonthlyReport? Report { get; set; }
    private bool BadRequest { get; set; }
    private bool IsRunning => Report is not null && Report.AsOfUtc < Calendar.ToUtc(Report.Month).ToUtc;
    private string AsOfText => Report is null ? "" : Calendar.ToLocal(Report.AsOfUtc).ToString("yyyy-MM-dd HH:mm");
    private string GeneratedText => Calendar.ToLocal(Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd HH:mm");
    private string ScopeText => Report?.Request.Scope is { IsCity: false } scope
        ? string.Join(" · ", new[] { scope.Street?.Name, scope.Department?.Name }.Where(n => n is not null))
        : Strings["Scope.City"];

    protected override async Task OnInitializedAsync()
    {
        var data = await Reference.GetAsync(HttpContext.RequestAborted);
        if (!MonthlyReportRequest.TryParse(Month, Street, Department, data, Calendar, Clock.GetUtcNow().UtcDateTime, out var request, out _, out _))
        {
            BadRequest = true;
            HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Report = await Exporter.PrintAsync(request, HttpContext.User, HttpContext.RequestAborted);
    }
}
