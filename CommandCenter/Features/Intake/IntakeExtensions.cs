using CommandCenter.Apis;
using CommandCenter.Features.Cases;
using CommandCenter.Security;

namespace CommandCenter.Features.Intake;

/// <summary>The intake API (cases, workflow events, patrols) and its OpenAPI description.</summary>
public static class IntakeExtensions
{
    /// <summary>Where the OpenAPI 3.1 description of the intake API is served (behind <see cref="Policies.ApiRead"/>).</summary>
    public const string OpenApiPath = "/api/v1/openapi.json";

    public static void AddIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PatrolWriter>();
        builder.Services.AddSingleton<CaseEventsQuery>();
        builder.Services.AddSingleton<CaseListQuery>();
        builder.Services.AddSingleton<SamePlaceQuery>();
        builder.Services.AddSingleton<CaseListExporter>();
        builder.Services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CommandCenter intake API";
                document.Info.Description = "Cases, workflow events and patrols from other systems. Send an API key as X-Api-Key: " +
                                            "scope ingest for POST, read for GET. Errors are ProblemDetails.";
                return Task.CompletedTask;
            });
        });
    }

    public static void MapIntakeApi(this IEndpointRouteBuilder app)
    {
        app.MapCasesApi();
        app.MapPatrolsApi();
        app.MapOpenApi("/api/{documentName}/openapi.json").RequireAuthorization(Policies.ApiRead);
    }
}
