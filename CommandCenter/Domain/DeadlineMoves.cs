namespace CommandCenter.Domain;

/// <summary>
/// How the lifecycle moves a dispatched case's deadline, in the unit of its category's time limit (工作时 and 工作日 in
/// working time, 自然时 in calendar time). The write path works the new deadline out once and records it with the step.
/// </summary>
public static class DeadlineMoves
{
    /// <summary>延期批准: the deadline plus the request's extra time in the limit's unit.</summary>
    public static DateTime Extended(WorkingTime time, DateTime deadlineUtc, TimeLimitUnit unit, double extra) =>
        time.Deadline(deadlineUtc, new TimeLimit(extra, unit));

    /// <summary>
    /// 缓办 then 恢复: the deadline moved by the time the case was on hold — the working time between the hold and the resume
    /// (a hold across a weekend or a holiday costs only its working hours), or the calendar time for a limit in 自然时.
    /// </summary>
    public static DateTime Resumed(WorkingTime time, DateTime deadlineUtc, TimeLimitUnit unit, DateTime heldUtc, DateTime resumedUtc) =>
        unit == TimeLimitUnit.Hours
            ? deadlineUtc + (resumedUtc - heldUtc)
            : time.Add(deadlineUtc, time.Between(heldUtc, resumedUtc));
}
