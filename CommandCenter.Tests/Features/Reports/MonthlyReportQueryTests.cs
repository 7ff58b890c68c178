using System.Xml.Linq;
using CommandCenter.Domain;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using CommandCenter.Features.RoadResponsibility;
using static CommandCenter.Tests.Features.Reports.ReportTestCity;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>What the monthly report's model holds besides the indicators' figures: the order of its lists and its labels.</summary>
public sealed class MonthlyReportQueryTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public void Dispose() => _db.Dispose();

    private async Task<MonthlyReport> ReportAsync(Period month)
    {
        var reference = new ReferenceCatalog(_db.Connections);
        var query = new MonthlyReportQuery(_db.Connections, reference, new IndicatorsQuery(_db.Connections, reference),
            new RoadResponsibilityQuery(_db.Connections, Calendar, new FixedClock(Now)), new LifecycleStepsQuery(_db.Connections, reference, Calendar),
            Calendar, new CompositeWeights());
        return await query.GetAsync(new MonthlyReportRequest(month, ReportScope.City), Now);
    }

    private static ReportCase Reported(long category, DateTime at, DateTime? registeredAt = null) =>
        new(StreetA, null, category, "hotline", at, RegisteredAt: registeredAt);

    /// <summary>Noon local on a day of 2026 (UTC+8).</summary>
    private static DateTime Noon(int month, int day) => new(2026, month, day, 4, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Categories_MostReportedFirst_TiesByCode_AndACategoryWithNothingInTheMonthIsLeftOut()
    {
        await InsertReferenceAsync(_db.Connections);
        await InsertAsync(_db.Connections,
        [
            // July: a tie, two each.
            Reported(Vending, Noon(7, 3)), Reported(Vending, Noon(7, 4)), Reported(Manhole, Noon(7, 5)), Reported(Manhole, Noon(7, 6)),
            // August: vending more often than manhole.
            Reported(Vending, Noon(8, 3)), Reported(Vending, Noon(8, 4)), Reported(Vending, Noon(8, 5)), Reported(Manhole, Noon(8, 6)),
            // October: nothing reported; one manhole case reported on 30 September 18:00 local, registered on 1 October 10:00.
            Reported(Manhole, new DateTime(2026, 9, 30, 10, 0, 0, DateTimeKind.Utc), registeredAt: new DateTime(2026, 10, 1, 2, 0, 0, DateTimeKind.Utc)),
            // A vending case of September closed in October: in October's figures of closings, not in its reports or registrations.
            Reported(Vending, Noon(9, 20), registeredAt: Noon(9, 20)) with { DispatchedAt = Noon(9, 21), DeadlineAt = Noon(9, 25),
                ResolvedAt = Noon(10, 2), ClosedAt = Noon(10, 3) },
        ]);

        var july = await ReportAsync(Period.Month(2026, 7));
        var august = await ReportAsync(Period.Month(2026, 8));
        var october = await ReportAsync(Period.Month(2026, 10));

        Assert.Equal(["manhole", "vending"], july.Categories.Select(c => c.Code));
        Assert.Equal([("vending", 3L), ("manhole", 1L)], august.Categories.Select(c => (c.Code, c.Counts.Reported)));
        // Listed for its registration alone (no report in the month); vending, with a closing but neither, is not listed.
        var only = Assert.Single(october.Categories);
        Assert.Equal(("manhole", 0L, 1L), (only.Code, only.Counts.Reported, only.Counts.Registered));
    }

    [Fact]
    public void Summary_ListsItsFiguresInTheReportsOrder_EachLabelledAsThePageNamesIt()
    {
        var lines = new MonthlyReportQuery(null!, null!, null!, null!, null!, null!, new())
            .Summarize(IndicatorCounts.Zero, IndicatorCounts.Zero, IndicatorCounts.Zero);

        Assert.Equal(
        [
            ("Reported", FigureKind.Count), ("Registered", FigureKind.Count), ("Due", FigureKind.Count), ("Closed", FigureKind.Count),
            ("ClosedOnTime", FigureKind.Count), ("ClosureRate", FigureKind.Rate), ("OnTimeClosureRate", FigureKind.Rate),
            ("ReworkRate", FigureKind.Rate), ("Callbacks", FigureKind.Count), ("SatisfactionRate", FigureKind.Rate),
            ("AverageResolutionHours", FigureKind.Hours), ("Extended", FigureKind.Count), ("ExtensionRate", FigureKind.Rate),
            ("Held", FigureKind.Count), ("Returned", FigureKind.Count), ("Voided", FigureKind.Count), ("VoidRate", FigureKind.Rate),
            ("Composite", FigureKind.Score),
        ], lines.Select(l => (l.Key, l.Kind)));
        // The workbook's label is the Chinese page's word for the figure: one wording in both.
        var chinese = XDocument.Load(Path.Combine(AppLaunch.ProjectDir, "Resources", "Features", "Reports", "ReportsResource.zh-CN.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        Assert.All(lines, l => Assert.Equal(chinese["Figure." + l.Key], l.Label));
    }

    [Fact]
    public void LifecycleSheet_ItsSqlListsTheCodesOfItsSteps()
    {
        var listed = System.Text.RegularExpressions.Regex.Match(LifecycleStepsQuery.StepsSql, @"e\.type IN \(([^)]*)\)").Groups[1].Value;

        Assert.Equal(LifecycleStepsQuery.Steps.Select(s => $"'{s.Code()}'"), listed.Split(", "));
    }
}
