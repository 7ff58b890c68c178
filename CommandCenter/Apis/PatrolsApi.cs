using CommandCenter.Domain;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Apis;

/// <summary><c>POST /api/v1/patrols</c>: a leader's patrol of a road (领导包路), from the field app.</summary>
public static class PatrolsApi
{
    public static RouteGroupBuilder MapPatrolsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Patrols");
        api.MapPost("/patrols", RecordAsync).RequireAuthorization(Policies.ApiIngest)
            .AcceptsJsonBody<PatrolRequest>()
            .Produces<PatrolView>(StatusCodes.Status201Created).Produces<PatrolView>()
            .ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Record a patrol; the same patrolId with the same body returns the recorded patrol with 200, with another body 409 " +
                         "naming the fields that differ; a patrol overlapping another of the leader is 409 naming it.");
        return api;
    }

    /// <summary>A recorded patrol. Times are UTC.</summary>
    public sealed record PatrolView(string? PatrolId, string LeaderCode, string RoadCode, DateTime StartedAt, DateTime EndedAt, string Mode,
        double DurationMinutes, DateTime RecordedAt);

    private static async Task<IResult> RecordAsync(HttpRequest request, PatrolWriter patrols, ReferenceCatalog catalog, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<PatrolRequest>(request, cancellationToken);
        if (body is null) return problem!; // ReadAsync gives the body or the problem, never neither
        var refData = await catalog.GetAsync(cancellationToken);
        var errors = new IntakeRequests.Errors();
        if (IntakeRequests.ToPatrol(body, refData, clock.GetUtcNow().UtcDateTime, errors) is not { } patrol) return ApiBody.Invalid(errors);

        var result = await patrols.RecordAsync(patrol, cancellationToken);
        return result.Outcome switch
        {
            PatrolOutcome.Recorded => TypedResults.Created((string?)null, View(result.Patrol!, refData)),
            PatrolOutcome.Duplicate => TypedResults.Ok(View(result.Patrol!, refData)),
            PatrolOutcome.Conflict => ApiBody.Conflict("The patrolId is already used by another patrol.",
                $"patrolId '{patrol.ExternalId}' recorded a patrol with other {string.Join(", ", result.Differences)}; " +
                "send the same body to get that patrol, or a new patrolId for a new patrol.",
                result.Differences, $"the patrol '{patrol.ExternalId}' recorded"),
            PatrolOutcome.Overlaps => Overlaps(result.Patrol!, body.LeaderCode!, refData),
            _ => ApiBody.Invalid("roadCode", NotLeadersRoad(body, result, refData)),
        };
    }

    private static PatrolView View(PatrolRow row, ReferenceData refData) => new(row.ExternalId,
        refData.LeadersById.TryGetValue(row.LeaderId, out var leader) ? leader.Code : "",
        refData.RoadsById.TryGetValue(row.RoadId, out var road) ? road.Code : "",
        row.StartedAt, row.EndedAt, row.Mode.Code(), Math.Round((row.EndedAt - row.StartedAt).TotalMinutes, 1), row.RecordedAt);

    /// <summary>409 naming the patrol in the way (by its patrolId; older patrols have none, so also by its times and road).</summary>
    private static IResult Overlaps(PatrolRow other, string leaderCode, ReferenceData refData)
    {
        var name = other.ExternalId is { } id ? $"patrol '{id}'" : "a patrol without patrolId";
        var road = refData.RoadsById.TryGetValue(other.RoadId, out var r) ? r.Code : "?";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The leader has another patrol at that time.",
            Detail = $"Leader {leaderCode} already has {name} on road {road} from {other.StartedAt:yyyy-MM-ddTHH:mm:ssZ} to " +
                     $"{other.EndedAt:yyyy-MM-ddTHH:mm:ssZ}, which overlaps this one; a leader patrols one road at a time.",
        };
        problem.Extensions["otherPatrolId"] = other.ExternalId;
        return TypedResults.Problem(problem);
    }

    private static string NotLeadersRoad(PatrolRequest body, PatrolResult result, ReferenceData refData)
    {
        var owned = result.LeaderRoads.Select(id => refData.RoadsById.TryGetValue(id, out var r) ? r.Code : "?").ToList();
        return $"Road '{body.RoadCode}' is not leader {body.LeaderCode}'s on {result.Day:yyyy-MM-dd} (the patrol's local day); " +
               (owned.Count == 0 ? "the leader owns no road that day." : $"the leader's roads that day: {string.Join(", ", owned)}.");
    }
}
