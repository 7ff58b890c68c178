using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Tests.Features.Reports;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>
/// "One definition per figure" for the monthly report preview: every count it links (汇总, both rankings, categories,
/// sources, 721 methods) has exactly as many cases in the list behind its link (<see cref="FigureLinks"/>) as the report
/// shows — for March 2026 in Shanghai, with random months around it and cases on both sides of local midnight at both
/// month boundaries, for the month once it is over and while it runs, in the city and in each kind of scope.
/// </summary>
public sealed class ReportFigureLinksTests : IDisposable
{
    private static readonly BusinessCalendar Calendar = ReportTestCity.Calendar;
    private static readonly Period March = Period.Month(2026, 3);
    private static readonly UtcRange Month = Calendar.ToUtc(March);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public void Dispose() => _db.Dispose();

    private static ReportCase Case(string no, DateTime reported, DateTime? registered = null, DateTime? deadline = null,
        DateTime? resolved = null, DateTime? closed = null, string? rating = null, DateTime? rated = null, string source = "hotline") =>
        new(ReportTestCity.StreetA, registered is null ? null : ReportTestCity.Municipal, ReportTestCity.Manhole, source, reported, registered,
            registered?.AddMinutes(10), deadline, resolved, closed, 0, resolved is null ? null : "management", rating, rated, CaseNo: no);

    /// <summary>Cases a second either side of local midnight on 1 March and 1 April (16:00 UTC the day before).</summary>
    private static IEnumerable<ReportCase> Boundaries()
    {
        var (start, end) = (Month.FromUtc, Month.ToUtc);
        yield return Case("FEB-LAST-SECOND", start - Second, start - Second);
        yield return Case("MAR-FIRST-SECOND", start, start, start.AddDays(1), start.AddHours(3), start.AddHours(4), "satisfied", start.AddHours(5), "app");
        yield return Case("REG-MAR-FROM-FEB", start - Second, start + Second, start.AddDays(2));
        yield return Case("RESOLVED-AT-START", start.AddDays(-3), start.AddDays(-3), start.AddDays(-1), start, rated: start - Second,
            rating: "dissatisfied", closed: start.AddHours(1));
        yield return Case("MAR-LAST-SECOND", end - Second, end - Second, end.AddDays(1), source: "sensor");
        yield return Case("APR-FIRST-SECOND", end, end, end.AddDays(1), source: "sensor");
        yield return Case("DUE-AT-END", end.AddDays(-2), end.AddDays(-2), end);
        yield return Case("DUE-BEFORE-END", end.AddDays(-2), end.AddDays(-2), end - Second);
        yield return Case("CLOSED-AT-END", end.AddDays(-2), end.AddDays(-2), end.AddDays(3), end.AddDays(-1), end);
        yield return Case("CLOSED-LATE", end.AddDays(-5), end.AddDays(-5), end.AddDays(-4), end.AddDays(-3), end.AddDays(-4) + Second);
        // 作废: voided before T leaves 立案 (and 应结案); voided after the month's end still counts for March.
        yield return Case("VOID-IN-MARCH", start.AddDays(1), start.AddDays(1), start.AddDays(2), source: "app") with { VoidedAt = start.AddDays(3) };
        yield return Case("VOID-AFTER-END", end.AddDays(-3), end.AddDays(-3), end.AddDays(-2), source: "app") with { VoidedAt = end.AddDays(2) };
    }

    public static TheoryData<string> Times => new() { "after the month", "while it runs" };

    [Theory]
    [MemberData(nameof(Times))]
    public async Task EveryLinkedFigure_OfTheReportPreview_HasExactlyItsCountInTheList(string when)
    {
        // While the month runs, "now" is 20 March 10:00 local; the database then holds nothing that happens after now.
        var now = when == "after the month" ? new DateTime(2026, 4, 10, 2, 0, 0, DateTimeKind.Utc) : Calendar.ToUtc(new DateTime(2026, 3, 20, 10, 0, 0));
        var cases = Boundaries()
            .Concat(ReportTestCity.RandomMonth(March, 300, seed: 31))
            .Concat(ReportTestCity.RandomMonth(Period.Month(2026, 2), 80, seed: 32))
            .Concat(ReportTestCity.RandomMonth(Period.Month(2026, 4), 80, seed: 33))
            .Where(c => StageTimes(c).All(t => t < now));
        await ReportTestCity.InsertReferenceAsync(_db.Connections);
        await ReportTestCity.InsertAsync(_db.Connections, cases);

        var reference = new ReferenceCatalog(_db.Connections);
        var refData = await reference.GetAsync();
        var reports = new MonthlyReportQuery(_db.Connections, reference, new IndicatorsQuery(_db.Connections, reference),
            new RoadResponsibilityQuery(_db.Connections, Calendar, new FixedClock(now)), new LifecycleStepsQuery(_db.Connections, reference, Calendar), Calendar, new CompositeWeights());
        var list = new CaseListQuery(_db.Connections, reference, Calendar, new FixedClock(now));
        async Task<long> TotalAsync(CaseFilter filter)
        {
            // Through the URL, as a click brings it: the link's query string parsed back is the filter.
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + filter.ToQueryString());
            var errors = new Dictionary<string, string>();
            var request = CaseFilters.Parse(n => query.TryGetValue(n, out var v) ? v.ToString() : null, refData, errors);
            Assert.True(request is not null, string.Join("; ", errors.Values));
            Assert.Equal(filter, request!.Filter);
            return (await list.GetAsync(request)).Total;
        }

        var street = refData.Region("S01")!;
        var municipal = refData.Department("municipal")!;
        ReportScope[] scopes = [ReportScope.City, new(street, null), new(null, municipal), new(street, municipal)];
        foreach (var scope in scopes)
        {
            var request = new MonthlyReportRequest(March, scope);
            var report = await reports.GetAsync(request, now);
            var where = $"{when}, scope {request.Describe()}";
            async Task Holds(string figure, double? shown, CaseFilter filter)
            {
                var total = await TotalAsync(filter);
                Assert.True(shown == total, $"{where}: {figure} shows {shown}, its list has {total}");
            }

            var linked = 0;
            foreach (var line in report.Summary)
            {
                if (FigureLinks.ReportSummary(request, line.Key) is not { } filter) continue;
                await Holds(line.Key, line.Current, filter);
                linked++;
            }
            Assert.Equal(6, linked);
            foreach (var s in report.Streets) await Holds($"street {s.Code}", s.Counts.Reported, FigureLinks.ReportStreet(request, s.Code));
            foreach (var d in report.Departments) await Holds($"department {d.Code}", d.Counts.Reported, FigureLinks.ReportDepartment(request, d.Code));
            foreach (var (code, _, counts) in report.Categories)
            {
                await Holds($"category {code} reported", counts.Reported, FigureLinks.ReportCategory(request, code, CaseDateField.Reported));
                await Holds($"category {code} registered", counts.Registered, FigureLinks.ReportCategory(request, code, CaseDateField.Registered));
            }
            foreach (var (source, counts) in report.Sources)
            {
                await Holds($"source {source} reported", counts.Reported, FigureLinks.ReportSource(request, source, CaseDateField.Reported));
                await Holds($"source {source} registered", counts.Registered, FigureLinks.ReportSource(request, source, CaseDateField.Registered));
            }
            foreach (var m in report.Methods) await Holds($"method {m.Method}", m.Cases, FigureLinks.ReportMethod(request, m.Method));

            // The city's figures are not all zero, and the outcomes differ from each other: a wrong filter cannot pass by luck.
            if (scope.IsCity)
            {
                var c = report.Current;
                Assert.True(c.Reported > 0 && c.Registered > c.Due && c.Due > c.Closed && c.Closed > c.ClosedOnTime && c.ClosedOnTime > 0
                            && c.Callbacks > 0 && report.Methods.All(m => m.Cases > 0), $"{where}: {c}");
            }
        }
    }

    private static IEnumerable<DateTime> StageTimes(ReportCase c) =>
        new[] { c.ReportedAt, c.RegisteredAt, c.DispatchedAt, c.ResolvedAt, c.ClosedAt, c.RatedAt, c.RejectedAt, c.VoidedAt }.OfType<DateTime>();
}
