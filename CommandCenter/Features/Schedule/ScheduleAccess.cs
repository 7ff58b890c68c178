using System.Globalization;
using System.Security.Claims;
using CommandCenter.Security;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// Who may change what on /schedule. Schedulers and admins edit every plan, the duty roster and the campaign settings; a
/// leader edits only the plan of the leader their account speaks for (<see cref="SecurityClaims.LeaderId"/>). The stores
/// check this on every write, whatever the page showed.
/// </summary>
public static class ScheduleAccess
{
    public static bool EditsAll(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Scheduler);

    public static long? LeaderIdOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(SecurityClaims.LeaderId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static bool CanEditPlanOf(ClaimsPrincipal user, long leaderId) =>
        EditsAll(user) || (user.IsInRole(Roles.Leader) && LeaderIdOf(user) == leaderId);

    public static bool CanEditAnyPlan(ClaimsPrincipal user) => EditsAll(user) || (user.IsInRole(Roles.Leader) && LeaderIdOf(user) is not null);

    public static bool CanEditRoster(ClaimsPrincipal user) => EditsAll(user);

    public static bool CanEditCampaign(ClaimsPrincipal user) => EditsAll(user);

    /// <summary>The name written to updated_by and the audit log.</summary>
    public static string ActorOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
