using System.Globalization;
using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>
/// The lifecycle around the closed loop (<see cref="CaseWorkflow"/>): 延期 (request, approve, refuse; one pending at most),
/// 缓办 (suspend, resume), 回退 (return, then a new dispatch) and 作废 (void); each refusal with its reason. And how an
/// extension or a hold moves the deadline in working time (<see cref="DeadlineMoves"/>) around the 2025 National Day holiday.
/// </summary>
public sealed class CaseLifecycleTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly WorkingTime Time = new(Shanghai, WorkingTimeTests.NationalDay2025);

    private static DateTime Local(string text) =>
        Shanghai.ToUtc(DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    private static readonly DateTime Dispatched = Local("2025-09-22 09:00");
    private static readonly DateTime Deadline = Local("2025-09-22 13:30");

    private static CaseState DispatchedCase() => CaseState.Reported(Dispatched.AddHours(-2), isUrgent: false) with
    {
        Status = CaseStatus.Dispatched,
        RegisteredAt = Dispatched.AddHours(-1),
        DispatchedAt = Dispatched,
        DepartmentId = 7,
        DeadlineAt = Deadline,
        LastStepAt = Dispatched,
    };

    private static CaseState Accepted(CaseState state, CaseCommand command)
    {
        var result = CaseWorkflow.Apply(state, command);
        Assert.True(result.IsAccepted, result.Refusal);
        return result.State!;
    }

    private static string Refused(CaseState state, CaseCommand command)
    {
        var result = CaseWorkflow.Apply(state, command);
        Assert.False(result.IsAccepted);
        return result.Refusal!;
    }

    [Fact]
    public void Extension_RequestThenApprove_MovesTheDeadlineAndCountsTheFirstApprovalOnly()
    {
        var asked = Accepted(DispatchedCase(), new CaseCommand(CaseStep.ExtendRequest, Dispatched.AddHours(1), Reason: "需调机械", Extra: 4));
        Assert.Equal(4, asked.PendingExtra);
        Assert.Equal(Deadline, asked.DeadlineAt);

        var approved = Accepted(asked, new CaseCommand(CaseStep.ExtendApprove, Dispatched.AddHours(2), DeadlineAt: Deadline.AddHours(20)));
        Assert.Null(approved.PendingExtra);
        Assert.Equal(Deadline.AddHours(20), approved.DeadlineAt);
        Assert.Equal(Dispatched.AddHours(2), approved.ExtendedAt);
        Assert.Equal(CaseStatus.Dispatched, approved.Status);

        var again = Accepted(Accepted(approved, new CaseCommand(CaseStep.ExtendRequest, Dispatched.AddHours(3), Reason: "再延", Extra: 1)),
            new CaseCommand(CaseStep.ExtendApprove, Dispatched.AddHours(4), DeadlineAt: Deadline.AddHours(30)));
        Assert.Equal(Dispatched.AddHours(2), again.ExtendedAt);
        Assert.Equal(Deadline.AddHours(30), again.DeadlineAt);
    }

    [Fact]
    public void Extension_Refused_KeepsTheDeadlineAndAllowsANewRequest()
    {
        var asked = Accepted(DispatchedCase(), new CaseCommand(CaseStep.ExtendRequest, Dispatched.AddHours(1), Reason: "人手不足", Extra: 2));

        var refused = Accepted(asked, new CaseCommand(CaseStep.ExtendRefuse, Dispatched.AddHours(2)));

        Assert.Null(refused.PendingExtra);
        Assert.Null(refused.ExtendedAt);
        Assert.Equal(Deadline, refused.DeadlineAt);
        Accepted(refused, new CaseCommand(CaseStep.ExtendRequest, Dispatched.AddHours(3), Reason: "人手不足", Extra: 1));
    }

    [Fact]
    public void Extension_SecondRequestWhileOneIsPending_IsRefused()
    {
        var asked = Accepted(DispatchedCase(), new CaseCommand(CaseStep.ExtendRequest, Dispatched.AddHours(1), Reason: "材料未到", Extra: 2));

        Assert.Equal("The case already has an extension request waiting for the centre's decision.",
            Refused(asked, new CaseCommand(CaseStep.ExtendRequest, Dispatched.AddHours(2), Reason: "材料未到", Extra: 3)));
    }

    [Theory]
    [InlineData(CaseStep.ExtendApprove)]
    [InlineData(CaseStep.ExtendRefuse)]
    public void Extension_DecisionWithoutARequest_IsRefused(CaseStep step) =>
        Assert.Equal($"The case has no extension request to decide; an {step.Code()} step answers one.",
            Refused(DispatchedCase(), new CaseCommand(step, Dispatched.AddHours(1), DeadlineAt: Deadline.AddHours(8))));

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Extension_RequestWithoutAPositiveExtra_IsRefused(double? extra) =>
        Assert.Contains("extra", Refused(DispatchedCase(), new CaseCommand(CaseStep.ExtendRequest, Dispatched.AddHours(1), Reason: "x", Extra: extra)),
            StringComparison.Ordinal);

    [Fact]
    public void Extension_ApprovalThatDoesNotMoveTheDeadlineLater_IsRefused()
    {
        var asked = DispatchedCase() with { PendingExtra = 2 };

        Assert.Contains("later than the case's deadline",
            Refused(asked, new CaseCommand(CaseStep.ExtendApprove, Dispatched.AddHours(1), DeadlineAt: Deadline)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CaseStep.ExtendRequest)]
    [InlineData(CaseStep.Suspend)]
    [InlineData(CaseStep.Return)]
    [InlineData(CaseStep.Void)]
    public void LifecycleStep_WithoutAReason_IsRefused(CaseStep step)
    {
        foreach (var reason in new[] { null, "", "  " })
            Assert.Equal($"A {step.Code()} step needs its reason.",
                Refused(DispatchedCase(), new CaseCommand(step, Dispatched.AddHours(1), Reason: reason, Extra: 2)));
    }

    [Fact]
    public void Hold_SuspendThenResume_StopsTheClockAndTakesTheMovedDeadline()
    {
        var held = Accepted(DispatchedCase(), new CaseCommand(CaseStep.Suspend, Dispatched.AddHours(1), Reason: "等待产权单位"));
        Assert.Equal(CaseStatus.OnHold, held.Status);
        Assert.Equal(Dispatched.AddHours(1), held.HeldAt);
        Assert.Null(held.ResumedAt);

        Assert.Contains("cannot take the step resolve",
            Refused(held, new CaseCommand(CaseStep.Resolve, Dispatched.AddHours(2), Method: ResolutionMethod.Service)), StringComparison.Ordinal);
        Assert.Contains("cannot take the step suspend",
            Refused(held, new CaseCommand(CaseStep.Suspend, Dispatched.AddHours(2), Reason: "again")), StringComparison.Ordinal);
        Assert.Contains("cannot take the step return",
            Refused(held, new CaseCommand(CaseStep.Return, Dispatched.AddHours(2), Reason: "错派")), StringComparison.Ordinal);

        var resumed = Accepted(held, new CaseCommand(CaseStep.Resume, Dispatched.AddHours(30), DeadlineAt: Deadline.AddHours(29)));
        Assert.Equal(CaseStatus.Dispatched, resumed.Status);
        Assert.Equal(Dispatched.AddHours(30), resumed.ResumedAt);
        Assert.Equal(Dispatched.AddHours(1), resumed.HeldAt);
        Assert.Equal(Deadline.AddHours(29), resumed.DeadlineAt);
    }

    [Fact]
    public void Hold_ResumeWithoutTheMovedDeadline_IsRefused()
    {
        var held = Accepted(DispatchedCase(), new CaseCommand(CaseStep.Suspend, Dispatched.AddHours(1), Reason: "等待产权单位"));

        Assert.Contains("time on hold", Refused(held, new CaseCommand(CaseStep.Resume, Dispatched.AddHours(2))), StringComparison.Ordinal);
        Assert.Contains("cannot take the step resume",
            Refused(DispatchedCase(), new CaseCommand(CaseStep.Resume, Dispatched.AddHours(2), DeadlineAt: Deadline)), StringComparison.Ordinal);
    }

    [Fact]
    public void Return_SendsTheCaseBackToTheCentre_ThenANewDispatchGoesToAnotherDepartment()
    {
        var asked = Accepted(DispatchedCase(), new CaseCommand(CaseStep.ExtendRequest, Dispatched.AddMinutes(10), Reason: "x", Extra: 1));

        var returned = Accepted(asked, new CaseCommand(CaseStep.Return, Dispatched.AddHours(1), Reason: "不属本单位职责"));

        Assert.Equal(CaseStatus.Registered, returned.Status);
        Assert.Null(returned.DepartmentId);
        Assert.Equal(Dispatched, returned.DispatchedAt);
        Assert.Null(returned.DeadlineAt);
        Assert.Null(returned.PendingExtra);
        Assert.Equal(Dispatched.AddHours(1), returned.ReturnedAt);

        var again = Accepted(returned, new CaseCommand(CaseStep.Dispatch, Dispatched.AddHours(2), DepartmentId: 8, DeadlineAt: Deadline.AddHours(6)));
        Assert.Equal(8, again.DepartmentId);
        Assert.Equal(Dispatched.AddHours(2), again.DispatchedAt);
        Assert.Equal(Dispatched.AddHours(1), again.ReturnedAt);
    }

    [Theory]
    [InlineData(CaseStatus.Reported)]
    [InlineData(CaseStatus.Registered)]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    public void Return_OfACaseNotDispatched_IsRefused(CaseStatus status) =>
        Assert.Contains("cannot take the step return",
            Refused(DispatchedCase() with { Status = status }, new CaseCommand(CaseStep.Return, Dispatched.AddHours(1), Reason: "错派")),
            StringComparison.Ordinal);

    [Theory]
    [InlineData(CaseStatus.Registered)]
    [InlineData(CaseStatus.Dispatched)]
    [InlineData(CaseStatus.OnHold)]
    public void Void_OfARegisteredDispatchedOrHeldCase_EndsIt(CaseStatus status)
    {
        var voided = Accepted(DispatchedCase() with { Status = status }, new CaseCommand(CaseStep.Void, Dispatched.AddHours(1), Reason: "重复上报"));

        Assert.Equal(CaseStatus.Void, voided.Status);
        Assert.Equal(Dispatched.AddHours(1), voided.VoidedAt);
        Assert.Empty(CaseWorkflow.AllowedSteps(CaseStatus.Void));
    }

    [Theory]
    [InlineData(CaseStatus.Reported)]
    [InlineData(CaseStatus.Rejected)]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.Void)]
    public void Void_OfACaseNotRegisteredOrAlreadyResolved_IsRefused(CaseStatus status) =>
        Assert.Contains("cannot take the step void",
            Refused(DispatchedCase() with { Status = status }, new CaseCommand(CaseStep.Void, Dispatched.AddHours(1), Reason: "重复上报")),
            StringComparison.Ordinal);

    [Theory]
    // 4 工作时 more from a deadline on the eve of the holiday: 0.5 h on 30 September, then 3.5 h on Thursday 9 October.
    [InlineData("2025-09-30 17:00", 4, "workingHours", "2025-10-09 12:00")]
    // 1 工作日 (7.5 h) from a deadline at Friday 12:00: 4 h that afternoon, Saturday off, 3.5 h on the make-up Sunday 28 September.
    [InlineData("2025-09-26 12:00", 1, "workingDays", "2025-09-28 12:00")]
    // 2 自然时: calendar hours, holiday or not.
    [InlineData("2025-10-01 10:00", 2, "hours", "2025-10-01 12:00")]
    public void Extended_MovesTheDeadlineByTheExtraInTheLimitsUnit(string deadline, double extra, string unit, string expected)
    {
        Assert.True(TimeLimitUnits.TryParse(unit, out var u));

        Assert.Equal(Local(expected), DeadlineMoves.Extended(Time, Local(deadline), u, extra));
    }

    [Theory]
    // On hold from Tuesday 30 September 16:00 to Thursday 9 October 09:30 across the whole holiday: 1.5 + 1 = 2.5 working
    // hours on hold, so a deadline of Thursday 9 October 10:00 moves to 12:00 and then 0.5 h into the afternoon: 14:00.
    [InlineData("2025-10-09 10:00", "2025-09-30 16:00", "2025-10-09 09:30", "workingHours", "2025-10-09 14:00")]
    // Held on Saturday and resumed on Sunday (an ordinary weekend): no working time on hold, the deadline stays.
    [InlineData("2025-09-23 10:00", "2025-09-20 10:00", "2025-09-21 18:00", "workingDays", "2025-09-23 10:00")]
    // Held during the holiday only (2 to 6 October): nothing on hold counts.
    [InlineData("2025-10-09 10:00", "2025-10-02 09:00", "2025-10-06 17:00", "workingHours", "2025-10-09 10:00")]
    // A limit in 自然时: the calendar time on hold, 30 hours.
    [InlineData("2025-10-01 20:00", "2025-10-01 10:00", "2025-10-02 16:00", "hours", "2025-10-03 02:00")]
    public void Resumed_MovesTheDeadlineByTheTimeOnHold(string deadline, string held, string resumed, string unit, string expected)
    {
        Assert.True(TimeLimitUnits.TryParse(unit, out var u));

        Assert.Equal(Local(expected), DeadlineMoves.Resumed(Time, Local(deadline), u, Local(held), Local(resumed)));
    }
}
