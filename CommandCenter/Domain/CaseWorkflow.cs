namespace CommandCenter.Domain;

/// <summary>The workflow fields of one case: what the closed loop has recorded so far. Times are UTC.</summary>
public sealed record CaseState
{
    public required CaseStatus Status { get; init; }
    public required bool IsUrgent { get; init; }
    public required DateTime ReportedAt { get; init; }
    public EscalationLevel Level { get; init; } = EscalationLevel.Grid;
    public DateTime? RegisteredAt { get; init; }
    public DateTime? RejectedAt { get; init; }
    public DateTime? DispatchedAt { get; init; }
    public long? DepartmentId { get; init; }
    /// 处置时限 — set when the case is dispatched.
    public DateTime? DeadlineAt { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public ResolutionMethod? Method { get; init; }
    public DateTime? ClosedAt { get; init; }
    /// 返工次数 — failed verifications.
    public int ReworkCount { get; init; }
    public SatisfactionRating? Rating { get; init; }
    public DateTime? RatedAt { get; init; }
    /// 延期申请: the extra time a pending request asks for (in the category's unit); null when none is pending.
    public double? PendingExtra { get; init; }
    /// 延期: when the first extension was granted (the case counts in 延期数 from then on).
    public DateTime? ExtendedAt { get; init; }
    /// 缓办: when the latest hold began.
    public DateTime? HeldAt { get; init; }
    /// When the latest hold ended; null while the case is on hold (or was never held).
    public DateTime? ResumedAt { get; init; }
    /// 回退: when the case was first handed back by a department it was wrongly sent to.
    public DateTime? ReturnedAt { get; init; }
    /// 作废
    public DateTime? VoidedAt { get; init; }
    /// The time of the latest step; a later step may not be earlier.
    public required DateTime LastStepAt { get; init; }

    public static CaseState Reported(DateTime reportedAt, bool isUrgent) => new()
    {
        Status = CaseStatus.Reported,
        IsUrgent = isUrgent,
        ReportedAt = reportedAt,
        LastStepAt = reportedAt,
    };
}

/// <summary>One workflow step asked of a case, with the fields its type needs.</summary>
/// <param name="DeadlineAt">
/// The deadline the step sets: for a <see cref="CaseStep.Dispatch"/> the dispatch time plus the category's time limit (urgent or
/// not) in its unit (<see cref="WorkingTime.Deadline"/>); for <see cref="CaseStep.ExtendApprove"/> and <see cref="CaseStep.Resume"/>
/// the deadline moved (<see cref="DeadlineMoves"/>). The write path fills it in from the category and the calendar.
/// </param>
/// <param name="Reason">Why: required of an extension request, a hold, a return and a void; recorded with the event.</param>
/// <param name="Extra">The extra time an extension request asks for, in the category's unit.</param>
public sealed record CaseCommand(
    CaseStep Step,
    DateTime At,
    long? DepartmentId = null,
    DateTime? DeadlineAt = null,
    EscalationLevel? Level = null,
    ResolutionMethod? Method = null,
    bool? Passed = null,
    SatisfactionRating? Rating = null,
    string? Reason = null,
    double? Extra = null);

/// <summary>
/// One step as a <c>case_events</c> row records it: its type, its time and the fields its <c>data</c> carries. What
/// <see cref="CaseWorkflow.StateAfter"/> reads; the write path makes it from an accepted <see cref="CaseCommand"/>, the
/// live fold from the row.
/// </summary>
/// <param name="DeadlineAt">
/// The deadline the step set: a dispatch's 处置时限, or the deadline an approved extension or a resume moved.
/// </param>
/// <param name="Level">The level an escalation asked for; null goes one level up.</param>
/// <param name="Extra">The extra time an extension request asked for.</param>
public sealed record RecordedStep(
    CaseStep Step,
    DateTime At,
    long? DepartmentId = null,
    DateTime? DeadlineAt = null,
    EscalationLevel? Level = null,
    ResolutionMethod? Method = null,
    bool? Passed = null,
    SatisfactionRating? Rating = null,
    double? Extra = null);

/// <summary>The outcome of asking the workflow for a step: the new state, or why the step is refused.</summary>
public sealed record WorkflowResult(CaseState? State, string? Refusal)
{
    public bool IsAccepted => State is not null;
    public static WorkflowResult Accept(CaseState state) => new(state, null);
    public static WorkflowResult Refuse(string reason) => new(null, reason);
}

/// <summary>
/// The closed-loop case workflow of GB/T 30428 as the bureau runs it:
/// 上报 → 立案 (or 不予立案) → 派遣 → 处置 → 核查 (pass → 结案, fail → 返工 back to 派遣) → 回访.
/// 升级 (三级处置) is allowed while a case is registered or dispatched and only upwards.
/// Around it the lifecycle: a dispatched case may get more time (延期: the department's request, the centre's approval or
/// refusal, one request pending at most), be put on hold and resumed (缓办), or be handed back by a department it was
/// wrongly sent to (回退: registered again, to be dispatched anew); a registered, dispatched or held case may be voided (作废).
/// Pure: no clock, no database; every refusal says why in words a caller can show.
/// </summary>
public static class CaseWorkflow
{
    /// <summary>The steps a case in <paramref name="status"/> may take next.</summary>
    public static IReadOnlyList<CaseStep> AllowedSteps(CaseStatus status) => status switch
    {
        CaseStatus.Reported => [CaseStep.Register, CaseStep.Reject],
        CaseStatus.Registered => [CaseStep.Dispatch, CaseStep.Escalate, CaseStep.Void],
        CaseStatus.Dispatched =>
        [
            CaseStep.Resolve, CaseStep.Escalate, CaseStep.ExtendRequest, CaseStep.ExtendApprove, CaseStep.ExtendRefuse,
            CaseStep.Suspend, CaseStep.Return, CaseStep.Void,
        ],
        CaseStatus.OnHold => [CaseStep.Resume, CaseStep.ExtendApprove, CaseStep.ExtendRefuse, CaseStep.Void],
        CaseStatus.Resolved => [CaseStep.Verify],
        CaseStatus.Closed => [CaseStep.Satisfaction],
        _ => [],
    };

    /// <summary>Checks a step asked of a case and, when it is allowed, returns the state <see cref="StateAfter"/> gives.</summary>
    public static WorkflowResult Apply(CaseState state, CaseCommand command)
    {
        if (command.Step == CaseStep.Report)
            return WorkflowResult.Refuse("A case is reported once, when it is created.");
        if (!AllowedSteps(state.Status).Contains(command.Step))
            return WorkflowResult.Refuse(NotAllowedReason(state, command.Step));
        if (command.At < state.LastStepAt)
            return WorkflowResult.Refuse(
                $"The step's time {command.At:O} is earlier than the case's previous step at {state.LastStepAt:O}.");
        if (Refusal(state, command) is { } refusal) return WorkflowResult.Refuse(refusal);
        return WorkflowResult.Accept(StateAfter(state, Record(command)));
    }

    /// <summary>
    /// What one recorded step does to a case: the one state change of the closed loop, used by <see cref="Apply"/> (the
    /// write path, after its checks) and by the live fold (DashboardState, on every <c>case_events</c> row). It checks
    /// nothing: a recorded step has happened.
    /// </summary>
    public static CaseState StateAfter(CaseState state, RecordedStep step)
    {
        var at = step.At;
        return step.Step switch
        {
            CaseStep.Report => state with { Status = CaseStatus.Reported, LastStepAt = at },
            CaseStep.Register => state with { Status = CaseStatus.Registered, RegisteredAt = at, LastStepAt = at },
            CaseStep.Reject => state with { Status = CaseStatus.Rejected, RejectedAt = at, LastStepAt = at },
            CaseStep.Dispatch => state with
            {
                Status = CaseStatus.Dispatched,
                DispatchedAt = at,
                DepartmentId = step.DepartmentId,
                DeadlineAt = step.DeadlineAt,
                LastStepAt = at,
            },
            CaseStep.Escalate => state with { Level = EscalationTarget(state.Level, step.Level), LastStepAt = at },
            CaseStep.Resolve => state with { Status = CaseStatus.Resolved, ResolvedAt = at, Method = step.Method, LastStepAt = at },
            CaseStep.Verify when step.Passed == true => state with { Status = CaseStatus.Closed, ClosedAt = at, LastStepAt = at },
            // 返工: back to the department with the deadline it already had.
            CaseStep.Verify => state with
            {
                Status = CaseStatus.Dispatched,
                ResolvedAt = null,
                Method = null,
                ReworkCount = state.ReworkCount + 1,
                LastStepAt = at,
            },
            CaseStep.Satisfaction => state with { Rating = step.Rating, RatedAt = at, LastStepAt = at },
            CaseStep.ExtendRequest => state with { PendingExtra = step.Extra, LastStepAt = at },
            CaseStep.ExtendApprove => state with
            {
                DeadlineAt = step.DeadlineAt,
                PendingExtra = null,
                ExtendedAt = state.ExtendedAt ?? at,
                LastStepAt = at,
            },
            CaseStep.ExtendRefuse => state with { PendingExtra = null, LastStepAt = at },
            CaseStep.Suspend => state with { Status = CaseStatus.OnHold, HeldAt = at, ResumedAt = null, LastStepAt = at },
            CaseStep.Resume => state with { Status = CaseStatus.Dispatched, ResumedAt = at, DeadlineAt = step.DeadlineAt, LastStepAt = at },
            // 回退: back to the centre, no department's case any more (its figures do not count it), waiting for a new dispatch.
            // The dispatch time stays until the new dispatch: the day's 派遣 counts the dispatch that happened.
            CaseStep.Return => state with
            {
                Status = CaseStatus.Registered,
                DepartmentId = null,
                DeadlineAt = null,
                PendingExtra = null,
                ReturnedAt = state.ReturnedAt ?? at,
                LastStepAt = at,
            },
            CaseStep.Void => state with { Status = CaseStatus.Void, VoidedAt = at, LastStepAt = at },
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Step, "Unknown step."),
        };
    }

    /// <summary>The level an escalation goes to: the one asked for, or one up from <paramref name="from"/> (street is the top).</summary>
    public static EscalationLevel EscalationTarget(EscalationLevel from, EscalationLevel? asked) =>
        asked ?? (EscalationLevel)Math.Min((int)from + 1, (int)EscalationLevel.Street);

    /// <summary>The step as its <c>case_events</c> row records it; only the steps that set a deadline record one.</summary>
    private static RecordedStep Record(CaseCommand command) => new(command.Step, command.At, command.DepartmentId,
        SetsDeadline(command.Step) ? command.DeadlineAt : null,
        command.Level, command.Method, command.Passed, command.Rating,
        command.Step == CaseStep.ExtendRequest ? command.Extra : null);

    /// <summary>The steps whose deadline the write path works out: a dispatch's, and the moved one of an extension or a resume.</summary>
    public static bool SetsDeadline(CaseStep step) => step is CaseStep.Dispatch or CaseStep.ExtendApprove or CaseStep.Resume;

    /// <summary>The steps that need a reason (延期申请, 缓办, 回退, 作废).</summary>
    public static bool NeedsReason(CaseStep step) => step is CaseStep.ExtendRequest or CaseStep.Suspend or CaseStep.Return or CaseStep.Void;

    /// <summary>Why an allowed step cannot be taken with the fields it was given, or null when it can.</summary>
    private static string? Refusal(CaseState state, CaseCommand command)
    {
        if (NeedsReason(command.Step) && string.IsNullOrWhiteSpace(command.Reason))
            return $"A {command.Step.Code()} step needs its reason.";
        switch (command.Step)
        {
            case CaseStep.Dispatch when command.DepartmentId is null:
                return "A dispatch step needs the department it goes to.";
            case CaseStep.Dispatch when !(command.DeadlineAt > command.At):
                return "A dispatch step needs its deadline (the category's time limit), later than the dispatch time.";
            case CaseStep.Escalate:
                var to = EscalationTarget(state.Level, command.Level);
                if (to > state.Level) return null;
                return state.Level == EscalationLevel.Street
                    ? "The case is already handled at street level, the highest."
                    : $"A case can only be escalated upwards; it is at {state.Level.Code()} level, not below {to.Code()}.";
            case CaseStep.Resolve when command.Method is null:
                return "A resolve step needs the method: service, management or enforcement.";
            case CaseStep.Verify when command.Passed is null:
                return "A verify step needs passed: true or false.";
            case CaseStep.Satisfaction when state.Rating is not null:
                return "The case already has its satisfaction callback.";
            case CaseStep.Satisfaction when command.Rating is null:
                return "A satisfaction step needs the rating: verysatisfied, satisfied or dissatisfied.";
            case CaseStep.ExtendRequest when state.PendingExtra is not null:
                return "The case already has an extension request waiting for the centre's decision.";
            case CaseStep.ExtendRequest when !(command.Extra > 0) || !double.IsFinite(command.Extra.Value):
                return "An extend-request step needs extra: the time asked for, a positive amount in the category's unit.";
            case CaseStep.ExtendApprove or CaseStep.ExtendRefuse when state.PendingExtra is null:
                return $"The case has no extension request to decide; an {command.Step.Code()} step answers one.";
            case CaseStep.ExtendApprove when !(command.DeadlineAt > state.DeadlineAt):
                return "An extend-approve step needs the extended deadline, later than the case's deadline.";
            case CaseStep.Resume when !(command.DeadlineAt >= state.DeadlineAt):
                return "A resume step needs the case's deadline moved by the time on hold, no earlier than its deadline.";
            default:
                return null;
        }
    }

    private static string NotAllowedReason(CaseState state, CaseStep step)
    {
        var allowed = AllowedSteps(state.Status);
        var next = allowed.Count == 0 ? "no further step" : string.Join(" or ", allowed.Select(s => s.Code()));
        if (step == CaseStep.Satisfaction && state.Status == CaseStatus.Closed)
            return "The case already has its satisfaction callback.";
        return $"A case that is {state.Status.Code()} cannot take the step {step.Code()}; it allows {next}.";
    }
}
