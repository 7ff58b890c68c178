using CommandCenter.Apis;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Extensions;
using CommandCenter.Features.Assessment;
using CommandCenter.Hubs;
using CommandCenter.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CommandCenter.Features.Live;

/// <summary>The live pipeline: change-feed tailer, snapshot notifier, SignalR hub (Redis backplane when configured), read API.</summary>
public static class LiveExtensions
{
    public static void AddLivePipeline(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<LiveFeedSettings>("LiveFeed");
        services.AddSingleton(sp => LiveFeedOptions.From(sp.GetRequiredService<IOptions<LiveFeedSettings>>().Value));
        services.AddSingleton<DashboardNotifier>();
        services.AddSingleton<IDashboardFeed>(sp => sp.GetRequiredService<DashboardNotifier>());
        services.AddSingleton<IndicatorsQuery>();
        services.AddSingleton<DashboardLoader>();
        services.AddSingleton<DashboardTailer>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardTailer>());

        // JSON for every client; MessagePack for hub clients that ask for it (smaller and cheaper to parse).
        var signalR = services.AddSignalR().AddJsonProtocol(o => DashboardApi.Configure(o.PayloadSerializerOptions)).AddMessagePackProtocol();
        // Several nodes: each has its own tailer; the backplane carries hub messages between nodes.
        if (builder.Configuration.ReadSettingsNow<RedisSettings>("Redis").Configuration is { Length: > 0 } redis)
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("CommandCenter"));
        services.AddSingleton<DashboardNodeGroup>();
        services.AddSingleton<DashboardWire>();
        services.AddHostedService<DashboardBroadcaster>();

        services.AddAuthorizationBuilder().AddPolicy(Policies.LiveFeed, p => p.RequireAssertion(context =>
            context.User.HasClaim(SecurityClaims.Scope, ApiScopes.Read) || Roles.All.Any(context.User.IsInRole)));
        services.AddHealthChecks().AddCheck<LiveFeedHealthCheck>("live-feed");
    }

    public static void MapLivePipeline(this IEndpointRouteBuilder app)
    {
        app.MapHub<DashboardHub>(DashboardHub.Path).RequireAuthorization(Policies.LiveFeed);
        app.MapDashboardApi();
    }

    /// <summary>Healthy with a fresh snapshot, Degraded while it is stale, Unhealthy before the first one (nothing to show).</summary>
    private sealed class LiveFeedHealthCheck(IDashboardFeed feed) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(feed.Current switch
            {
                null => HealthCheckResult.Unhealthy(),
                { Stale: true } => HealthCheckResult.Degraded(),
                _ => HealthCheckResult.Healthy(),
            });
    }
}
