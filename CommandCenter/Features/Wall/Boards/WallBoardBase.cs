using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Wall.Boards;

/// <summary>
/// A board draws one <see cref="DashboardSnapshot"/>. It renders again only for a new snapshot or a page turn of its
/// lists (<see cref="WallPaging"/>), not for the page's once-a-second clock tick, so a wall costs the server one render
/// per snapshot and per page turn.
/// </summary>
public abstract class WallBoardBase : ComponentBase
{
    private DashboardSnapshot? _rendered;
    private int _renderedTurns;

    [Parameter, EditorRequired] public DashboardSnapshot Snapshot { get; set; } = default!;

    /// <summary>Page turns since the board came up: each list longer than its box shows the page this falls on.</summary>
    [Parameter] public int PageTurns { get; set; }

    [Inject] protected IStringLocalizer<WallResource> S { get; set; } = default!;
    [Inject] protected BusinessCalendar Calendar { get; set; } = default!;

    protected override bool ShouldRender() => !ReferenceEquals(_rendered, Snapshot) || _renderedTurns != PageTurns;

    protected override void OnAfterRender(bool firstRender)
    {
        _rendered = Snapshot;
        _renderedTurns = PageTurns;
    }

    /// <summary>The label of a code (<c>Source.hotline</c>, <c>Step.register</c>…); the code itself if the resource has none.</summary>
    protected string Label(string prefix, string code)
    {
        var text = S[$"{prefix}.{code}"];
        return text.ResourceNotFound ? code : text.Value;
    }
}
