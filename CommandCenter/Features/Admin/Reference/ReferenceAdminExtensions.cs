using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommandCenter.Features.Admin.Reference;

public static class ReferenceAdminExtensions
{
    /// <summary>
    /// The reference-data administration (/admin/reference). Commands are scoped (one per circuit) so an audit sink that
    /// needs the signed-in user can be scoped too; the logging sink is only the fallback (TryAdd).
    /// </summary>
    public static IServiceCollection AddReferenceAdmin(this IServiceCollection services)
    {
        services.AddSingleton<ReferenceAdminQueries>();
        services.AddScoped<ReferenceAdminCommands>();
        services.TryAddScoped<IReferenceAuditSink, LoggingReferenceAuditSink>();
        return services;
    }
}
