namespace CommandCenter.Domain.Dashboard;

/// <summary>
/// The compact facts of one case that the live figures read: what was reported (header) and where its workflow stands
/// (the fields of <see cref="CaseState"/>, flat so that the rebuild reads them straight from <c>cases</c>).
/// Mutable on purpose: it lives only inside <see cref="DashboardState"/>, which folds events into it with
/// <see cref="CaseWorkflow.StateAfter"/>; snapshots copy out what they show. Times are UTC.
/// </summary>
public sealed class LiveCase
{
    public long Id { get; set; }
    public string CaseNo { get; set; } = "";
    public CaseSource Source { get; set; }
    public long CategoryId { get; set; }
    public long StreetId { get; set; }
    public long? RoadId { get; set; }
    public bool IsUrgent { get; set; }
    public string Description { get; set; } = "";
    public string? ReporterPhone { get; set; }
    public CaseStatus Status { get; set; }
    public EscalationLevel Level { get; set; } = EscalationLevel.Grid;
    public long? DepartmentId { get; set; }
    public ResolutionMethod? Method { get; set; }
    public int ReworkCount { get; set; }
    public DateTime ReportedAt { get; set; }
    public DateTime? RegisteredAt { get; set; }
    public DateTime? RejectedAt { get; set; }
    public DateTime? DispatchedAt { get; set; }
    public DateTime? DeadlineAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public SatisfactionRating? Rating { get; set; }
    public DateTime? RatedAt { get; set; }
    public double? PendingExtra { get; set; }
    public DateTime? ExtendedAt { get; set; }
    public DateTime? HeldAt { get; set; }
    public DateTime? ResumedAt { get; set; }
    public DateTime? ReturnedAt { get; set; }
    public DateTime? VoidedAt { get; set; }
    public DateTime LastStepAt { get; set; }

    /// <summary>
    /// The times of the case's 处置 (resolve) steps, at least those since the start of yesterday: a 返工 clears
    /// <see cref="ResolvedAt"/> but not these, so 今日处置 counts the day's resolutions and never goes down. The rebuild
    /// reads them from <c>case_events</c> (<c>DashboardLoader.ResolutionsSql</c>), the fold adds each resolve step it applies.
    /// </summary>
    public List<DateTime> Resolutions { get; } = [];

    /// <summary>The newest <c>case_events</c> id these facts include; older or equal events are not folded again.</summary>
    public long LastEventId { get; set; }

    /// <summary>The workflow fields as the workflow holds them.</summary>
    public CaseState ToState() => new()
    {
        Status = Status,
        IsUrgent = IsUrgent,
        ReportedAt = ReportedAt,
        Level = Level,
        RegisteredAt = RegisteredAt,
        RejectedAt = RejectedAt,
        DispatchedAt = DispatchedAt,
        DepartmentId = DepartmentId,
        DeadlineAt = DeadlineAt,
        ResolvedAt = ResolvedAt,
        Method = Method,
        ClosedAt = ClosedAt,
        ReworkCount = ReworkCount,
        Rating = Rating,
        RatedAt = RatedAt,
        PendingExtra = PendingExtra,
        ExtendedAt = ExtendedAt,
        HeldAt = HeldAt,
        ResumedAt = ResumedAt,
        ReturnedAt = ReturnedAt,
        VoidedAt = VoidedAt,
        LastStepAt = LastStepAt,
    };

    /// <summary>Takes the workflow fields of <paramref name="s"/>; the header (including urgency and report time) stays.</summary>
    public void SetState(CaseState s)
    {
        Status = s.Status;
        Level = s.Level;
        RegisteredAt = s.RegisteredAt;
        RejectedAt = s.RejectedAt;
        DispatchedAt = s.DispatchedAt;
        DepartmentId = s.DepartmentId;
        DeadlineAt = s.DeadlineAt;
        ResolvedAt = s.ResolvedAt;
        Method = s.Method;
        ClosedAt = s.ClosedAt;
        ReworkCount = s.ReworkCount;
        Rating = s.Rating;
        RatedAt = s.RatedAt;
        PendingExtra = s.PendingExtra;
        ExtendedAt = s.ExtendedAt;
        HeldAt = s.HeldAt;
        ResumedAt = s.ResumedAt;
        ReturnedAt = s.ReturnedAt;
        VoidedAt = s.VoidedAt;
        LastStepAt = s.LastStepAt;
    }

    public CaseFacts ToFacts() => new(ReportedAt, RegisteredAt, DispatchedAt, DeadlineAt, ResolvedAt, ClosedAt, ReworkCount, Rating, RatedAt,
        ExtendedAt, HeldAt, ResumedAt, ReturnedAt, VoidedAt);

    public RoadCaseFacts ToRoadFacts() => new(ReportedAt, RejectedAt, DispatchedAt, DeadlineAt, ResolvedAt, ClosedAt, HeldAt, ResumedAt, VoidedAt);

    /// <summary>What keeps the case out of the deadline figures at T (缓办, 作废).</summary>
    public DeadlineHold Hold => new(HeldAt, ResumedAt, VoidedAt);

    /// <summary>The case as it was just reported: header fields kept, workflow fields cleared (for replaying its events).</summary>
    public LiveCase AsReported() => new()
    {
        Id = Id, CaseNo = CaseNo, Source = Source, CategoryId = CategoryId, StreetId = StreetId, RoadId = RoadId,
        IsUrgent = IsUrgent, Description = Description, ReporterPhone = ReporterPhone, Status = CaseStatus.Reported,
        ReportedAt = ReportedAt, LastStepAt = ReportedAt,
    };
}

/// <summary>
/// One row of <c>case_events</c> as the feed reads it: the step, its time and the fields its <c>data</c> carries
/// (department, deadline, level, method, passed, rating, an extension request's extra time). The status the row also records is not read: the fold
/// derives it with <see cref="CaseWorkflow.StateAfter"/>, as the write path did. Times are UTC.
/// </summary>
public sealed record LiveEvent(
    long Id,
    long CaseId,
    CaseStep Step,
    DateTime At,
    DateTime RecordedAt,
    long? DepartmentId = null,
    DateTime? DeadlineAt = null,
    EscalationLevel? Level = null,
    ResolutionMethod? Method = null,
    bool? Passed = null,
    SatisfactionRating? Rating = null,
    double? Extra = null)
{
    /// <summary>The step as the workflow reads it.</summary>
    public RecordedStep Recorded => new(Step, At, DepartmentId, DeadlineAt, Level, Method, Passed, Rating, Extra);
}

/// <summary>A leader's patrol, as the feed reads it from <c>patrols</c>.</summary>
public sealed record LivePatrol(long Id, long LeaderId, long RoadId, DateTime StartedAt);

/// <summary>A road assignment (领导包路): local campaign dates, both inclusive.</summary>
public sealed record LiveAssignment(long Id, long LeaderId, long RoadId, DateOnly CampaignFrom, DateOnly CampaignTo);

/// <summary>(callbacks, satisfied) of one month of 12345 callbacks.</summary>
public readonly record struct CallbackCounts(long Callbacks, long Satisfied);

/// <summary>A code and display name under an id (street, department, category, road).</summary>
public sealed record NamedRef(long Id, string Code, string Name);

/// <summary>A leader as the road figures show them.</summary>
public sealed record LeaderRef(long Id, string Code, string Name, string Title, int RequiredPerWeek);

/// <summary>A road with its street.</summary>
public sealed record RoadRef(long Id, string Code, string Name, long StreetId);

/// <summary>
/// The reference data the live figures name things with, and the holiday calendar their deadlines count in: pure values, no
/// database.
/// </summary>
public sealed class DashboardReference
{
    public DashboardReference(IEnumerable<NamedRef> streets, IEnumerable<NamedRef> departments, IEnumerable<NamedRef> categories,
        IEnumerable<RoadRef> roads, IEnumerable<LeaderRef> leaders, IEnumerable<LiveAssignment> assignments,
        HolidayCalendar? holidays = null)
    {
        Holidays = holidays ?? HolidayCalendar.None;
        Streets = streets.OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        Departments = departments.OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        StreetsById = Streets.ToDictionary(s => s.Id);
        DepartmentsById = Departments.ToDictionary(d => d.Id);
        CategoriesById = categories.ToDictionary(c => c.Id);
        RoadsById = roads.ToDictionary(r => r.Id);
        LeadersById = leaders.ToDictionary(l => l.Id);
        Assignments = assignments.ToList();
    }

    public IReadOnlyList<NamedRef> Streets { get; }
    public IReadOnlyList<NamedRef> Departments { get; }
    public IReadOnlyDictionary<long, NamedRef> StreetsById { get; }
    public IReadOnlyDictionary<long, NamedRef> DepartmentsById { get; }
    public IReadOnlyDictionary<long, NamedRef> CategoriesById { get; }
    public IReadOnlyDictionary<long, RoadRef> RoadsById { get; }
    public IReadOnlyDictionary<long, LeaderRef> LeadersById { get; }
    public IReadOnlyList<LiveAssignment> Assignments { get; }

    /// <summary>节假日与调休 as <c>work_calendar</c> held it at the rebuild (an edit rebuilds the working set).</summary>
    public HolidayCalendar Holidays { get; }

    /// <summary>The working time 即将超期 and the deadline boundaries count in.</summary>
    public WorkingTime WorkingTime(BusinessCalendar calendar) => new(calendar, Holidays);

    /// <summary>The ids of roads that have a leader in any campaign.</summary>
    public IReadOnlyCollection<long> AssignedRoadIds => Assignments.Select(a => a.RoadId).Distinct().ToList();

    /// <summary>The earliest campaign start among the assignments (local date), or null without any.</summary>
    public DateOnly? EarliestCampaignStart => Assignments.Count == 0 ? null : Assignments.Min(a => a.CampaignFrom);
}
