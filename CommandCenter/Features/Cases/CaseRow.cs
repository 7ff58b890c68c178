using CommandCenter.Domain;

namespace CommandCenter.Features.Cases;

/// <summary>A row of <c>cases</c>: a case's identity, what was reported and where its workflow stands.</summary>
public sealed class CaseRow
{
    public long Id { get; init; }
    /// 案件编号, e.g. 20261122-00042
    public string CaseNo { get; init; } = "";
    public string? ExternalId { get; init; }
    public CaseSource Source { get; init; }
    public long CategoryId { get; init; }
    public long RegionId { get; init; }
    public long StreetId { get; init; }
    public long? RoadId { get; init; }
    public string Description { get; init; } = "";
    public string? Address { get; init; }
    public double? Lat { get; init; }
    public double? Lng { get; init; }
    public string? ReporterPhone { get; init; }
    public bool IsUrgent { get; init; }
    public CaseStatus Status { get; init; }
    public EscalationLevel Level { get; init; }
    public long? DepartmentId { get; init; }
    public ResolutionMethod? Method { get; init; }
    public SatisfactionRating? Rating { get; init; }
    public int ReworkCount { get; init; }
    public DateTime ReportedAt { get; init; }
    public DateTime? RegisteredAt { get; init; }
    public DateTime? RejectedAt { get; init; }
    public DateTime? DispatchedAt { get; init; }
    public DateTime? DeadlineAt { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    public DateTime? RatedAt { get; init; }
    public double? PendingExtra { get; init; }
    public DateTime? ExtendedAt { get; init; }
    public DateTime? HeldAt { get; init; }
    public DateTime? ResumedAt { get; init; }
    public DateTime? ReturnedAt { get; init; }
    public DateTime? VoidedAt { get; init; }
    public DateTime LastStepAt { get; init; }

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

    /// <summary>This case's identity and report with the workflow columns of <paramref name="s"/>: the row as the write path stores it.</summary>
    public CaseRow With(CaseState s) => new()
    {
        Id = Id,
        CaseNo = CaseNo,
        ExternalId = ExternalId,
        Source = Source,
        CategoryId = CategoryId,
        RegionId = RegionId,
        StreetId = StreetId,
        RoadId = RoadId,
        Description = Description,
        Address = Address,
        Lat = Lat,
        Lng = Lng,
        ReporterPhone = ReporterPhone,
        IsUrgent = s.IsUrgent,
        Status = s.Status,
        Level = s.Level,
        DepartmentId = s.DepartmentId,
        Method = s.Method,
        Rating = s.Rating,
        ReworkCount = s.ReworkCount,
        ReportedAt = s.ReportedAt,
        RegisteredAt = s.RegisteredAt,
        RejectedAt = s.RejectedAt,
        DispatchedAt = s.DispatchedAt,
        DeadlineAt = s.DeadlineAt,
        ResolvedAt = s.ResolvedAt,
        ClosedAt = s.ClosedAt,
        RatedAt = s.RatedAt,
        PendingExtra = s.PendingExtra,
        ExtendedAt = s.ExtendedAt,
        HeldAt = s.HeldAt,
        ResumedAt = s.ResumedAt,
        ReturnedAt = s.ReturnedAt,
        VoidedAt = s.VoidedAt,
        LastStepAt = s.LastStepAt,
    };

    public CaseFacts ToFacts() => new(ReportedAt, RegisteredAt, DispatchedAt, DeadlineAt, ResolvedAt, ClosedAt, ReworkCount, Rating, RatedAt,
        ExtendedAt, HeldAt, ResumedAt, ReturnedAt, VoidedAt);

    /// <summary>What keeps the case out of the deadline figures at T (缓办, 作废).</summary>
    public DeadlineHold Hold => new(HeldAt, ResumedAt, VoidedAt);

    /// <summary>The columns of a case, aliased to this class's properties.</summary>
    public const string Columns = """
        id AS Id, case_no AS CaseNo, external_id AS ExternalId, source AS Source, category_id AS CategoryId,
        region_id AS RegionId, street_id AS StreetId, road_id AS RoadId, description AS Description, address AS Address,
        lat AS Lat, lng AS Lng, reporter_phone AS ReporterPhone, is_urgent AS IsUrgent, status AS Status, level AS Level,
        department_id AS DepartmentId, method AS Method, rating AS Rating, rework_count AS ReworkCount,
        reported_at AS ReportedAt, registered_at AS RegisteredAt, rejected_at AS RejectedAt, dispatched_at AS DispatchedAt,
        deadline_at AS DeadlineAt, resolved_at AS ResolvedAt, closed_at AS ClosedAt, rated_at AS RatedAt,
        pending_extra AS PendingExtra, extended_at AS ExtendedAt, held_at AS HeldAt, resumed_at AS ResumedAt,
        returned_at AS ReturnedAt, voided_at AS VoidedAt, last_step_at AS LastStepAt
        """;
}

/// <summary>A case as reported, with its codes already resolved to ids. Times are UTC.</summary>
/// <param name="ReportedAtGiven">False when the sender left the time out and it is "now": a retry of that body has another now,
/// so the retry is not compared on it (<see cref="RetryDifferences"/>).</param>
public sealed record NewCase(
    string? ExternalId,
    CaseSource Source,
    long CategoryId,
    long RegionId,
    long? RoadId,
    string Description,
    string? Address,
    double? Lat,
    double? Lng,
    string? ReporterPhone,
    bool IsUrgent,
    DateTime ReportedAt,
    bool ReportedAtGiven = true);

/// <summary>A workflow step with its idempotency key, as the API, the simulator and the importer send it.</summary>
/// <param name="AtGiven">False when the sender left the time out and it is "now" (see <see cref="NewCase.ReportedAtGiven"/>).</param>
public sealed record CaseStepRequest(string EventId, CaseCommand Command, bool AtGiven = true);

/// <summary>One case with its ordered steps, as the importer and the demo history write them.</summary>
public sealed record CaseImport(NewCase Case, IReadOnlyList<CaseStepRequest> Steps);
