using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

public class CaseWorkflowTests
{
    private static readonly DateTime Reported = new(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Registered = Reported.AddHours(1);
    private static readonly DateTime Dispatched = Reported.AddHours(2);
    private static readonly DateTime Deadline = Dispatched.AddHours(48);
    private static readonly DateTime Resolved = Reported.AddHours(20);
    private static readonly DateTime Closed = Reported.AddHours(22);
    private static readonly DateTime Held = Reported.AddHours(10);
    /// The time of the step under test: after every earlier step of every state below.
    private static readonly DateTime Now = Reported.AddHours(30);
    private const long Department = 7;

    /// <summary>A realistic case in <paramref name="status"/>, at grid level, with every field its history would have set.</summary>
    private static CaseState StateIn(CaseStatus status)
    {
        var reported = CaseState.Reported(Reported, isUrgent: false);
        var registered = reported with { Status = CaseStatus.Registered, RegisteredAt = Registered, LastStepAt = Registered };
        var dispatched = registered with
        {
            Status = CaseStatus.Dispatched, DispatchedAt = Dispatched, DepartmentId = Department, DeadlineAt = Deadline, LastStepAt = Dispatched,
        };
        var resolved = dispatched with
        {
            Status = CaseStatus.Resolved, ResolvedAt = Resolved, Method = ResolutionMethod.Service, LastStepAt = Resolved,
        };
        return status switch
        {
            CaseStatus.Reported => reported,
            CaseStatus.Registered => registered,
            CaseStatus.Rejected => reported with { Status = CaseStatus.Rejected, RejectedAt = Registered, LastStepAt = Registered },
            CaseStatus.Dispatched => dispatched,
            CaseStatus.Resolved => resolved,
            CaseStatus.Closed => resolved with { Status = CaseStatus.Closed, ClosedAt = Closed, LastStepAt = Closed },
            CaseStatus.OnHold => dispatched with { Status = CaseStatus.OnHold, HeldAt = Held, LastStepAt = Held },
            CaseStatus.Void => registered with { Status = CaseStatus.Void, VoidedAt = Held, LastStepAt = Held },
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
    }

    /// <summary>A case in <paramref name="status"/> ready for <paramref name="step"/>: a decision needs a pending request.</summary>
    private static CaseState ReadyFor(CaseStatus status, CaseStep step) =>
        step is CaseStep.ExtendApprove or CaseStep.ExtendRefuse ? StateIn(status) with { PendingExtra = 2 } : StateIn(status);

    /// <summary>A well-formed command of <paramref name="step"/>: every field it could need is filled in.</summary>
    private static CaseCommand CommandFor(CaseStep step, DateTime at) => step switch
    {
        CaseStep.Dispatch => new CaseCommand(step, at, DepartmentId: 9, DeadlineAt: at.AddHours(4.5)),
        CaseStep.Escalate => new CaseCommand(step, at, Level: EscalationLevel.Community),
        CaseStep.Resolve => new CaseCommand(step, at, Method: ResolutionMethod.Enforcement),
        CaseStep.Verify => new CaseCommand(step, at, Passed: true),
        CaseStep.Satisfaction => new CaseCommand(step, at, Rating: SatisfactionRating.VerySatisfied),
        CaseStep.ExtendRequest => new CaseCommand(step, at, Reason: "材料未到", Extra: 2),
        CaseStep.ExtendApprove => new CaseCommand(step, at, DeadlineAt: Deadline.AddHours(8)),
        CaseStep.Resume => new CaseCommand(step, at, DeadlineAt: Deadline.AddHours(4)),
        CaseStep.Suspend or CaseStep.Return or CaseStep.Void => new CaseCommand(step, at, Reason: "错派"),
        _ => new CaseCommand(step, at),
    };

    public static TheoryData<CaseStatus, CaseStep> EveryStatusAndStep()
    {
        var data = new TheoryData<CaseStatus, CaseStep>();
        foreach (var status in Enum.GetValues<CaseStatus>())
            foreach (var step in Enum.GetValues<CaseStep>())
                data.Add(status, step);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndStep))]
    public void Apply_EveryStatusAndStep_AcceptsExactlyTheAllowedStepsWithTheirEffects(CaseStatus status, CaseStep step)
    {
        var state = ReadyFor(status, step);
        var command = CommandFor(step, Now);
        var legal = step != CaseStep.Report && CaseWorkflow.AllowedSteps(status).Contains(step);

        var result = CaseWorkflow.Apply(state, command);

        if (!legal)
        {
            Assert.False(result.IsAccepted);
            Assert.Null(result.State);
            Assert.False(string.IsNullOrWhiteSpace(result.Refusal));
            if (step != CaseStep.Report)
                Assert.Contains(status.Code(), result.Refusal, StringComparison.Ordinal);
            return;
        }

        Assert.True(result.IsAccepted, result.Refusal);
        Assert.Null(result.Refusal);
        var after = result.State!;
        Assert.Equal(Now, after.LastStepAt);
        Assert.Equal(state.ReportedAt, after.ReportedAt);
        switch (step)
        {
            case CaseStep.Register:
                Assert.Equal(state with { Status = CaseStatus.Registered, RegisteredAt = Now, LastStepAt = Now }, after);
                break;
            case CaseStep.Reject:
                Assert.Equal(state with { Status = CaseStatus.Rejected, RejectedAt = Now, LastStepAt = Now }, after);
                break;
            case CaseStep.Dispatch:
                Assert.Equal(state with
                {
                    Status = CaseStatus.Dispatched, DispatchedAt = Now, DepartmentId = 9, DeadlineAt = Now.AddHours(4.5), LastStepAt = Now,
                }, after);
                break;
            case CaseStep.Escalate:
                Assert.Equal(state with { Level = EscalationLevel.Community, LastStepAt = Now }, after);
                break;
            case CaseStep.Resolve:
                Assert.Equal(state with
                {
                    Status = CaseStatus.Resolved, ResolvedAt = Now, Method = ResolutionMethod.Enforcement, LastStepAt = Now,
                }, after);
                break;
            case CaseStep.Verify:
                Assert.Equal(state with { Status = CaseStatus.Closed, ClosedAt = Now, LastStepAt = Now }, after);
                break;
            case CaseStep.Satisfaction:
                Assert.Equal(state with { Rating = SatisfactionRating.VerySatisfied, RatedAt = Now, LastStepAt = Now }, after);
                break;
            case CaseStep.ExtendRequest:
                Assert.Equal(state with { PendingExtra = 2, LastStepAt = Now }, after);
                break;
            case CaseStep.ExtendApprove:
                Assert.Equal(state with { DeadlineAt = Deadline.AddHours(8), PendingExtra = null, ExtendedAt = Now, LastStepAt = Now }, after);
                break;
            case CaseStep.ExtendRefuse:
                Assert.Equal(state with { PendingExtra = null, LastStepAt = Now }, after);
                break;
            case CaseStep.Suspend:
                Assert.Equal(state with { Status = CaseStatus.OnHold, HeldAt = Now, LastStepAt = Now }, after);
                break;
            case CaseStep.Resume:
                Assert.Equal(state with { Status = CaseStatus.Dispatched, ResumedAt = Now, DeadlineAt = Deadline.AddHours(4), LastStepAt = Now }, after);
                break;
            case CaseStep.Return:
                Assert.Equal(state with
                {
                    Status = CaseStatus.Registered, DepartmentId = null, DeadlineAt = null, ReturnedAt = Now, LastStepAt = Now,
                }, after);
                break;
            case CaseStep.Void:
                Assert.Equal(state with { Status = CaseStatus.Void, VoidedAt = Now, LastStepAt = Now }, after);
                break;
            default:
                Assert.Fail($"No expectation written for the legal step {step}.");
                break;
        }
    }

    [Theory]
    [InlineData(EscalationLevel.Grid, EscalationLevel.Community)]
    [InlineData(EscalationLevel.Community, EscalationLevel.Street)]
    [InlineData(EscalationLevel.Street, EscalationLevel.Street)]
    public void StateAfter_EscalationWithoutALevel_GoesOneUpToStreetAtMost(EscalationLevel from, EscalationLevel to)
    {
        var state = StateIn(CaseStatus.Dispatched) with { Level = from };

        var after = CaseWorkflow.StateAfter(state, new RecordedStep(CaseStep.Escalate, Now));

        Assert.Equal(state with { Level = to, LastStepAt = Now }, after);
    }

    [Theory]
    [InlineData(CaseStatus.Reported, CaseStep.Dispatch, "A case that is reported cannot take the step dispatch; it allows register or reject.")]
    [InlineData(CaseStatus.Closed, CaseStep.Verify, "A case that is closed cannot take the step verify; it allows satisfaction.")]
    [InlineData(CaseStatus.Rejected, CaseStep.Register, "A case that is rejected cannot take the step register; it allows no further step.")]
    public void Apply_StepNotAllowed_SaysWhichStepsTheCaseAllows(CaseStatus status, CaseStep step, string refusal) =>
        Assert.Equal(refusal, CaseWorkflow.Apply(StateIn(status), CommandFor(step, Now)).Refusal);

    [Fact]
    public void StateAfter_RecordedDispatch_TakesTheRecordedDeadline()
    {
        // The deadline is computed once, when the step is accepted, and read back from the row.
        var after = CaseWorkflow.StateAfter(StateIn(CaseStatus.Registered),
            new RecordedStep(CaseStep.Dispatch, Now, DepartmentId: 4, DeadlineAt: Now.AddHours(2)));

        Assert.Equal(Now.AddHours(2), after.DeadlineAt);
        Assert.Equal(4, after.DepartmentId);
    }

    [Fact]
    public void StateAfter_VerifyWithoutPassed_IsRework()
    {
        // A row without passed is not a pass: the live fold has always read it as 返工.
        var after = CaseWorkflow.StateAfter(StateIn(CaseStatus.Resolved), new RecordedStep(CaseStep.Verify, Now));

        Assert.Equal(CaseStatus.Dispatched, after.Status);
        Assert.Equal(1, after.ReworkCount);
    }

    [Fact]
    public void AllowedSteps_EveryStatus_FollowsTheClosedLoop()
    {
        Assert.Equal(new[] { CaseStep.Register, CaseStep.Reject }, CaseWorkflow.AllowedSteps(CaseStatus.Reported));
        Assert.Equal(new[] { CaseStep.Dispatch, CaseStep.Escalate, CaseStep.Void }, CaseWorkflow.AllowedSteps(CaseStatus.Registered));
        Assert.Empty(CaseWorkflow.AllowedSteps(CaseStatus.Rejected));
        Assert.Equal(new[]
        {
            CaseStep.Resolve, CaseStep.Escalate, CaseStep.ExtendRequest, CaseStep.ExtendApprove, CaseStep.ExtendRefuse, CaseStep.Suspend,
            CaseStep.Return, CaseStep.Void,
        }, CaseWorkflow.AllowedSteps(CaseStatus.Dispatched));
        Assert.Equal(new[] { CaseStep.Resume, CaseStep.ExtendApprove, CaseStep.ExtendRefuse, CaseStep.Void },
            CaseWorkflow.AllowedSteps(CaseStatus.OnHold));
        Assert.Equal(new[] { CaseStep.Verify }, CaseWorkflow.AllowedSteps(CaseStatus.Resolved));
        Assert.Equal(new[] { CaseStep.Satisfaction }, CaseWorkflow.AllowedSteps(CaseStatus.Closed));
        Assert.Empty(CaseWorkflow.AllowedSteps(CaseStatus.Void));
    }

    [Fact]
    public void Dispatch_WithDeadline_SetsTheDeadlineAndTheDepartment()
    {
        var at = new DateTime(2026, 3, 31, 15, 30, 0, DateTimeKind.Utc);
        var state = StateIn(CaseStatus.Registered);

        var result = CaseWorkflow.Apply(state, new CaseCommand(CaseStep.Dispatch, at, DepartmentId: 3,
            DeadlineAt: new DateTime(2026, 3, 31, 19, 30, 0, DateTimeKind.Utc)));

        Assert.Equal(new DateTime(2026, 3, 31, 19, 30, 0, DateTimeKind.Utc), result.State!.DeadlineAt);
        Assert.Equal(3, result.State.DepartmentId);
        Assert.Equal(at, result.State.DispatchedAt);
        Assert.Equal(CaseStatus.Dispatched, result.State.Status);
    }

    [Fact]
    public void Dispatch_WithoutDepartment_IsRefused()
    {
        var result = CaseWorkflow.Apply(StateIn(CaseStatus.Registered), new CaseCommand(CaseStep.Dispatch, Now, DeadlineAt: Now.AddHours(48)));

        Assert.False(result.IsAccepted);
        Assert.Contains("department", result.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(-4.0)]
    public void Dispatch_WithoutDeadlineAfterIt_IsRefused(double? hoursAfter)
    {
        var result = CaseWorkflow.Apply(StateIn(CaseStatus.Registered),
            new CaseCommand(CaseStep.Dispatch, Now, DepartmentId: 1, DeadlineAt: hoursAfter is { } h ? Now.AddHours(h) : null));

        Assert.False(result.IsAccepted);
        Assert.Contains("time limit", result.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Resolve_WithoutMethod_IsRefused()
    {
        var result = CaseWorkflow.Apply(StateIn(CaseStatus.Dispatched), new CaseCommand(CaseStep.Resolve, Now));

        Assert.False(result.IsAccepted);
        Assert.Contains("method", result.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Verify_Passed_ClosesTheCaseAtTheVerifyTime()
    {
        var state = StateIn(CaseStatus.Resolved);

        var result = CaseWorkflow.Apply(state, new CaseCommand(CaseStep.Verify, Now, Passed: true));

        Assert.Equal(CaseStatus.Closed, result.State!.Status);
        Assert.Equal(Now, result.State.ClosedAt);
        Assert.Equal(Resolved, result.State.ResolvedAt);
        Assert.Equal(ResolutionMethod.Service, result.State.Method);
        Assert.Equal(0, result.State.ReworkCount);
    }

    [Fact]
    public void Verify_Failed_SendsTheCaseBackForReworkWithTheSameDeadline()
    {
        var state = StateIn(CaseStatus.Resolved) with { ReworkCount = 1 };

        var result = CaseWorkflow.Apply(state, new CaseCommand(CaseStep.Verify, Now, Passed: false));

        var after = result.State!;
        Assert.Equal(CaseStatus.Dispatched, after.Status);
        Assert.Equal(2, after.ReworkCount);
        Assert.Equal(Deadline, after.DeadlineAt);
        Assert.Equal(Dispatched, after.DispatchedAt);
        Assert.Equal(Department, after.DepartmentId);
        Assert.Null(after.ResolvedAt);
        Assert.Null(after.Method);
        Assert.Null(after.ClosedAt);
        Assert.Equal(Now, after.LastStepAt);
    }

    [Fact]
    public void Verify_WithoutPassed_IsRefused()
    {
        var result = CaseWorkflow.Apply(StateIn(CaseStatus.Resolved), new CaseCommand(CaseStep.Verify, Now));

        Assert.False(result.IsAccepted);
        Assert.Contains("passed", result.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Verify_FailedThenResolvedAgain_CanBeClosed()
    {
        var state = StateIn(CaseStatus.Resolved);

        var rework = CaseWorkflow.Apply(state, new CaseCommand(CaseStep.Verify, Now, Passed: false)).State!;
        var again = CaseWorkflow.Apply(rework, new CaseCommand(CaseStep.Resolve, Now.AddHours(1), Method: ResolutionMethod.Management)).State!;
        var closed = CaseWorkflow.Apply(again, new CaseCommand(CaseStep.Verify, Now.AddHours(2), Passed: true)).State!;

        Assert.Equal(CaseStatus.Closed, closed.Status);
        Assert.Equal(1, closed.ReworkCount);
        Assert.Equal(ResolutionMethod.Management, closed.Method);
        Assert.Equal(Now.AddHours(1), closed.ResolvedAt);
    }

    [Theory]
    [InlineData(CaseStatus.Registered, EscalationLevel.Grid, null, EscalationLevel.Community)]
    [InlineData(CaseStatus.Registered, EscalationLevel.Community, null, EscalationLevel.Street)]
    [InlineData(CaseStatus.Dispatched, EscalationLevel.Grid, EscalationLevel.Street, EscalationLevel.Street)]
    [InlineData(CaseStatus.Dispatched, EscalationLevel.Community, EscalationLevel.Street, EscalationLevel.Street)]
    public void Escalate_Upwards_RaisesTheLevel(CaseStatus status, EscalationLevel from, EscalationLevel? to, EscalationLevel expected)
    {
        var state = StateIn(status) with { Level = from };

        var result = CaseWorkflow.Apply(state, new CaseCommand(CaseStep.Escalate, Now, Level: to));

        Assert.Equal(expected, result.State!.Level);
        Assert.Equal(status, result.State.Status);
    }

    [Theory]
    [InlineData(EscalationLevel.Community, EscalationLevel.Grid)]
    [InlineData(EscalationLevel.Community, EscalationLevel.Community)]
    [InlineData(EscalationLevel.Grid, EscalationLevel.Grid)]
    public void Escalate_DownwardsOrSideways_IsRefused(EscalationLevel from, EscalationLevel to)
    {
        var state = StateIn(CaseStatus.Dispatched) with { Level = from };

        var result = CaseWorkflow.Apply(state, new CaseCommand(CaseStep.Escalate, Now, Level: to));

        Assert.False(result.IsAccepted);
        Assert.Contains("upwards", result.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(EscalationLevel.Street)]
    public void Escalate_AtStreetLevel_IsRefused(EscalationLevel? to)
    {
        var state = StateIn(CaseStatus.Registered) with { Level = EscalationLevel.Street };

        var result = CaseWorkflow.Apply(state, new CaseCommand(CaseStep.Escalate, Now, Level: to));

        Assert.False(result.IsAccepted);
        Assert.Equal("The case is already handled at street level, the highest.", result.Refusal);
    }

    [Fact]
    public void Satisfaction_Twice_IsRefusedTheSecondTime()
    {
        var rated = CaseWorkflow.Apply(StateIn(CaseStatus.Closed),
            new CaseCommand(CaseStep.Satisfaction, Now, Rating: SatisfactionRating.Satisfied)).State!;

        var again = CaseWorkflow.Apply(rated, new CaseCommand(CaseStep.Satisfaction, Now.AddHours(1), Rating: SatisfactionRating.Dissatisfied));

        Assert.Equal(SatisfactionRating.Satisfied, rated.Rating);
        Assert.False(again.IsAccepted);
        Assert.Contains("already", again.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Satisfaction_WithoutRating_IsRefused()
    {
        var result = CaseWorkflow.Apply(StateIn(CaseStatus.Closed), new CaseCommand(CaseStep.Satisfaction, Now));

        Assert.False(result.IsAccepted);
        Assert.Contains("rating", result.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<CaseStatus, CaseStep> EveryLegalPair()
    {
        var data = new TheoryData<CaseStatus, CaseStep>();
        foreach (var status in Enum.GetValues<CaseStatus>())
            foreach (var step in CaseWorkflow.AllowedSteps(status))
                data.Add(status, step);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryLegalPair))]
    public void Apply_StepEarlierThanTheLastStep_IsRefused(CaseStatus status, CaseStep step)
    {
        var state = ReadyFor(status, step);

        var result = CaseWorkflow.Apply(state, CommandFor(step, state.LastStepAt.AddMilliseconds(-1)));

        Assert.False(result.IsAccepted);
        Assert.Contains("earlier", result.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(EveryLegalPair))]
    public void Apply_StepAtTheSameTimeAsTheLastStep_IsAccepted(CaseStatus status, CaseStep step)
    {
        var state = ReadyFor(status, step);

        var result = CaseWorkflow.Apply(state, CommandFor(step, state.LastStepAt));

        Assert.True(result.IsAccepted, result.Refusal);
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Apply_Report_IsAlwaysRefused(CaseStatus status)
    {
        var result = CaseWorkflow.Apply(StateIn(status), new CaseCommand(CaseStep.Report, Now));

        Assert.False(result.IsAccepted);
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal));
    }

    public static TheoryData<CaseStatus> EveryStatus() => new(Enum.GetValues<CaseStatus>());

    [Fact]
    public void Apply_CloseBeforeResolve_IsRefusedNamingTheStatusAndWhatIsAllowed()
    {
        var result = CaseWorkflow.Apply(StateIn(CaseStatus.Dispatched), new CaseCommand(CaseStep.Verify, Now, Passed: true));

        Assert.False(result.IsAccepted);
        Assert.Contains("dispatched", result.Refusal, StringComparison.Ordinal);
        Assert.Contains("resolve", result.Refusal, StringComparison.Ordinal);
    }
}
