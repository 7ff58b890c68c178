namespace CommandCenter.Domain.Dashboard;

/// <summary>
/// The tailer's working set: the facts of every case a live figure can read (this month's, yesterday's and today's, the
/// open ones, those on leaders' roads since their campaign start), the callbacks per month, this week's patrols and the
/// latest events. <see cref="Apply(LiveEvent)"/> folds one change-feed row into it; <see cref="DashboardProjection"/>
/// turns it into a <see cref="DashboardSnapshot"/>. Holding a superset of the relevant cases is harmless: every figure
/// filters by its own period. Single-threaded: the tailer owns it.
/// </summary>
public sealed class DashboardState
{
    public const int LatestCount = 20;

    private readonly Dictionary<long, LiveCase> _cases;
    private readonly Dictionary<string, CallbackCounts> _callbacks;
    private readonly List<LivePatrol> _patrols;
    private readonly HashSet<long> _patrolIds;
    private readonly List<LatestEvent> _latest;

    public DashboardState(DashboardReference reference, BusinessCalendar calendar, long lastEventId, long lastPatrolId,
        IEnumerable<LiveCase> cases, IEnumerable<LivePatrol> patrols, IReadOnlyDictionary<string, CallbackCounts> callbacksByMonth,
        IEnumerable<LatestEvent> latestNewestFirst, DateTime dataAsOf)
    {
        Reference = reference;
        Calendar = calendar;
        LastEventId = lastEventId;
        LastPatrolId = lastPatrolId;
        _cases = cases.ToDictionary(c => c.Id);
        _patrols = patrols.ToList();
        _patrolIds = _patrols.Select(p => p.Id).ToHashSet();
        _callbacks = new Dictionary<string, CallbackCounts>(callbacksByMonth, StringComparer.Ordinal);
        _latest = latestNewestFirst.Take(LatestCount).ToList();
        DataAsOf = dataAsOf;
    }

    public DashboardReference Reference { get; }
    public BusinessCalendar Calendar { get; }
    public long LastEventId { get; private set; }
    public long LastPatrolId { get; private set; }
    public DateTime DataAsOf { get; private set; }
    public IReadOnlyCollection<LiveCase> Cases => _cases.Values;
    public IReadOnlyList<LivePatrol> Patrols => _patrols;
    public IReadOnlyList<LatestEvent> Latest => _latest;

    /// <summary>The callbacks of a month, by its key (<see cref="Period.Label"/>, <c>yyyy-MM</c>).</summary>
    public CallbackCounts CallbacksIn(string month) => _callbacks.GetValueOrDefault(month);

    public bool Knows(long caseId) => _cases.ContainsKey(caseId);

    /// <summary>
    /// Adds a case the working set did not hold (a new case, or an old one a new event touches): its header, with the
    /// events it had before the feed's cursor replayed onto it. Replayed events change no aggregate: the rebuild's
    /// figures already count them.
    /// </summary>
    public void Add(LiveCase header, IEnumerable<LiveEvent> earlierEvents)
    {
        var facts = header.AsReported();
        foreach (var e in earlierEvents.OrderBy(e => e.Id)) ApplyToCase(facts, e);
        _cases[facts.Id] = facts;
    }

    /// <summary>
    /// Folds one change-feed row. The case must be known (see <see cref="Add"/>); an event the case's facts already include
    /// only moves the cursor. Returns false for an event of an unknown case (it cannot be folded, the caller loads it first).
    /// </summary>
    public bool Apply(LiveEvent e)
    {
        if (!_cases.TryGetValue(e.CaseId, out var facts)) return false;
        if (e.Id > LastEventId) LastEventId = e.Id;
        if (e.RecordedAt > DataAsOf) DataAsOf = e.RecordedAt;
        if (e.Id <= facts.LastEventId) return true;
        if (e.Step == CaseStep.Satisfaction && facts.Rating is null && e.Rating is { } rating)
        {
            var month = Calendar.MonthOf(e.At).Label;
            var before = _callbacks.GetValueOrDefault(month);
            _callbacks[month] = new CallbackCounts(before.Callbacks + 1, before.Satisfied + (Satisfaction.IsSatisfied(rating) ? 1 : 0));
        }
        ApplyToCase(facts, e);
        PushLatest(e, facts);
        return true;
    }

    /// <summary>Moves the cursor past rows that could not be folded (an event of a case that no longer exists).</summary>
    public void SkipTo(long eventId)
    {
        if (eventId > LastEventId) LastEventId = eventId;
    }

    /// <summary>
    /// Adds a patrol the state does not hold yet. Known by id, not by the highest id: on SQL Server ids commit out of order,
    /// so a lower id can come after a higher one; a patrol the rebuild's snapshot held can come again through the feed.
    /// </summary>
    public void Apply(LivePatrol patrol)
    {
        if (!_patrolIds.Add(patrol.Id)) return;
        if (patrol.Id > LastPatrolId) LastPatrolId = patrol.Id;
        _patrols.Add(patrol);
    }

    /// <summary>The latest-events ticker row of an event, reporter phone masked (a wall is public).</summary>
    public static LatestEvent ToLatest(LiveEvent e, LiveCase c, DashboardReference reference) => new(
        e.Id, e.At, c.CaseNo, e.Step.Code(),
        reference.CategoriesById.TryGetValue(c.CategoryId, out var category) ? category.Name : "",
        reference.StreetsById.TryGetValue(c.StreetId, out var street) ? street.Name : "",
        c.Description,
        string.IsNullOrWhiteSpace(c.ReporterPhone) ? null : ReporterPhone.Mask(c.ReporterPhone),
        c.IsUrgent);

    private void PushLatest(LiveEvent e, LiveCase c)
    {
        var row = ToLatest(e, c, Reference);
        var at = _latest.FindIndex(l => l.EventId < e.Id);
        if (at < 0)
        {
            if (_latest.Count >= LatestCount) return;
            _latest.Add(row);
            return;
        }
        _latest.Insert(at, row);
        if (_latest.Count > LatestCount) _latest.RemoveAt(_latest.Count - 1);
    }

    /// <summary>
    /// What a step does to a case's facts: <see cref="CaseWorkflow.StateAfter"/>, the function the write path applies;
    /// a resolve step's time is also kept among the case's resolutions (今日处置 counts events, not the current state).
    /// </summary>
    private static void ApplyToCase(LiveCase c, LiveEvent e)
    {
        c.SetState(CaseWorkflow.StateAfter(c.ToState(), e.Recorded));
        if (e.Step == CaseStep.Resolve) c.Resolutions.Add(e.At);
        if (e.Id > c.LastEventId) c.LastEventId = e.Id;
    }
}
