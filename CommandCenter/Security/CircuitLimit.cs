using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CommandCenter.Security;

/// <summary>
/// The live circuits (open browser tabs, including disconnected ones still kept for a reconnect) of each person or wall
/// screen. Each holds a renderer and its components in server memory, so one session must not be able to open them without
/// end: a circuit beyond <see cref="SecurityOptions.MaxCircuitsPerUser"/> is refused.
/// </summary>
public sealed class OpenCircuits
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one more circuit for <paramref name="owner"/> unless it already has <paramref name="max"/>.</summary>
    public bool TryOpen(string owner, int max)
    {
        lock (_counts)
        {
            var count = _counts.GetValueOrDefault(owner);
            if (count >= max) return false;
            _counts[owner] = count + 1;
            return true;
        }
    }

    /// <summary>One circuit of <paramref name="owner"/> counted by <see cref="TryOpen"/> has closed.</summary>
    public void Close(string owner)
    {
        lock (_counts)
        {
            var count = _counts.GetValueOrDefault(owner);
            if (count <= 1) _counts.Remove(owner);
            else _counts[owner] = count - 1;
        }
    }

    public int CountOf(string owner)
    {
        lock (_counts) return _counts.GetValueOrDefault(owner);
    }

    /// <summary>Whose circuit it is: a wall screen per device, a person per account.</summary>
    public static string OwnerOf(ClaimsPrincipal user) =>
        user.FindFirst(SecurityClaims.DeviceId)?.Value is { } device ? $"device:{device}"
        : user.FindFirst(SecurityClaims.UserId)?.Value is { } id ? $"user:{id}"
        : $"name:{user.Identity?.Name}";
}

/// <summary>
/// Thrown to refuse a circuit over the limit that passed <see cref="CircuitLimitFilter"/> together with others: the circuit is
/// torn down before any component renders.
/// </summary>
public sealed class CircuitLimitExceededException(string owner, int max)
    : InvalidOperationException($"{owner} already has {max} open circuits (Security:MaxCircuitsPerUser); this one is refused.");

/// <summary>
/// Counts each circuit against its owner when it opens (its first components) and releases it when it closes (the tab is
/// closed, or a disconnected circuit is given up after <c>DisconnectedCircuitRetentionPeriod</c>). The owner is taken once,
/// at opening, so a user who is later signed out of the circuit still releases the right count. One instance per circuit.
/// </summary>
public sealed class CircuitLimitHandler(OpenCircuits open, AuthenticationStateProvider authentication,
    IOptions<SecurityOptions> options, ILogger<CircuitLimitHandler> logger) : CircuitHandler
{
    private string? _countedOwner;

    /// <summary>Before every other handler, so a refused circuit does no other work.</summary>
    public override int Order => int.MinValue;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken) =>
        Open((await authentication.GetAuthenticationStateAsync()).User);

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Close();
        return Task.CompletedTask;
    }

    /// <summary>Counts the circuit of <paramref name="user"/>, or throws <see cref="CircuitLimitExceededException"/>.</summary>
    internal void Open(ClaimsPrincipal user)
    {
        var owner = OpenCircuits.OwnerOf(user);
        var max = options.Value.MaxCircuitsPerUser;
        if (!open.TryOpen(owner, max))
        {
            logger.LogWarning("Circuit refused: {Owner} already has {Max} open circuits", owner, max);
            throw new CircuitLimitExceededException(owner, max);
        }
        _countedOwner = owner;
    }

    /// <summary>Releases the circuit if it was counted (a refused one was not).</summary>
    internal void Close()
    {
        if (_countedOwner is { } owner) open.Close(owner);
        _countedOwner = null;
    }
}

/// <summary>
/// Refuses a new circuit (<c>StartCircuit</c>, <c>ResumeCircuit</c> on the circuit hub) of an owner already at the limit,
/// before the circuit exists, the way the framework refuses a bad one: <c>JS.Error</c> (blazor.web.js shows its error bar)
/// and the connection closed. Reconnecting to an existing circuit is not affected. Tabs opened at the same instant can
/// pass this check together; <see cref="CircuitLimitHandler"/> then refuses the excess when they open.
/// </summary>
public sealed class CircuitLimitFilter(OpenCircuits open, IOptions<SecurityOptions> options, ILogger<CircuitLimitFilter> logger) : IHubFilter
{
    public const string RefusedMessage = "Too many open pages for this account or screen: close one and reload.";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocation.HubMethodName is not ("StartCircuit" or "ResumeCircuit")) return await next(invocation);
        var owner = OpenCircuits.OwnerOf(invocation.Context.User ?? new ClaimsPrincipal());
        var max = options.Value.MaxCircuitsPerUser;
        if (open.CountOf(owner) < max) return await next(invocation);

        logger.LogWarning("Circuit refused: {Owner} already has {Max} open circuits", owner, max);
        await invocation.Hub.Clients.Caller.SendAsync("JS.Error", RefusedMessage);
        invocation.Context.Abort();
        return null;
    }
}

/// <summary>
/// A page request from someone who already holds <see cref="SecurityOptions.MaxCircuitsPerUser"/> circuits gets 429 and the
/// status page saying why (and what to do), instead of a page whose circuit is then refused with Blazor's generic error
/// bar. <see cref="CircuitLimitFilter"/> stays the guarantee for tabs opened at the same instant.
/// </summary>
public sealed class CircuitLimitPageCheck(RequestDelegate next, OpenCircuits open, IOptionsMonitor<SecurityOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (OpensACircuit(context) && context.User.Identity?.IsAuthenticated == true
            && open.CountOf(OpenCircuits.OwnerOf(context.User)) >= options.CurrentValue.MaxCircuitsPerUser)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Task.CompletedTask;
        }
        return next(context);
    }

    /// <summary>A GET of an interactive page; not the status page shown for this very refusal, not a static page.</summary>
    private static bool OpensACircuit(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && context.Features.Get<IStatusCodeReExecuteFeature>() is null
        && context.GetEndpoint()?.Metadata is { } metadata
        && metadata.GetMetadata<ComponentTypeMetadata>() is not null
        && metadata.GetMetadata<ExcludeFromInteractiveRoutingAttribute>() is null;
}

/// <summary>Registration of the per-user circuit limit and the retention of disconnected circuits.</summary>
public static class CircuitLimit
{
    public static IServerSideBlazorBuilder AddCircuitLimit(this IServerSideBlazorBuilder blazor)
    {
        var services = blazor.Services;
        services.AddSingleton<OpenCircuits>();
        services.AddSingleton<CircuitLimitFilter>();
        services.AddScoped<CircuitHandler, CircuitLimitHandler>();
        blazor.AddHubOptions(o => o.AddFilter<CircuitLimitFilter>());
        // A disconnected circuit keeps its memory until it is reconnected or given up: at most this many, for at most this
        // long (then it is disposed and released from the owner's count).
        services.AddOptions<CircuitOptions>().Configure<IOptions<SecurityOptions>>((circuits, security) =>
        {
            circuits.DisconnectedCircuitMaxRetained = security.Value.DisconnectedCircuitMaxRetained;
            circuits.DisconnectedCircuitRetentionPeriod = security.Value.DisconnectedCircuitRetention;
        });
        return blazor;
    }
}
