using CommandCenter.Apis;
using CommandCenter.Extensions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Security;

namespace CommandCenter.Features.Schedule;

public static class ScheduleExtensions
{
    /// <summary>/schedule: the road-responsibility read model, the plan and roster stores, the campaign settings, the workbook.</summary>
    public static IServiceCollection AddSchedule(this IServiceCollection services)
    {
        services.TryAddSingleton<RoadResponsibilityQuery>();
        services.AddSingleton<RoadDrillDownQuery>();
        services.AddSingleton<MeetingSummaryQuery>();
        services.AddSingleton<PatrolPlanStore>();
        services.AddSingleton<DutyRosterStore>();
        services.AddSingleton<CampaignSettingsStore>();
        services.AddScoped<ScheduleWorkbook>();
        return services;
    }

    /// <summary><c>GET /schedule/{week}.xlsx</c>: the meeting's workbook of an ISO week (e.g. 2026-W47), named in the request's language.</summary>
    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/schedule/{week}.xlsx", async (string week, ScheduleWorkbook workbook, HttpContext context, CancellationToken ct) =>
        {
            if (!Period.TryParseIsoWeek(week, out var period))
                return ApiBody.Invalid("week", $"'{week}' is not an ISO week such as 2026-W47 from {CalendarRange.Weeks}.", "Invalid week");
            context.Response.ContentType = ContentTypes.Xlsx;
            // The name in the request's language (周调度 2026-W47.xlsx) as filename*, an ASCII name for clients without it.
            context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileName = $"schedule-{period.Label}.xlsx",
                FileNameStar = workbook.FileName(period),
            }.ToString();
            await workbook.WriteAsync(context.Response.Body, period, ct);
            return Results.Empty;
        }).RequireAuthorization(Policies.SignedIn);
        return endpoints;
    }
}
