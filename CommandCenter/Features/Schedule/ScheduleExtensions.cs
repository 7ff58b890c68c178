using CommandCenter.Apis;
using CommandCenter.Extensions;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

    /// <summary><c>GET /schedule/{week}.xlsx</c>: the meeting's workbook of an ISO week (e.g. 2026-W47).</summary>
    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/schedule/{week}.xlsx", async (string week, ScheduleWorkbook workbook, HttpContext context, CancellationToken ct) =>
        {
            if (!Period.TryParseIsoWeek(week, out var period))
                return ApiBody.Invalid("week", $"'{week}' is not an ISO week such as 2026-W47 from {CalendarRange.Weeks}.", "Invalid week");
            context.Response.ContentType = ContentTypes.Xlsx;
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"schedule-{period.Label}.xlsx\"";
            await workbook.WriteAsync(context.Response.Body, period, ct);
            return Results.Empty;
        }).RequireAuthorization(Policies.SignedIn);
        return endpoints;
    }
}
