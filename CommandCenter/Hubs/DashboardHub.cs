using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Live;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Hubs;

/// <summary>
/// <c>/hubs/dashboard</c>: other systems and wall clients receive the live snapshot as the method <c>snapshot</c> — once
/// on connect, then on every change. Clients only listen; the hub has no methods to call.
/// </summary>
public sealed class DashboardHub(IDashboardFeed feed, DashboardNodeGroup node) : Hub
{
    public const string Path = "/hubs/dashboard";
    public const string SnapshotMethod = "snapshot";

    public override async Task OnConnectedAsync()
    {
        // This node's tailer feeds this node's connections: with a Redis backplane a broadcast to everyone would reach
        // every client once per node.
        await Groups.AddToGroupAsync(Context.ConnectionId, node.Name, Context.ConnectionAborted);
        if (feed.Current is { } snapshot)
            await Clients.Caller.SendAsync(SnapshotMethod, snapshot, Context.ConnectionAborted);
        await base.OnConnectedAsync();
        // Counted once connected: SignalR calls OnDisconnectedAsync only for a connection whose OnConnectedAsync completed.
        Features.Operations.OperationsMetrics.HubClients.Add(1);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        Features.Operations.OperationsMetrics.HubClients.Add(-1);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>The SignalR group of this node's hub connections (unique per process).</summary>
public sealed class DashboardNodeGroup
{
    public string Name { get; } = $"node:{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
}

/// <summary>Sends each snapshot the notifier publishes to this node's hub connections: one subscription per node.</summary>
public sealed class DashboardBroadcaster(IDashboardFeed feed, IHubContext<DashboardHub> hub, DashboardNodeGroup node,
    ILogger<DashboardBroadcaster> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(async snapshot =>
        {
            try
            {
                await hub.Clients.Group(node.Name).SendAsync(DashboardHub.SnapshotMethod, snapshot);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Snapshot {Version} not broadcast", snapshot.Version);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
