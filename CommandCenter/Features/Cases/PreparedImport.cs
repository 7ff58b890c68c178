using CommandCenter.Domain;

namespace CommandCenter.Features.Cases;

/// <summary>A batch of <see cref="CaseImport"/>s after <see cref="BulkImport.PrepareImportAsync"/>, in the batch's order.</summary>
public sealed record PreparedImport(IReadOnlyList<PreparedCase> Cases, string Actor);

/// <summary>
/// One case ready to write: its street, its local day (for the case number), its state after the last step and its event
/// rows, the report first. Or, with <see cref="Refusal"/> set, why it cannot be written (an unknown code, a refused step).
/// </summary>
public sealed record PreparedCase(NewCase Case, long StreetId, string Day, CaseState Final,
    IReadOnlyList<PreparedEvent> Events, string? Refusal)
{
    public static PreparedCase Refused(NewCase c, string why) => new(c, 0, "", CaseState.Reported(default, c.IsUrgent), [], why);

    /// <summary>
    /// Why the case's values cannot be stored as given — a coordinate that is NaN or infinite, text holding a NUL character —
    /// or null. Checked before the writer, so such a case fails on its own line whoever made it (the import's JSON reader
    /// may take "NaN" for a number).
    /// </summary>
    public static string? Unstorable(NewCase c) =>
        NotFinite(c) ?? NulIn("externalId", c.ExternalId) ?? NulIn("description", c.Description) ?? NulIn("address", c.Address)
        ?? NulIn("reporterPhone", c.ReporterPhone);

    /// <summary>Why a coordinate of the case is not a finite number, or null.</summary>
    public static string? NotFinite(NewCase c) =>
        c.Lat is { } lat && !double.IsFinite(lat) ? $"lat: {lat} is not a number that can be stored."
        : c.Lng is { } lng && !double.IsFinite(lng) ? $"lng: {lng} is not a number that can be stored."
        : null;

    private static string? NulIn(string field, string? text) =>
        text is not null && text.Contains('\0') ? $"{field}: text with a NUL character cannot be stored." : null;
}

/// <summary>An event row; <see cref="EventId"/> is null for the report step, whose id comes with the case number.</summary>
public sealed record PreparedEvent(string? EventId, string Type, DateTime At, string Data);
