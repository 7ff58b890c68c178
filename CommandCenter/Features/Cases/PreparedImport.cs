using CommandCenter.Domain;

namespace CommandCenter.Features.Cases;

/// <summary>A batch of <see cref="CaseImport"/>s after <see cref="CaseService.PrepareImportAsync"/>, in the batch's order.</summary>
public sealed record PreparedImport(IReadOnlyList<PreparedCase> Cases, string Actor);

/// <summary>
/// One case ready to write: its street, its local day (for the case number), its state after the last step and its event
/// rows, the report first. Or, with <see cref="Refusal"/> set, why it cannot be written (an unknown code, a refused step).
/// </summary>
public sealed record PreparedCase(NewCase Case, long StreetId, string Day, CaseState Final,
    IReadOnlyList<PreparedEvent> Events, string? Refusal)
{
    public static PreparedCase Refused(NewCase c, string why) => new(c, 0, "", CaseState.Reported(default, c.IsUrgent), [], why);
}

/// <summary>An event row; <see cref="EventId"/> is null for the report step, whose id comes with the case number.</summary>
public sealed record PreparedEvent(string? EventId, string Type, DateTime At, string Data);
