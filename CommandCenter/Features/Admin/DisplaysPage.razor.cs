using CommandCenter.Domain;
using CommandCenter.Features.Wall;
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
    [Inject] private SecurityChangeFeed SecurityChanges { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private WallDeviceSettings WallSettings { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Localization.IStringLocalizer<WallResource> W { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private MudForm Form { get; set; } = default!;
    private IReadOnlyList<DisplayDeviceRow> Devices { get; set; } = [];
    private string Name { get; set; } = "";
    private (string Name, string Value)? Secret { get; set; }
    private string? ErrorKey { get; set; }
    private DisplayDeviceRow? Editing { get; set; }
    private List<WallBoard> EditBoards { get; set; } = [];
    private int EditSeconds { get; set; }
    private string? EditError { get; set; }

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
            // The store's trigger recorded the revocation for every node; this node applies it at once.
            await SecurityChanges.ApplyOwnChangeAsync();
            await Audit.WriteAsync(await ActorAsync(), AuditActions.DeviceRevoked, device.Name);
        }
        Devices = await Store.ListAsync();
    }

    private async Task<string> ActorAsync() => (await AuthenticationState).User.Identity?.Name ?? "?";

    private string PlaylistText(string? playlist) => playlist is null
        ? W["Displays.AllBoards"]
        : string.Join("、", WallPlaylist.Parse(playlist).Select(b => W[$"Board.{b.Key()}"].Value));

    private void StartEdit(DisplayDeviceRow device)
    {
        Editing = device;
        EditBoards = [.. WallPlaylist.Parse(device.Playlist)];
        EditSeconds = device.RotateSeconds;
        EditError = null;
    }

    // Kept in the boards' own order, whatever order they were ticked in.
    private void Toggle(WallBoard board, bool on)
    {
        EditBoards.Remove(board);
        if (on) EditBoards.Add(board);
        EditBoards.Sort();
    }

    private async Task SaveRotationAsync()
    {
        if (Editing is not { } device) return;
        if (EditBoards.Count == 0)
        {
            EditError = W["Displays.PlaylistEmpty"];
            return;
        }
        if (EditSeconds is < WallPlaylist.MinRotateSeconds or > WallPlaylist.MaxRotateSeconds)
        {
            EditError = W["Displays.RotateRange", WallPlaylist.MinRotateSeconds, WallPlaylist.MaxRotateSeconds];
            return;
        }
        var playlist = WallPlaylist.Format(EditBoards);
        if (await Store.SetRotationAsync(device.Id, playlist, EditSeconds))
        {
            WallSettings.Forget(device.Id);
            await Audit.WriteAsync(await ActorAsync(), AuditActions.DeviceRotationSet, device.Name,
                $"{playlist ?? "all"} every {EditSeconds} s");
        }
        Editing = null;
        Devices = await Store.ListAsync();
    }
}
