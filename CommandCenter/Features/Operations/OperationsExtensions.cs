using CommandCenter.Security;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry.Metrics;

namespace CommandCenter.Features.Operations;

/// <summary>
/// Metrics for the bureau's monitoring: <see cref="OperationsMetrics"/> plus ASP.NET Core's and the .NET runtime's own
/// meters (requests, Kestrel connections, SignalR connections, GC, thread pool), through OpenTelemetry, scraped by
/// Prometheus on <c>/metrics</c> with an API key that has the <c>metrics</c> scope (policy <see cref="Policies.Metrics"/>).
/// </summary>
public static class OperationsExtensions
{
    public const string MetricsPath = "/metrics";

    public static void AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CircuitHandler, CircuitMetricsHandler>();
        builder.Services.AddHostedService<SnapshotMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OperationsMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
                "Microsoft.AspNetCore.Components", "System.Runtime")
            .AddPrometheusExporter());
    }

    /// <summary><c>GET /metrics</c> in Prometheus' text format, for a caller with the <c>metrics</c> scope only.</summary>
    public static void MapOperations(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policies.Metrics);
}
