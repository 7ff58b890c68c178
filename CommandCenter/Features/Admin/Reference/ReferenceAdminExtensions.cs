namespace CommandCenter.Features.Admin.Reference;

public static class ReferenceAdminExtensions
{
    /// <summary>
    /// The reference-data administration (/admin/reference). Commands are scoped (one per circuit) so the audit sink can
    /// name the signed-in admin.
    /// </summary>
    public static IServiceCollection AddReferenceAdmin(this IServiceCollection services)
    {
        services.AddSingleton<ReferenceAdminQueries>();
        services.AddSingleton<CommandCenter.Features.Reference.WorkCalendarStore>();
        services.AddScoped<ReferenceAdminCommands>();
        services.AddScoped<IReferenceAuditSink, AuditLogReferenceSink>();
        return services;
    }
}
