using System.Data.Common;
using CommandCenter.Data;

namespace CommandCenter.Features.Schedule;

public enum ScheduleSaveOutcome
{
    Saved,
    /// Someone saved one of the rows since it was read (its version moved): nothing was written.
    Conflict,
    /// The signed-in person may not edit one of the rows: nothing was written.
    Forbidden,
    /// The edit breaks a rule (unknown leader, day outside the week, …): nothing was written.
    Invalid,
}

/// <summary>
/// The answer to a save of the week's plan or roster. A save is all or nothing: on a conflict <see cref="ConflictKeys"/> names
/// the rows someone else changed (leader ids of plans, ISO dates of roster days) so the page can keep the edits on screen.
/// </summary>
public sealed record ScheduleSaveResult(ScheduleSaveOutcome Outcome, IReadOnlyList<string> ConflictKeys, IReadOnlyList<string> Errors)
{
    public static readonly ScheduleSaveResult Saved = new(ScheduleSaveOutcome.Saved, [], []);
    public static readonly ScheduleSaveResult Forbidden = new(ScheduleSaveOutcome.Forbidden, [], []);
    public static ScheduleSaveResult Conflict(IReadOnlyList<string> keys) => new(ScheduleSaveOutcome.Conflict, keys, []);
    public static ScheduleSaveResult Invalid(params string[] errors) => new(ScheduleSaveOutcome.Invalid, [], errors);

    /// <summary>
    /// Two saves of the same rows at the same instant: the loser hits the unique key (both inserted "the first plan") or,
    /// on SQLite, finds its snapshot stale. Either way it is a conflict like a moved version, not an error.
    /// </summary>
    public static bool IsConcurrentWrite(DbException exception) =>
        DbErrors.IsUniqueViolation(exception) || DbErrors.IsWriteContention(exception);
}

/// <summary>Audit action names of /schedule.</summary>
public static class ScheduleAuditActions
{
    public const string PlanSaved = "schedule.plan.save";
    public const string RosterSaved = "schedule.roster.save";
    public const string CampaignSaved = "schedule.campaign.save";
    public const string RequiredPatrolsSaved = "schedule.required-patrols.save";
}
