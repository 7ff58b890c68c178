using Microsoft.AspNetCore.Authorization;

namespace CommandCenter.Security;

/// <summary>The roles (README, "Signing in, roles, machines"). A user holds one or more; a display device holds <see cref="Display"/>.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Scheduler = "Scheduler";
    public const string Leader = "Leader";
    public const string Staff = "Staff";
    public const string Display = "Display";

    public static readonly string[] All = [Admin, Scheduler, Leader, Staff, Display];

    /// <summary>The roles of people signing in with a password (everyone but display devices).</summary>
    public static readonly string[] People = [Admin, Scheduler, Leader, Staff];
}

/// <summary>
/// The authorization policies. Every page, endpoint and hub names one of these; nothing is anonymous except
/// sign-in, static assets and /health.
/// </summary>
public static class Policies
{
    /// <summary>Administration: users, API keys, display devices, reference data, audit log.</summary>
    public const string Admin = "Admin";

    /// <summary>Any signed-in person (Admin, Scheduler, Leader, Staff).</summary>
    public const string SignedIn = "SignedIn";

    /// <summary>The wall boards and the live dashboard: display devices and signed-in people.</summary>
    public const string Wall = "Wall";

    /// <summary>Editing patrol plans and the duty roster: Admin, Scheduler, and Leaders (their own plan, checked in code).</summary>
    public const string ScheduleEdit = "ScheduleEdit";

    /// <summary>Reporter data (phone numbers) unmasked: the PII permission.</summary>
    public const string Pii = "Pii";

    /// <summary>The live snapshot hub: display devices, signed-in people and machines with a <c>read</c> API key.</summary>
    public const string LiveFeed = "LiveFeed";

    /// <summary>Machines posting cases, events and patrols: an API key with the <c>ingest</c> scope.</summary>
    public const string ApiIngest = "ApiIngest";

    /// <summary>Machines reading the dashboard, indicators and reports: an API key with the <c>read</c> scope, or a signed-in person.</summary>
    public const string ApiRead = "ApiRead";

    /// <summary>The metrics endpoint <c>/metrics</c>: an API key with the <c>metrics</c> scope (Prometheus), nobody else.</summary>
    public const string Metrics = "Metrics";
}

/// <summary>Checks of a policy that code makes itself, beyond the endpoint's own.</summary>
public static class PolicyChecks
{
    /// <summary>Whether <paramref name="user"/> may read personal data unmasked (policy <see cref="Policies.Pii"/>).</summary>
    public static async Task<bool> MayReadPiiAsync(this IAuthorizationService authorization,
        System.Security.Claims.ClaimsPrincipal user) => (await authorization.AuthorizeAsync(user, Policies.Pii)).Succeeded;
}
