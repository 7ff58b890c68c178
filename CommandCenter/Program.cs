using CommandCenter.Apis;
using CommandCenter.Cli;
using CommandCenter.Components;
using CommandCenter.Data;
using CommandCenter.Extensions;
using CommandCenter.Features.Intake;
using CommandCenter.Features.Live;
using CommandCenter.Features.Map;
using CommandCenter.Features.Operations;
using CommandCenter.Features.Reports;
using CommandCenter.Features.Schedule;
using CommandCenter.Security;

// `user …`, `apikey …`, `display …`, `import FILE.ndjson`: management and bulk import from the command line, then exit.
if (await CommandLine.TryRunAsync(args) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
// Started from a build (dotnet run), not a publish: the static assets of the packages and the framework (MudBlazor,
// blazor.web.js, the scoped CSS) are not in wwwroot but where the build's manifest says. The host reads that manifest in
// Development only; in any other environment it is read here. A publish has every asset in wwwroot and no manifest, and
// then this does nothing.
if (!builder.Environment.IsDevelopment()) builder.WebHost.UseStaticWebAssets();
builder.AddApplicationServices();
// Under systemd (deploy/commandcenter.service): readiness and stop notifications, log levels as journal priorities.
// Elsewhere it does nothing.
builder.Services.AddSystemd();

var app = builder.Build();
// Before any hosted service starts: every setting checked (a bad value names its key), the schema migrated, an empty
// database given the demo city. A failure is logged and stops the app here.
await app.PrepareAsync();

// Host filtering (AllowedHosts) runs before this; then the scheme and address a trusted proxy forwarded.
app.UseTrustedProxies();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseDatabaseUnavailableAnswer();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization(Localization.Options);
app.UseSecurity();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapLocalizationEndpoints();
app.MapSecurityEndpoints();
app.MapReferenceApi();
app.MapGeoApi();
app.MapLeadersApi();
app.MapIntakeApi();
app.MapLivePipeline();
app.MapReportsApi();
app.MapScheduleApi();
app.MapOperations();
// Pages name their own policy; the circuit hub (/_blazor) is open to whoever may see any page.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization(Policies.Wall);

app.Run();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
