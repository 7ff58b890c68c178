using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using CommandCenter.Features.RoadResponsibility;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Features.Reports;

/// <summary>
/// /reports: pick a month (last month by default) and optionally a street or department, preview all nine sections of the
/// report — 汇总 with 环比 / 同比, both rankings, categories, sources, 721, satisfaction, leaders' roads and the first rows of
/// the 明细 — with their charts, and download the same report as Excel, CSV or the printable page.
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
    private IReadOnlyList<CaseDetailLine> Detail { get; set; } = [];

    /// <summary>How many 明细 rows the preview shows; the files hold them all.</summary>
    private const int DetailRows = 20;
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

    /// <summary>Counts loads: a choice made while an earlier month is still loading wins, whichever query ends last.</summary>
    private int _loads;

    private async Task LoadAsync()
    {
        if (Data is null) return;
        var load = ++_loads;
        Report = null;
        Detail = [];
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
            var report = await Exporter.PreviewAsync(request);
            var detail = await Exporter.PreviewDetailAsync(report, DetailRows);
            if (load != _loads) return; // a later choice is loading: this report is no longer the one asked for
            Detail = detail;
            Report = report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (load != _loads) return;
            Logger.LogWarning(ex, "The monthly report {Month} could not be read", MonthLabel);
            LoadError = true;
        }
    }

    // ── The charts and the small tables: derived from the report, so a chart shows its table's figures ─────────────────

    private (IReadOnlyList<string> Names, object Series) StreetChart =>
        ReportCharts.Composite(Report?.Streets ?? [], Strings["Figure.Composite"]);

    private (IReadOnlyList<string> Names, object Series) DepartmentChart =>
        ReportCharts.Composite(Report?.Departments ?? [], Strings["Figure.Composite"]);

    /// <summary>The top categories in the chart (the table lists them all).</summary>
    private const int ChartCategoriesShown = 10;

    private IReadOnlyList<string> CategoryNames => (Report?.Categories ?? []).Take(ChartCategoriesShown).Select(c => c.Name).ToList();

    private object CategorySeries => ReportCharts.Series(Strings["Figure.Reported"],
        (Report?.Categories ?? []).Take(ChartCategoriesShown).Select(c => (double?)c.Counts.Reported));

    private IReadOnlyList<string> SourceNames => (Report?.Sources ?? []).Select(s => Strings["Source." + s.Source.Code()].Value).ToList();

    private object SourceSeries => (Report?.Sources ?? []).Select(s => (double)s.Counts.Reported).ToArray();

    private IReadOnlyList<string> MethodNames => (Report?.Methods ?? []).Select(m => Strings["Method." + m.Method.Code()].Value).ToList();

    private object MethodSeries => new[]
    {
        new { name = Strings["Chart.Actual"].Value, data = (Report?.Methods ?? []).Select(m => FigureFormat.ChartPercent(m.Share)).ToArray() },
        new { name = Strings["Chart.Target"].Value, data = (Report?.Methods ?? []).Select(m => FigureFormat.ChartPercent(m.Target)).ToArray() },
    };

    private IReadOnlyList<(string Label, long Cases, double? Share)> Ratings => Report?.Satisfaction is { } s
        ?
        [
            (Strings["Rating.verysatisfied"].Value, s.VerySatisfied, s.RatingShares()[0]),
            (Strings["Rating.satisfied"].Value, s.Satisfied, s.RatingShares()[1]),
            (Strings["Rating.dissatisfied"].Value, s.Dissatisfied, s.RatingShares()[2]),
        ]
        : [];

    private IReadOnlyList<string> RatingNames => Ratings.Select(r => r.Label).ToList();

    private object RatingSeries => Ratings.Select(r => (double)r.Cases).ToArray();

    private IReadOnlyList<string> PatrolNames => (Report?.Roads ?? []).Select(r => r.LeaderName).ToList();

    private object PatrolSeries => new[]
    {
        new { name = Strings["Column.Patrols"].Value, data = (Report?.Roads ?? []).Select(r => (double)r.Patrols).ToArray() },
        new { name = Strings["Column.RequiredPatrols"].Value, data = (Report?.Roads ?? []).Select(r => (double)r.RequiredPatrols).ToArray() },
    };

    /// <summary>A horizontal bar chart's height: room for each bar's label, at least a small chart.</summary>
    private static int ChartHeight(int bars) => Math.Max(160, 40 + bars * 30);

    /// <summary>Which rule gave a road its colour, with the figures it read (the workbook's 原因, in the page's language).</summary>
    private string RoadReason(RoadLine road)
    {
        var reason = RoadStatusLabels.Reason(road.Status.Reason);
        return road.Status.Reason switch
        {
            RoadStatusReason.ProblemsOverdue => Strings["RoadReason.Overdue", reason, FigureFormat.Count(road.Problems.Overdue)],
            RoadStatusReason.PatrolsMissed or RoadStatusReason.PatrolsBehind =>
                Strings["RoadReason.Patrols", reason, FigureFormat.Count(road.Patrols), FigureFormat.Count(road.RequiredPatrols)],
            _ => reason,
        };
    }

    /// <summary>The figures a 明细 row counts in, as the files' "计入" columns say (上报 · 立案 · 应结案 …).</summary>
    private string Counted(CaseDetailLine line)
    {
        var c = line.Counts;
        var parts = new (long Value, string Key)[]
        {
            (c.Reported, "Reported"), (c.Registered, "Registered"), (c.Due, "Due"), (c.Closed, "Closed"), (c.ClosedOnTime, "ClosedOnTime"),
            (line.ClosedLate, "ClosedLate"), (line.DueNotClosed, "DueNotClosed"), (c.Callbacks, "Callbacks"), (c.ResolvedCount, "Resolved"),
            (c.Extended, "Extended"), (c.Held, "Held"), (c.Returned, "Returned"), (c.Voided, "Voided"),
        };
        return string.Join(" · ", parts.Where(p => p.Value > 0).Select(p => Strings["Counted." + p.Key].Value));
    }
}
