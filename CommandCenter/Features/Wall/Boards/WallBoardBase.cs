using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Wall.Boards;

/// <summary>
/// A board draws one <see cref="DashboardSnapshot"/>. It renders again only for a new snapshot, not for the page's
/// once-a-second clock tick, so a wall costs the server one render per snapshot.
/// </summary>
public abstract class WallBoardBase : ComponentBase
{
    private DashboardSnapshot? _rendered;

    [Parameter, EditorRequired] public DashboardSnapshot Snapshot { get; set; } = default!;

    [Inject] protected IStringLocalizer<WallResource> S { get; set; } = default!;
    [Inject] protected BusinessCalendar Calendar { get; set; } = default!;

    protected override bool ShouldRender() => !ReferenceEquals(_rendered, Snapshot);

    protected override void OnAfterRender(bool firstRender) => _rendered = Snapshot;

    /// <summary>The label of a code (<c>Source.hotline</c>, <c>Step.register</c>…); the code itself if the resource has none.</summary>
    protected string Label(string prefix, string code)
    {
        var text = S[$"{prefix}.{code}"];
        return text.ResourceNotFound ? code : text.Value;
    }
}
