using CommandCenter.Domain;
using CommandCenter.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CommandCenter.Features.Admin;

/// <summary>
/// Wall screens: register one (its <c>/wall?device=…</c> link is shown once) or revoke it — an open screen then leaves for
/// <c>/device-revoked</c> within a minute. Audited.
/// </summary>
public sealed partial class DisplaysPage
{
    [Inject] private DisplayDeviceStore Store { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private PrincipalValidator Validator { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private MudForm Form { get; set; } = default!;
    private IReadOnlyList<DisplayDeviceRow> Devices { get; set; } = [];
    private string Name { get; set; } = "";
    private (string Name, string Value)? Secret { get; set; }
    private string? ErrorKey { get; set; }

    protected override async Task OnInitializedAsync() => Devices = await Store.ListAsync();

    private string Local(DateTime utc) => Calendar.ToLocal(utc).ToString("yyyy-MM-dd HH:mm");

    private async Task CreateAsync()
    {
        ErrorKey = null;
        await Form.ValidateAsync();
        if (!Form.IsValid) return;
        var token = await Store.CreateAsync(Name);
        if (token is null)
        {
            ErrorKey = "Displays.NameTaken";
            return;
        }
        await Audit.WriteAsync(await ActorAsync(), AuditActions.DeviceCreated, Name.Trim());
        Secret = (Name.Trim(), Navigation.ToAbsoluteUri($"wall?device={Uri.EscapeDataString(token)}").ToString());
        Name = "";
        Devices = await Store.ListAsync();
    }

    private async Task RevokeAsync(DisplayDeviceRow device)
    {
        if (await Store.RevokeAsync(device.Id))
        {
            Validator.Forget("device", device.Id);
            await Audit.WriteAsync(await ActorAsync(), AuditActions.DeviceRevoked, device.Name);
        }
        Devices = await Store.ListAsync();
    }

    private async Task<string> ActorAsync() => (await AuthenticationState).User.Identity?.Name ?? "?";
}
