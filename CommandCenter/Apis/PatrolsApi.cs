using CommandCenter.Domain;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Reference;
using CommandCenter.Security;

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
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Record a patrol; the same patrolId again returns the recorded patrol with 200.");
        return api;
    }

    /// <summary>A recorded patrol. Times are UTC.</summary>
    public sealed record PatrolView(string? PatrolId, string LeaderCode, string RoadCode, DateTime StartedAt, DateTime EndedAt, string Mode,
        double DurationMinutes, DateTime RecordedAt);

    private static async Task<IResult> RecordAsync(HttpRequest request, PatrolWriter patrols, ReferenceCatalog catalog, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<PatrolRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var refData = await catalog.GetAsync(cancellationToken);
        var errors = new IntakeRequests.Errors();
        if (IntakeRequests.ToPatrol(body!, refData, clock.GetUtcNow().UtcDateTime, errors) is not { } patrol) return ApiBody.Invalid(errors);

        var (row, created) = await patrols.RecordAsync(patrol, cancellationToken);
        var view = new PatrolView(row.ExternalId,
            refData.LeadersById.TryGetValue(row.LeaderId, out var leader) ? leader.Code : "",
            refData.RoadsById.TryGetValue(row.RoadId, out var road) ? road.Code : "",
            row.StartedAt, row.EndedAt, row.Mode.Code(), Math.Round((row.EndedAt - row.StartedAt).TotalMinutes, 1), row.RecordedAt);
        return created ? TypedResults.Created((string?)null, view) : TypedResults.Ok(view);
    }
}
