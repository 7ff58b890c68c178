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
/// <param name="TimeLimitHours">The category's 处置时限 for this case (urgent or not), needed by <see cref="CaseStep.Dispatch"/>.</param>
public sealed record CaseCommand(
    CaseStep Step,
    DateTime At,
    long? DepartmentId = null,
    double? TimeLimitHours = null,
    EscalationLevel? Level = null,
    ResolutionMethod? Method = null,
    bool? Passed = null,
    SatisfactionRating? Rating = null);

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
/// Pure: no clock, no database; every refusal says why in words a caller can show.
/// </summary>
public static class CaseWorkflow
{
    /// <summary>The steps a case in <paramref name="status"/> may take next.</summary>
    public static IReadOnlyList<CaseStep> AllowedSteps(CaseStatus status) => status switch
    {
        CaseStatus.Reported => [CaseStep.Register, CaseStep.Reject],
        CaseStatus.Registered => [CaseStep.Dispatch, CaseStep.Escalate],
        CaseStatus.Dispatched => [CaseStep.Resolve, CaseStep.Escalate],
        CaseStatus.Resolved => [CaseStep.Verify],
        CaseStatus.Closed => [CaseStep.Satisfaction],
        _ => [],
    };

    public static WorkflowResult Apply(CaseState state, CaseCommand command)
    {
        if (command.Step == CaseStep.Report)
            return WorkflowResult.Refuse("A case is reported once, when it is created.");
        if (!AllowedSteps(state.Status).Contains(command.Step))
            return WorkflowResult.Refuse(NotAllowedReason(state, command.Step));
        if (command.At < state.LastStepAt)
            return WorkflowResult.Refuse(
                $"The step's time {command.At:O} is earlier than the case's previous step at {state.LastStepAt:O}.");

        var at = command.At;
        return command.Step switch
        {
            CaseStep.Register => WorkflowResult.Accept(state with { Status = CaseStatus.Registered, RegisteredAt = at, LastStepAt = at }),
            CaseStep.Reject => WorkflowResult.Accept(state with { Status = CaseStatus.Rejected, RejectedAt = at, LastStepAt = at }),
            CaseStep.Dispatch => Dispatch(state, command),
            CaseStep.Escalate => Escalate(state, command),
            CaseStep.Resolve => command.Method is { } method
                ? WorkflowResult.Accept(state with { Status = CaseStatus.Resolved, ResolvedAt = at, Method = method, LastStepAt = at })
                : WorkflowResult.Refuse("A resolve step needs the method: service, management or enforcement."),
            CaseStep.Verify => Verify(state, command),
            CaseStep.Satisfaction => Rate(state, command),
            _ => WorkflowResult.Refuse($"Unknown step {command.Step}."),
        };
    }

    private static WorkflowResult Dispatch(CaseState state, CaseCommand command)
    {
        if (command.DepartmentId is not { } department)
            return WorkflowResult.Refuse("A dispatch step needs the department it goes to.");
        if (command.TimeLimitHours is not { } limit || limit <= 0)
            return WorkflowResult.Refuse("A dispatch step needs the category's time limit, a positive number of hours.");
        var at = command.At;
        return WorkflowResult.Accept(state with
        {
            Status = CaseStatus.Dispatched,
            DispatchedAt = at,
            DepartmentId = department,
            DeadlineAt = at.AddHours(limit),
            LastStepAt = at,
        });
    }

    private static WorkflowResult Escalate(CaseState state, CaseCommand command)
    {
        var to = command.Level ?? (EscalationLevel)Math.Min((int)state.Level + 1, (int)EscalationLevel.Street);
        if (to <= state.Level)
            return WorkflowResult.Refuse(state.Level == EscalationLevel.Street
                ? "The case is already handled at street level, the highest."
                : $"A case can only be escalated upwards; it is at {state.Level.Code()} level, not below {to.Code()}.");
        return WorkflowResult.Accept(state with { Level = to, LastStepAt = command.At });
    }

    private static WorkflowResult Verify(CaseState state, CaseCommand command)
    {
        if (command.Passed is not { } passed)
            return WorkflowResult.Refuse("A verify step needs passed: true or false.");
        var at = command.At;
        return passed
            ? WorkflowResult.Accept(state with { Status = CaseStatus.Closed, ClosedAt = at, LastStepAt = at })
            // 返工: back to the department with the deadline it already had.
            : WorkflowResult.Accept(state with
            {
                Status = CaseStatus.Dispatched,
                ResolvedAt = null,
                Method = null,
                ReworkCount = state.ReworkCount + 1,
                LastStepAt = at,
            });
    }

    private static WorkflowResult Rate(CaseState state, CaseCommand command)
    {
        if (state.Rating is not null)
            return WorkflowResult.Refuse("The case already has its satisfaction callback.");
        if (command.Rating is not { } rating)
            return WorkflowResult.Refuse("A satisfaction step needs the rating: verysatisfied, satisfied or dissatisfied.");
        return WorkflowResult.Accept(state with { Rating = rating, RatedAt = command.At, LastStepAt = command.At });
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
