using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Security;

namespace CommandCenter.Apis;

/// <summary>
/// <c>GET /api/v1/leaders/roads?week=2026-W47</c>: the road-responsibility table (领导包路) of an ISO week, the same rows
/// /schedule shows (one read model, <see cref="RoadResponsibilityQuery"/>). Without <c>week</c>, this week.
/// </summary>
public static class LeadersApi
{
    public static RouteGroupBuilder MapLeadersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Leaders");
        api.MapGet("/leaders/roads", GetRoadsAsync).RequireAuthorization(Policies.ApiRead);
        return api;
    }

    public sealed record Patrols(long Done, int Required, long Walk, long Bike, long Drive, DateTime? LastStartedAt);

    public sealed record LeaderRoad(
        string LeaderCode, string LeaderName, string Title, string RoadCode, string RoadName, string StreetName,
        DateOnly CampaignFrom, DateOnly CampaignTo, Patrols Patrols, RoadProblemCounts ThisWeek, RoadProblemCounts SinceCampaignStart,
        RoadStatusColour Status, RoadStatusReason Reason);

    public sealed record LeaderRoadsResponse(string Week, DateOnly From, DateOnly To, DateTime AsOf, IReadOnlyList<LeaderRoad> Leaders);

    private static async Task<IResult> GetRoadsAsync(string? week, RoadResponsibilityQuery query, BusinessCalendar calendar,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Period period;
        if (week is null) period = calendar.ThisWeek(now);
        else if (!Period.TryParseIsoWeek(week, out period))
            return ApiBody.Invalid("week", $"week must be an ISO week such as 2026-W47, from {CalendarRange.Weeks}.");

        var rows = await query.GetWeekAsync(period, cancellationToken);
        var leaders = rows.Select(r => new LeaderRoad(r.LeaderCode, r.LeaderName, r.LeaderTitle, r.RoadCode, r.RoadName, r.StreetName,
                r.CampaignFrom, r.CampaignTo,
                new Patrols(r.Patrols.Total, r.RequiredInPeriod, r.Patrols.Walk, r.Patrols.Bike, r.Patrols.Drive, r.Patrols.LastStartedAt),
                r.ProblemsInPeriod, r.ProblemsSinceCampaign, r.Status.Colour, r.Status.Reason))
            .ToList();
        return Results.Json(new LeaderRoadsResponse(period.Label, period.Start, period.End.AddDays(-1), calendar.AsOf(period, now), leaders),
            DashboardApi.Json);
    }
}
