using CommandCenter.Domain;

namespace CommandCenter.Features.Cases;

/// <summary>
/// The case list behind a figure: for each linked figure, the filter that selects exactly the cases it counts (a test per
/// figure holds the list's total to the figure). Figures without such a filter carry no link.
/// </summary>
public static class FigureLinks
{
    /// <summary>今日上报: reported on the local day.</summary>
    public static CaseFilter ReportedOn(DateOnly day) => new() { From = day, To = day };

    /// <summary>今日立案: registered on the local day.</summary>
    public static CaseFilter RegisteredOn(DateOnly day) => new() { From = day, To = day, DateField = CaseDateField.Registered };

    /// <summary>今日结案: closed on the local day.</summary>
    public static CaseFilter ClosedOn(DateOnly day) => new() { From = day, To = day, DateField = CaseDateField.Closed };

    /// <summary>处置中 (live): dispatched, not yet resolved.</summary>
    public static readonly CaseFilter InProgress = new() { Status = CaseStatus.Dispatched };

    /// <summary>超期未处置 (live): <see cref="Overdue.IsOverdueAt"/> now.</summary>
    public static readonly CaseFilter OverdueNow = new() { Overdue = true };
}
