using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Features.Live;

/// <summary>The live pipeline over a test database with a controllable clock: notifier, loader and tailer, not started.</summary>
public sealed class LiveTestPipeline
{
    /// <param name="reference">The catalog an edit invalidates (a <c>SecurityNode</c>'s), or a catalog of its own.</param>
    public LiveTestPipeline(DbConnectionFactory connections, TimeProvider clock, LiveFeedOptions? options = null, ReferenceCatalog? reference = null)
    {
        Calendar = BusinessCalendar.For("Asia/Shanghai");
        Reference = reference ?? new ReferenceCatalog(connections);
        Loader = new DashboardLoader(connections, Reference, new IndicatorsQuery(connections, Reference), Calendar);
        Notifier = new DashboardNotifier(NullLogger<DashboardNotifier>.Instance);
        Tailer = new DashboardTailer(connections, Loader, Notifier, Weights, Calendar, clock, options ?? new LiveFeedOptions(),
            NullLogger<DashboardTailer>.Instance);
    }

    public static readonly CompositeWeights Weights = new();
    public BusinessCalendar Calendar { get; }
    public ReferenceCatalog Reference { get; }
    public DashboardLoader Loader { get; }
    public DashboardNotifier Notifier { get; }
    public DashboardTailer Tailer { get; }
}
