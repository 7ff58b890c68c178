namespace CommandCenter.Features.Admin.Reference;

/// <summary>
/// Where every saved edit of the reference data is recorded. Defined here so this feature does not depend on the audit-log
/// feature; the audit log's implementation replaces <see cref="LoggingReferenceAuditSink"/> when both are registered.
/// </summary>
public interface IReferenceAuditSink
{
    /// <param name="action">What was done, e.g. <c>reference.department.update</c>.</param>
    /// <param name="target">The row, e.g. <c>department:municipal</c>.</param>
    /// <param name="detail">The values written (JSON).</param>
    Task RecordAsync(string action, string target, string detail, CancellationToken ct);
}

/// <summary>Writes the audit record to the application log, so an edit is never unrecorded while no audit store is present.</summary>
public sealed class LoggingReferenceAuditSink(ILogger<LoggingReferenceAuditSink> logger) : IReferenceAuditSink
{
    public Task RecordAsync(string action, string target, string detail, CancellationToken ct)
    {
        logger.LogInformation("Reference data audit: {Action} {Target} {Detail}", action, target, detail);
        return Task.CompletedTask;
    }
}
