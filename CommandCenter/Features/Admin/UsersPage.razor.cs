using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CommandCenter.Features.Admin;

/// <summary>
/// Accounts: create, edit roles / PII / leader link, reset a password (shown once), disable. Every change is audited and
/// changes the account's security stamp, so the user's open sessions end within the revalidation interval.
/// </summary>
public sealed partial class UsersPage
{
    [Inject] private UserStore Store { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private ReferenceCatalog Reference { get; set; } = default!;
    [Inject] private SignInAttempts SignInAttempts { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Localizer { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private MudForm Form { get; set; } = default!;
    private IReadOnlyList<UserRow> Users { get; set; } = [];
    /// <summary>Accounts locked from at least one client address (the lock is per address, see SignInAttempts).</summary>
    private IReadOnlySet<string> LockedNames { get; set; } = new HashSet<string>();
    private IReadOnlyList<LeaderRow> Leaders { get; set; } = [];
    private UserModel Model { get; set; } = new();
    private UserRow? Editing { get; set; }
    private bool RolesMissing { get; set; }
    private (string Name, string Value)? Secret { get; set; }
    private string? ErrorKey { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Leaders = (await Reference.GetAsync()).Leaders;
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        Users = await Store.ListAsync();
        LockedNames = await SignInAttempts.LockedNamesAsync(Clock.GetUtcNow().UtcDateTime);
    }

    private string LeaderName(long? id) =>
        id is { } leaderId && Leaders.FirstOrDefault(l => l.Id == leaderId) is { } leader ? leader.Name : "";

    private string StatusText(UserRow user) =>
        user.Disabled ? Localizer["Users.Disabled"]
        : LockedNames.Contains(user.UserName) ? Localizer["Users.Locked"]
        : Localizer["Users.Active"];

    private string? ValidateUserName(string value) =>
        string.IsNullOrWhiteSpace(value) || UserStore.IsValidUserName(value) ? null : Localizer["Users.UserNameInvalid"].Value;

    private void ToggleRole(string role, bool on)
    {
        if (on) Model.Roles.Add(role);
        else Model.Roles.Remove(role);
        RolesMissing = Model.Roles.Count == 0;
    }

    private void Edit(UserRow user)
    {
        Editing = user;
        Model = new UserModel
        {
            UserName = user.UserName,
            DisplayName = user.DisplayName,
            Roles = [.. user.RoleList],
            HasPii = user.HasPii,
            LeaderId = user.LeaderId,
        };
        RolesMissing = false;
    }

    private void NewUser()
    {
        Editing = null;
        Model = new UserModel();
        RolesMissing = false;
    }

    private async Task SaveAsync()
    {
        ErrorKey = null;
        await Form.ValidateAsync();
        RolesMissing = Model.Roles.Count == 0;
        if (!Form.IsValid || RolesMissing) return;

        var actor = await ActorAsync();
        var edit = new UserEdit(Model.DisplayName.Trim(), Model.Roles, Model.HasPii, Model.LeaderId);
        var detail = $"roles {string.Join(',', Model.Roles.Order())}; pii {Model.HasPii}; leader {LeaderName(Model.LeaderId)}";
        if (Editing is null)
        {
            var password = Secrets.NewPassword();
            if (!await Store.CreateAsync(Model.UserName, password, edit))
            {
                ErrorKey = "Users.NameTaken";
                return;
            }
            await Audit.WriteAsync(actor, AuditActions.UserCreated, Model.UserName.Trim(), detail);
            Secret = (Model.UserName.Trim(), password);
        }
        else
        {
            await Store.UpdateAsync(Editing.Id, edit);
            await Audit.WriteAsync(actor, AuditActions.UserEdited, Editing.UserName, detail);
        }
        NewUser();
        await ReloadAsync();
    }

    private async Task ResetPasswordAsync(UserRow user)
    {
        var password = Secrets.NewPassword();
        await Store.SetPasswordAsync(user.Id, password);
        await Audit.WriteAsync(await ActorAsync(), AuditActions.PasswordReset, user.UserName);
        Secret = (user.UserName, password);
        await ReloadAsync();
    }

    private async Task SetDisabledAsync(UserRow user, bool disabled)
    {
        var actor = await ActorAsync();
        if (disabled && string.Equals(actor, user.UserName, StringComparison.OrdinalIgnoreCase))
        {
            ErrorKey = "Users.CannotDisableSelf";
            return;
        }
        await Store.SetDisabledAsync(user.Id, disabled);
        await Audit.WriteAsync(actor, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user.UserName);
        await ReloadAsync();
    }

    private async Task<string> ActorAsync() => (await AuthenticationState).User.Identity?.Name ?? "?";

    private sealed class UserModel
    {
        public string UserName { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public HashSet<string> Roles { get; set; } = [];
        public bool HasPii { get; set; }
        public long? LeaderId { get; set; }
    }
}
