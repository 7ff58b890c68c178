using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Live;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Hubs;

/// <summary>
/// <c>/hubs/dashboard</c>: other systems and wall clients receive the live snapshot's document (docs/api.md, "Live hub").
/// By default the method <c>snapshot</c> carries the whole document once on connect, then on every change. A client that
/// connects with <c>?updates=delta</c> receives <c>snapshot</c> once and then <c>delta</c> messages (an RFC 7386 merge patch
/// from one version to the next); a client that missed a version calls <see cref="Resync"/>. JSON and MessagePack.
/// </summary>
public sealed class DashboardHub(IDashboardFeed feed, DashboardNodeGroup node, DashboardWire wire) : Hub
{
    public const string Path = "/hubs/dashboard";
    public const string SnapshotMethod = "snapshot";
    public const string DeltaMethod = "delta";
    /// <summary>The query parameter and value that choose deltas: <c>/hubs/dashboard?updates=delta</c>.</summary>
    public const string UpdatesParameter = "updates", DeltaUpdates = "delta";

    public override async Task OnConnectedAsync()
    {
        // This node's tailer feeds this node's connections: with a Redis backplane a broadcast to everyone would reach
        // every client once per node. Whole snapshots and deltas go to two groups, so each is serialized once per change.
        var deltas = Context.GetHttpContext()?.Request.Query[UpdatesParameter].ToString() == DeltaUpdates;
        await Groups.AddToGroupAsync(Context.ConnectionId, deltas ? node.Deltas : node.Name, Context.ConnectionAborted);
        if (feed.Current is { } snapshot)
            await Clients.Caller.SendAsync(SnapshotMethod, wire.Document(snapshot), Context.ConnectionAborted);
        await base.OnConnectedAsync();
        // Counted once connected: SignalR calls OnDisconnectedAsync only for a connection whose OnConnectedAsync completed.
        Features.Operations.OperationsMetrics.HubClients.Add(1);
    }

    /// <summary>The whole current document, for a delta client whose version is not a delta's <c>from</c> (null before the first snapshot).</summary>
    public IReadOnlyDictionary<string, object?>? Resync() => feed.Current is { } snapshot ? wire.Document(snapshot) : null;

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

    /// <summary>The group of this node's connections that receive deltas.</summary>
    public string Deltas => Name + ":delta";
}

/// <summary>
/// Sends each snapshot the notifier publishes to this node's hub connections (one subscription per node): the whole
/// document to the snapshot group, the delta from the previous one to the delta group. A delta larger than the document
/// (a rebuild that changed most figures) goes to the delta group as a whole <c>snapshot</c> instead.
/// </summary>
public sealed class DashboardBroadcaster(IDashboardFeed feed, IHubContext<DashboardHub> hub, DashboardNodeGroup node, DashboardWire wire,
    ILogger<DashboardBroadcaster> logger) : IHostedService
{
    private readonly SemaphoreSlim _order = new(1, 1);
    private IDisposable? _subscription;
    private DashboardSnapshot? _previous;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(async snapshot =>
        {
            await _order.WaitAsync();
            try
            {
                var document = wire.Document(snapshot);
                await hub.Clients.Group(node.Name).SendAsync(DashboardHub.SnapshotMethod, document);
                var delta = _previous is { } previous && previous.Version < snapshot.Version ? wire.Delta(previous, snapshot) : null;
                if (delta is not null)
                    await hub.Clients.Group(node.Deltas).SendAsync(DashboardHub.DeltaMethod, delta.Message());
                else
                    await hub.Clients.Group(node.Deltas).SendAsync(DashboardHub.SnapshotMethod, document);
                _previous = snapshot;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Snapshot {Version} not broadcast", snapshot.Version);
            }
            finally
            {
                _order.Release();
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
