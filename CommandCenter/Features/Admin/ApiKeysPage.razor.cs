using CommandCenter.Domain;
using CommandCenter.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CommandCenter.Features.Admin;

/// <summary>API keys for other systems: created with scopes (the key is shown once), revoked. Audited.</summary>
public sealed partial class ApiKeysPage
{
    [Inject] private ApiKeyStore Store { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private MudForm Form { get; set; } = default!;
    private IReadOnlyList<ApiKeyRow> Keys { get; set; } = [];
    private string Name { get; set; } = "";
    private bool ScopeIngest { get; set; }
    private bool ScopeRead { get; set; } = true;
    private bool ScopeMetrics { get; set; }
    private bool ScopesMissing { get; set; }
    private (string Name, string Value)? Secret { get; set; }
    private string? ErrorKey { get; set; }

    protected override async Task OnInitializedAsync() => Keys = await Store.ListAsync();

    private string Local(DateTime utc) => Calendar.ToLocal(utc).ToString("yyyy-MM-dd HH:mm");

    private async Task CreateAsync()
    {
        ErrorKey = null;
        await Form.ValidateAsync();
        string[] scopes = [.. new[] { (ScopeIngest, ApiScopes.Ingest), (ScopeRead, ApiScopes.Read), (ScopeMetrics, ApiScopes.Metrics) }
            .Where(s => s.Item1).Select(s => s.Item2)];
        ScopesMissing = scopes.Length == 0;
        if (!Form.IsValid || ScopesMissing) return;
        var key = await Store.CreateAsync(Name, scopes);
        if (key is null)
        {
            ErrorKey = "ApiKeys.NameTaken";
            return;
        }
        await Audit.WriteAsync(await ActorAsync(), AuditActions.ApiKeyCreated, Name.Trim(), $"scopes {string.Join(',', scopes)}");
        Secret = (Name.Trim(), key);
        Name = "";
        Keys = await Store.ListAsync();
    }

    private async Task RevokeAsync(ApiKeyRow key)
    {
        if (await Store.RevokeAsync(key.Name))
            await Audit.WriteAsync(await ActorAsync(), AuditActions.ApiKeyRevoked, key.Name);
        Keys = await Store.ListAsync();
    }

    private async Task<string> ActorAsync() => (await AuthenticationState).User.Identity?.Name ?? "?";
}
