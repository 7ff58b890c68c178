using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Reports;

/// <summary>
/// /reports: pick a month (last month by default) and optionally a street or department, preview the 汇总 with 环比 / 同比 and
/// the rankings, and download the same report as Excel, CSV or the printable page.
/// </summary>
public sealed partial class ReportsPage
{
    /// <summary>How many months back the picker offers (three years of monthly reports).</summary>
    private const int MonthsOffered = 36;

    [Inject] private MonthlyReportExporter Exporter { get; set; } = default!;
    [Inject] private ReferenceCatalog Reference { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ILogger<ReportsPage> Logger { get; set; } = default!;
    [Inject] private IStringLocalizer<ReportsResource> Strings { get; set; } = default!;

    private List<string> Months { get; set; } = [];
    private IReadOnlyList<RegionRow> Streets { get; set; } = [];
    private IReadOnlyList<DepartmentRow> Departments { get; set; } = [];
    private string MonthLabel { get; set; } = "";
    private string StreetCode { get; set; } = "";
    private string DepartmentCode { get; set; } = "";
    private MonthlyReportRequest? Request { get; set; }
    private MonthlyReport? Report { get; set; }
    private bool LoadError { get; set; }
    private ReferenceData? Data { get; set; }

    private DateTime EndOfMonthUtc => Report is null ? DateTime.MaxValue : Calendar.ToUtc(Report.Month).ToUtc;
    private string AsOfText => Report is null ? "" : Calendar.ToLocal(Report.AsOfUtc).ToString("yyyy-MM-dd HH:mm");
    private string ScopeText => Request?.Scope is { IsCity: false } scope
        ? string.Join(" · ", new[] { scope.Street?.Name, scope.Department?.Name }.Where(n => n is not null))
        : Strings["Scope.City"];

    protected override async Task OnInitializedAsync()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var thisMonth = Calendar.ThisMonth(now);
        var month = thisMonth;
        for (var i = 0; i < MonthsOffered; i++, month = month.Previous()) Months.Add(month.Label);
        MonthLabel = thisMonth.Previous().Label;
        try
        {
            Data = await Reference.GetAsync();
            Streets = Data.Streets.OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
            Departments = Data.Departments;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Reference data for the report page could not be read");
            LoadError = true;
            return;
        }
        await LoadAsync();
    }

    private Task OnMonthChangedAsync(string value)
    {
        MonthLabel = value;
        return LoadAsync();
    }

    private Task OnStreetChangedAsync(string value)
    {
        StreetCode = value;
        return LoadAsync();
    }

    private Task OnDepartmentChangedAsync(string value)
    {
        DepartmentCode = value;
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (Data is null) return;
        Report = null;
        LoadError = false;
        if (!MonthlyReportRequest.TryParse(MonthLabel, StreetCode, DepartmentCode, Data, Calendar, Clock.GetUtcNow().UtcDateTime,
                out var request, out _, out _))
        {
            LoadError = true;
            return;
        }
        Request = request;
        try
        {
            Report = await Exporter.PreviewAsync(request);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "The monthly report {Month} could not be read", MonthLabel);
            LoadError = true;
        }
    }
}
