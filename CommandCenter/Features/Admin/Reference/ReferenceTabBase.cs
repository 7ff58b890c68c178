using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CommandCenter.Features.Admin.Reference;

/// <summary>
/// What every tab of /admin/reference does the same way: load the list, open the inline form for a new or an existing row,
/// save through <see cref="ReferenceAdminCommands"/> and show its refusals next to the fields, confirm and delete.
/// Database failures are shown as a message and logged, never thrown into the circuit.
/// </summary>
public abstract class ReferenceTabBase<TRow, TForm> : ComponentBase, IDisposable where TForm : class
{
    private readonly CancellationTokenSource _disposed = new();

    [Inject] protected ReferenceAdminQueries Queries { get; set; } = default!;
    [Inject] protected ReferenceAdminCommands Commands { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Text { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ReferenceTabBase<TRow, TForm>> Logger { get; set; } = default!;

    protected IReadOnlyList<TRow> Rows { get; private set; } = [];
    protected bool Loaded { get; private set; }
    /// <summary>The form being edited; null while only the list is shown.</summary>
    protected TForm? Editing { get; private set; }
    protected bool IsNew { get; private set; }
    protected bool Busy { get; private set; }
    /// <summary>An error about the whole form (not one field), localized.</summary>
    protected string? FormError { get; private set; }
    /// <summary>An error about the list (load failure, refused delete), localized.</summary>
    protected string? ListError { get; private set; }
    protected string Search { get; set; } = "";
    private IReadOnlyList<ReferenceError> _fieldErrors = [];

    protected CancellationToken Aborted => _disposed.Token;

    protected abstract Task<IReadOnlyList<TRow>> LoadAsync(CancellationToken ct);
    protected abstract TForm NewForm();
    protected abstract TForm EditForm(TRow row);
    protected abstract Task<ReferenceCommandResult> SaveAsync(TForm form, CancellationToken ct);
    protected abstract Task<ReferenceCommandResult> DeleteAsync(TRow row, CancellationToken ct);
    /// <summary>How the row is named in the delete confirmation and messages, e.g. "R01 正安路".</summary>
    protected abstract string Describe(TRow row);
    /// <summary>Whether the row matches the search box.</summary>
    protected abstract bool Matches(TRow row, string search);

    /// <summary>Loads what the form's selects offer (parents, streets, departments…); called with the list.</summary>
    protected virtual Task LoadOptionsAsync(CancellationToken ct) => Task.CompletedTask;

    protected override Task OnInitializedAsync() => ReloadAsync();

    protected bool Filter(TRow row) => string.IsNullOrWhiteSpace(Search) || Matches(row, Search.Trim());

    protected async Task ReloadAsync()
    {
        try
        {
            Rows = await LoadAsync(Aborted);
            await LoadOptionsAsync(Aborted);
            ListError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Reference list could not be read");
            ListError = Text["AdminRef.Error.LoadFailed"];
        }
        Loaded = true;
    }

    protected void StartAdd() => Open(NewForm(), isNew: true);

    protected void StartEdit(TRow row) => Open(EditForm(row), isNew: false);

    private void Open(TForm form, bool isNew)
    {
        Editing = form;
        IsNew = isNew;
        FormError = null;
        ListError = null;
        _fieldErrors = [];
    }

    protected void Cancel()
    {
        Editing = null;
        FormError = null;
        _fieldErrors = [];
    }

    protected async Task SubmitAsync()
    {
        if (Editing is not { } form || Busy) return;
        Busy = true;
        try
        {
            var result = await SaveAsync(form, Aborted);
            if (result.Succeeded)
            {
                Snackbar.Add(Text["AdminRef.Saved"], Severity.Success);
                Cancel();
                await ReloadAsync();
                return;
            }
            _fieldErrors = result.Errors.Where(e => e.Field != ReferenceError.Row).ToList();
            FormError = result.Errors.FirstOrDefault(e => e.Field == ReferenceError.Row) is { } rowError ? Message(rowError) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Saving reference data failed");
            FormError = Text["AdminRef.Error.Unexpected"];
        }
        finally
        {
            Busy = false;
        }
    }

    protected async Task ConfirmDeleteAsync(TRow row)
    {
        if (Busy) return;
        var confirmed = await Dialogs.ShowMessageBoxAsync(Text["AdminRef.DeleteTitle"], Text["AdminRef.DeleteConfirm", Describe(row)].Value,
            yesText: Text["AdminRef.Delete"], cancelText: Text["AdminRef.Cancel"]);
        if (confirmed != true) return;
        Busy = true;
        try
        {
            var result = await DeleteAsync(row, Aborted);
            if (result.Succeeded)
            {
                Snackbar.Add(Text["AdminRef.Deleted", Describe(row)], Severity.Success);
                await ReloadAsync();
            }
            else if (result.Usages.Count > 0)
            {
                var uses = string.Join(Text["AdminRef.ListSeparator"], result.Usages.Select(u => Text[u.Key, u.Count].Value));
                ListError = Text["AdminRef.Error.InUse", Describe(row), uses];
            }
            else
            {
                // E.g. deleted meanwhile by someone else: show the current list with the reason.
                var reason = string.Join(" ", result.Errors.Select(Message));
                await ReloadAsync();
                ListError = reason;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Deleting reference data failed");
            ListError = Text["AdminRef.Error.Unexpected"];
        }
        finally
        {
            Busy = false;
        }
    }

    protected bool HasError(string field) => _fieldErrors.Any(e => e.Field == field);

    protected string? ErrorFor(string field) => _fieldErrors.FirstOrDefault(e => e.Field == field) is { } e ? Message(e) : null;

    protected string Message(ReferenceError error) =>
        Text[error.Key, error.Args.Select(a => a is string s && s.StartsWith("AdminRef.", StringComparison.Ordinal) ? Text[s].Value : a).ToArray()];

    /// <summary>The localized name of a region level (district → 区).</summary>
    protected string LevelName(string? level) => level is null ? "" : Text[$"AdminRef.Level.{level}"];

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
