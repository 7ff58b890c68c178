using CommandCenter.Components.Shared;
using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Map;
using CommandCenter.Features.RoadResponsibility;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// One road of the table: its open problems (as of the week's T) and the leader's patrols on a month calendar. Opening it
/// scrolls it into view; the calendar opens on the selected week's month and shows every day of that week.
/// </summary>
public sealed partial class RoadDrillDown : IAsyncDisposable
{
    public const string ModulePath = "./Features/Schedule/RoadDrillDown.razor.js";

    [Inject] private RoadDrillDownQuery Query { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private Features.Reference.ReferenceCatalog Reference { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private GeoCatalog Geometry { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<MapOptions> MapSettings { get; set; } = default!;

    [Parameter, EditorRequired] public RoadResponsibilityRow Row { get; set; } = default!;
    [Parameter, EditorRequired] public Period Week { get; set; } = default!;
    [Parameter] public EventCallback OnClose { get; set; }

    private IReadOnlyList<OpenProblemRow>? Problems { get; set; }
    /// <summary>T of the open problems (the week's end, or now while it runs) and the working time their deadlines count in.</summary>
    private (DateTime AsOf, WorkingTime Working)? _deadlineClock;
    private IReadOnlyList<PatrolRecord>? Patrols { get; set; }
    /// <summary>The road's map (null without a stored line) once read (<see cref="_roadMapRead"/>).</summary>
    private RoadMap? _roadMap;
    private bool _roadMapRead;
    private ILookup<DateOnly, PatrolRecord> _byDay = Enumerable.Empty<PatrolRecord>().ToLookup(p => default(DateOnly));
    private DateOnly Month { get; set; }
    private long _loadedAssignment;
    private long _revealedAssignment;
    private ElementReference _root;
    private IJSObjectReference? _module;

    private string MonthLabel => Period.Month(Month.Year, Month.Month).Label;
    private int PatrolsInMonth => Patrols?.Count(p => Calendar.LocalDate(p.StartedAt) is var d && d.Year == Month.Year && d.Month == Month.Month) ?? 0;

    /// <summary>The month a week belongs to is its Thursday's (as ISO numbers weeks): 2026-W49, 11-30 to 12-06, opens on December.</summary>
    internal static DateOnly MonthOf(Period week)
    {
        var thursday = week.Start.AddDays(3);
        return new DateOnly(thursday.Year, thursday.Month, 1);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedAssignment == Row.AssignmentId && Problems is not null) return;
        _loadedAssignment = Row.AssignmentId;
        Month = MonthOf(Week);
        Problems = null;
        _roadMap = null;
        _roadMapRead = false;
        var asOf = Calendar.AsOf(Week, Clock.GetUtcNow().UtcDateTime);
        Problems = await Query.OpenProblemsAsync(Row.RoadId, Row.CampaignFrom, asOf);
        await LoadPatrolsAsync();
        // After the patrols, as the deadlines' text below: the calendar shows with the problems, the map follows.
        _roadMap = Map(await Geometry.GetAsync(), Row, Problems);
        _roadMapRead = true;
        // After the problems and patrols: the catalog may load on another thread, and the deadlines' text can follow them.
        _deadlineClock = (asOf, (await Reference.GetAsync()).WorkingTime(Calendar));
    }

    /// <summary>The road's line and its open problems on a small map, or null when the road has no stored line.</summary>
    internal sealed record RoadMap(MapShapes Shapes, IReadOnlyList<MapPoint> Points, IReadOnlyList<MapStage> Stages, int Unplaced);

    /// <summary>
    /// The road's line (from <c>road_lines</c>, drawn light), which the map fits itself to, and the open
    /// problems with a point, coloured by their stage at T (<see cref="OpenProblemRow.Stage"/>); the ones without a point counted.
    /// </summary>
    internal static RoadMap? Map(DistrictGeometry geometry, RoadResponsibilityRow row, IReadOnlyList<OpenProblemRow> problems)
    {
        if (!geometry.Roads.TryGetValue(row.RoadId, out var road)) return null;
        // A light line on the dark map: the problems' stage colours (超期 red among them) stay the only colours on it.
        const string colour = "#cbd5e1";
        var json = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":" + GeoJson.Write(road.Line)
            + ",\"properties\":{\"stroke\":\"" + colour + "\",\"weight\":5}}]}";
        var points = problems.Where(p => p.Point is { IsValid: true })
            .Select(p => new MapPoint(p.Id, p.Point!.Value.Lat, p.Point.Value.Lng, p.Stage.Code())).ToList();
        var stages = problems.Where(p => p.Point is { IsValid: true }).Select(p => p.Stage).Distinct().Order().ToList();
        return new RoadMap(new MapShapes($"road:{row.RoadId}:{colour}:{json.Length}", json), points, stages, problems.Count - points.Count);
    }

    private MapTiles? Tiles => MapSettings.Value is { TileUrlTemplate: { Length: > 0 } url } o
        ? new MapTiles(url, o.TileAttribution, o.MinZoom, o.MaxZoom, o.TileCoordinates == TileCoordinates.Gcj02) : null;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_revealedAssignment == Row.AssignmentId) return;
        _revealedAssignment = Row.AssignmentId;
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await _module.InvokeVoidAsync("reveal", _root);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; nothing to scroll.
        }
    }

    /// <summary>
    /// An open problem's deadline at T in working time (<see cref="Cases.CaseDeadlineState"/>): "剩余 2.50 工作时", 即将超期, or
    /// how late. Open at T means neither resolved nor closed before T, so the state needs only the dispatch and the deadline.
    /// </summary>
    private string DeadlineText(OpenProblemRow row)
    {
        if (_deadlineClock is not { } clock) return "";
        var state = Cases.CaseDeadlineState.Of(row.DispatchedAt, row.DeadlineAt, null, null, clock.AsOf, clock.Working);
        var hours = FigureFormat.Hours(state.Span.TotalHours);
        return state.Standing switch
        {
            Cases.DeadlineStanding.TimeLeft => S["Schedule.Drill.TimeLeft", hours],
            Cases.DeadlineStanding.SoonDue => S["Schedule.Drill.SoonDue", hours],
            Cases.DeadlineStanding.Overdue => S["Schedule.Drill.Late", hours],
            _ => "",
        };
    }

    private async Task MoveMonthAsync(int months)
    {
        Month = Month.AddMonths(months);
        await LoadPatrolsAsync();
    }

    /// <summary>The patrols of every day on the calendar, the leading and trailing days of the next and last month included.</summary>
    private async Task LoadPatrolsAsync()
    {
        var weeks = CalendarWeeks().ToList();
        var shown = new UtcRange(Calendar.StartOfDayUtc(weeks[0][0]), Calendar.StartOfDayUtc(weeks[^1][^1].AddDays(1)));
        Patrols = await Query.PatrolsAsync(Row.LeaderId, Row.RoadId, shown);
        _byDay = Patrols.ToLookup(p => Calendar.LocalDate(p.StartedAt));
    }

    private IEnumerable<DateOnly[]> CalendarWeeks()
    {
        var first = Period.Week(Month).Start;
        var end = Month.AddMonths(1);
        for (var monday = first; monday < end; monday = monday.AddDays(7))
            yield return Enumerable.Range(0, 7).Select(monday.AddDays).ToArray();
    }

    private IReadOnlyList<PatrolRecord> PatrolsOn(DateOnly day) => _byDay[day].ToList();

    private bool InSelectedWeek(DateOnly day) => day >= Week.Start && day < Week.End;

    /// <summary>Days of another month are greyed, except those of the selected week: its patrols always show in full.</summary>
    private string DayClass(DateOnly day, int patrols)
    {
        var css = day.Month == Month.Month || InSelectedWeek(day) ? "patrol-cell" : "patrol-cell patrol-cell--other";
        if (patrols > 0) css += " patrol-cell--done";
        if (InSelectedWeek(day)) css += " patrol-cell--week";
        return css;
    }

    private string DayTitle(IReadOnlyList<PatrolRecord> patrols) => string.Join("\n", patrols.Select(p =>
        $"{Calendar.ToLocal(p.StartedAt):HH:mm}–{Calendar.ToLocal(p.EndedAt):HH:mm} {S[$"Schedule.Mode.{p.Mode}"]}"));

    private string AgeText(TimeSpan age) => DurationText.Of(age, L);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the module with it.
        }
    }
}
