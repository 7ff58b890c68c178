using CommandCenter.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Features.Admin.Reference;

/// <summary>Where every saved edit of the reference data is recorded (a seam so the commands are tested without the audit log).</summary>
public interface IReferenceAuditSink
{
    /// <param name="action">What was done, e.g. <c>reference.department.update</c>.</param>
    /// <param name="target">The row, e.g. <c>department:municipal</c>.</param>
    /// <param name="detail">The values written (JSON).</param>
    Task RecordAsync(string action, string target, string detail, CancellationToken ct);
}

/// <summary>Writes reference-data edits to the audit log under the signed-in admin's name.</summary>
public sealed class AuditLogReferenceSink(AuditLog auditLog, AuthenticationStateProvider authentication) : IReferenceAuditSink
{
    public async Task RecordAsync(string action, string target, string detail, CancellationToken ct)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        await auditLog.WriteAsync(user.Identity?.Name ?? "unknown", action, target, detail, ct);
    }
}
