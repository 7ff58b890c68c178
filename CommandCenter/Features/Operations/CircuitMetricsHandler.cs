using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CommandCenter.Features.Operations;

/// <summary>
/// Counts this node's open Blazor circuits for <c>commandcenter.circuits.live</c>, from opened to closed. One instance per
/// circuit; a circuit refused before it opened (the circuit limit throws first) is never counted, so never released.
/// </summary>
public sealed class CircuitMetricsHandler : CircuitHandler
{
    private bool _counted;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        OperationsMetrics.LiveCircuits.Add(1);
        _counted = true;
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_counted) OperationsMetrics.LiveCircuits.Add(-1);
        _counted = false;
        return Task.CompletedTask;
    }
}
