using System.Globalization;
using System.Security.Claims;
using CommandCenter.Security;

namespace CommandCenter.Tests.Features.Schedule;

/// <summary>Signed-in people as the schedule stores see them.</summary>
public static class ScheduleTestUsers
{
    public static ClaimsPrincipal Scheduler(string name = "scheduler") => Person(name, Roles.Scheduler);

    public static ClaimsPrincipal Admin(string name = "admin") => Person(name, Roles.Admin);

    public static ClaimsPrincipal Staff(string name = "staff") => Person(name, Roles.Staff);

    public static ClaimsPrincipal LeaderOf(long leaderId, string name = "leader") =>
        Person(name, Roles.Leader, new Claim(SecurityClaims.LeaderId, leaderId.ToString(CultureInfo.InvariantCulture)));

    private static ClaimsPrincipal Person(string name, string role, params Claim[] extra) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), .. extra], "Test"));
}
