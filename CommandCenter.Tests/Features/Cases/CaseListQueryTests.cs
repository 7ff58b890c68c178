using System.Text.RegularExpressions;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>
/// 案件查询 (<see cref="CaseListQuery"/>) on <see cref="TestCity.ThreeStreets"/>: each filter selects exactly its cases, the
/// overdue filters agree case by case with their one definition, a period is local dates across a month boundary, and keyset
/// paging walks every case once under each sort, ties included.
/// </summary>
public sealed class CaseListQueryTests : IDisposable
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly DateTime Now = new(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc); // 10:00 local
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public CaseListQueryTests() => _db.Insert(TestCity.ThreeStreets().Community("C01", "汇鑫社区", "S01", id: 21).Grid("G04", "汇鑫一网格", "C01", id: 22));

    public void Dispose() => _db.Dispose();

    private static DateTime Local(int month, int day, int hour, int minute = 0) =>
        Shanghai.ToUtc(new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Unspecified));

    private static StoredCase Case(string no, DateTime reportedAt) => new(no, "hotline", 1, 11, 2, reportedAt);

    private void Write(params StoredCase[] cases)
    {
        using var connection = _db.Open();
        TestCity.WriteCases(connection, cases);
    }

    private async Task<CaseListPage> ListAsync(string query, DateTime? now = null)
    {
        var refData = await new ReferenceCatalog(_db.Connections).GetAsync();
        var values = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var errors = new Dictionary<string, string>();
        var request = CaseFilters.Parse(n => values.GetValueOrDefault(n), refData, errors);
        Assert.True(request is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        var query1 = new CaseListQuery(_db.Connections, new ReferenceCatalog(_db.Connections), Shanghai, new FixedClock(now ?? Now));
        return await query1.GetAsync(request);
    }

    private async Task<List<string>> AllCaseNosAsync(string query, DateTime? now = null)
    {
        var page = await ListAsync(query, now);
        Assert.Null(page.NextCursor);
        Assert.Equal(page.Total, page.Items.Count);
        return page.Items.Select(i => i.CaseNo).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Period_LocalDatesAcrossMonthBoundary_InclusiveInTheBusinessTimeZone()
    {
        Write(Case("feb-last", Local(2, 28, 23, 30)),  // 15:30 UTC on 28 Feb
            Case("mar-first", Local(3, 1, 0, 10)),     // 16:10 UTC on 28 Feb: already March in Shanghai
            Case("mar-last", Local(3, 31, 23, 59)),
            Case("apr-first", Local(4, 1, 0, 0)));

        Assert.Equal(["mar-first", "mar-last"], await AllCaseNosAsync("from=2026-03-01&to=2026-03-31"));
        Assert.Equal(["feb-last"], await AllCaseNosAsync("from=2026-02-28&to=2026-02-28"));
    }

    [Fact]
    public async Task DateField_RegisteredAndClosed_FilterOnThatTime()
    {
        Write(Case("reg-mar", Local(2, 27, 9)) with { RegisteredAt = Local(3, 1, 0, 5) },
            Case("closed-mar", Local(2, 20, 9)) with
            {
                RegisteredAt = Local(2, 20, 10), DispatchedAt = Local(2, 20, 11), DeadlineAt = Local(2, 22, 11),
                ResolvedAt = Local(2, 21, 9), ClosedAt = Local(3, 2, 9),
            },
            Case("rep-mar", Local(3, 3, 9)));

        Assert.Equal(["rep-mar"], await AllCaseNosAsync("from=2026-03-01&to=2026-03-31"));
        Assert.Equal(["reg-mar"], await AllCaseNosAsync("from=2026-03-01&to=2026-03-31&dateField=registered"));
        Assert.Equal(["closed-mar"], await AllCaseNosAsync("from=2026-03-01&to=2026-03-31&dateField=closed"));
    }

    [Fact]
    public async Task Filters_EachSelectsExactlyItsCases()
    {
        var t = Local(3, 5, 9);
        Write(Case("plain", t),
            Case("street2", t) with { StreetId = 3, RegionId = 12 },
            Case("community", t) with { RegionId = 22 },
            Case("dept", t) with { DepartmentId = 2, RegisteredAt = t, DispatchedAt = t, DeadlineAt = t.AddHours(48) },
            Case("cat", t) with { CategoryId = 4 },
            Case("app", t) with { Source = "app" },
            Case("level", t) with { Level = "street" },
            Case("road", t) with { RoadId = 1 },
            Case("text", t) with { Description = "井盖 100% 缺失", Address = "纬二路 8 号" });
        using (var connection = _db.Open())
            Dapper.SqlMapper.Execute(connection, "UPDATE cases SET is_urgent = 1 WHERE case_no = 'plain'");

        Assert.Equal(["street2"], await AllCaseNosAsync("street=S02"));
        Assert.Equal(["community"], await AllCaseNosAsync("community=C01"));
        Assert.Equal(["community"], await AllCaseNosAsync("grid=G04"));
        Assert.Equal(["dept"], await AllCaseNosAsync("department=landscape"));
        Assert.Equal(["dept"], await AllCaseNosAsync("status=dispatched"));
        Assert.Equal(["cat"], await AllCaseNosAsync("category=tree"));
        Assert.Equal(["app"], await AllCaseNosAsync("source=app"));
        Assert.Equal(["level"], await AllCaseNosAsync("level=street"));
        Assert.Equal(["road"], await AllCaseNosAsync("road=R01"));
        Assert.Equal(["plain"], await AllCaseNosAsync("urgent=true"));
        Assert.Equal(8, (await AllCaseNosAsync("urgent=false")).Count);
        Assert.Equal(["text"], await AllCaseNosAsync("q=" + Uri.EscapeDataString("100%")));
        Assert.Equal(["text"], await AllCaseNosAsync("q=" + Uri.EscapeDataString("8 号")));
        Assert.Equal(["street2"], await AllCaseNosAsync("q=street2"));
        Assert.Empty(await AllCaseNosAsync("q=" + Uri.EscapeDataString("0_%")));
        Assert.Equal(["plain"], await AllCaseNosAsync("urgent=true&street=S01&source=hotline"));
    }

    /// <summary>
    /// Random cases and cases on each boundary: the list's overdue and soonDue sets are exactly the definitions' at now, 即将超期
    /// in the working time of the calendar the database holds (the seeded one: 2025 National Day 1–8 October off) — on a
    /// Tuesday morning, before lunch, on a Friday evening before the weekend and on the eve of National Day.
    /// </summary>
    [Theory]
    [InlineData("2026-03-10T02:00:00Z")] // Tuesday 10:00 local
    [InlineData("2026-03-10T03:30:00Z")] // Tuesday 11:30: half an hour before lunch, half an hour after it
    [InlineData("2026-03-13T09:10:00Z")] // Friday 17:10: twenty minutes that day, forty on Monday
    [InlineData("2025-09-30T09:00:00Z")] // the eve of National Day, 17:00: the hour ends on 9 October at 09:00
    public async Task OverdueAndSoonDue_AgreeCaseByCaseWithTheirDefinitions(string nowText)
    {
        var now = DateTime.Parse(nowText, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var working = (await new ReferenceCatalog(_db.Connections).GetAsync()).WorkingTime(Shanghai);
        var window = SoonDue.WindowAt(working, now);
        var random = new Random(18);
        var cases = new List<StoredCase>();
        for (var i = 0; i < 300; i++)
        {
            var reported = now.AddMinutes(-random.Next(60 * 24 * 4));
            DateTime? dispatched = random.NextDouble() < 0.85 ? reported.AddMinutes(random.Next(0, 120)) : null;
            DateTime? deadline = dispatched?.AddMinutes(random.Next(60, 60 * 24 * 12));
            DateTime? resolved = dispatched is { } d && random.NextDouble() < 0.4 ? d.AddMinutes(random.Next(0, 60 * 40)) : null;
            DateTime? closed = resolved is { } r && random.NextDouble() < 0.5 ? r.AddMinutes(random.Next(0, 600)) : null;
            cases.Add(Case($"R{i:D3}", reported) with { DispatchedAt = dispatched, DeadlineAt = deadline, ResolvedAt = resolved, ClosedAt = closed });
        }
        var start = now.AddHours(-3);
        cases.Add(Case("deadline-at-now", start) with { DispatchedAt = start, DeadlineAt = now });
        cases.Add(Case("deadline-just-past", start) with { DispatchedAt = start, DeadlineAt = now.AddMilliseconds(-1) });
        cases.Add(Case("deadline-at-window-end", start) with { DispatchedAt = start, DeadlineAt = window.Until });
        cases.Add(Case("deadline-just-in-window", start) with { DispatchedAt = start, DeadlineAt = window.Until.AddMilliseconds(-1) });
        cases.Add(Case("resolved-at-now", start) with { DispatchedAt = start, DeadlineAt = now.AddMinutes(10), ResolvedAt = now });
        cases.Add(Case("resolved-just-before", start) with { DispatchedAt = start, DeadlineAt = now.AddMinutes(10), ResolvedAt = now.AddMilliseconds(-1) });
        cases.Add(Case("dispatched-at-now", start) with { DispatchedAt = now, DeadlineAt = now.AddMinutes(10) });
        Write([.. cases]);

        var overdue = cases.Where(c => Overdue.IsOverdueAt(c.DispatchedAt, c.DeadlineAt, c.ResolvedAt, c.ClosedAt, DeadlineHold.None, now)).Select(c => c.CaseNo).ToList();
        var soonDue = cases.Where(c => SoonDue.IsSoonDueAt(c.DispatchedAt, c.DeadlineAt, c.ResolvedAt, c.ClosedAt, DeadlineHold.None, window)).Select(c => c.CaseNo).ToList();

        Assert.Equal(overdue.Order(StringComparer.Ordinal), await AllCaseNosAsync("overdue=true&limit=500", now));
        Assert.Equal(soonDue.Order(StringComparer.Ordinal), await AllCaseNosAsync("soonDue=true&limit=500", now));
        // The definition counted the working time left, case by case.
        Assert.Equal(cases.Where(c => c.DispatchedAt < now && c.DeadlineAt >= now && !(c.ResolvedAt < now) && !(c.ClosedAt < now)
                                      && working.Between(now, c.DeadlineAt!.Value) < SoonDue.Window).Select(c => c.CaseNo), soonDue);
        Assert.Contains("deadline-just-past", overdue);
        Assert.DoesNotContain("deadline-at-now", overdue);
        Assert.Contains("deadline-at-now", soonDue);
        Assert.Contains("deadline-just-in-window", soonDue);
        Assert.DoesNotContain("deadline-at-window-end", soonDue);
        Assert.Contains("resolved-at-now", soonDue); // resolved at T is not resolved before T, as in 超期未处置
        Assert.DoesNotContain("resolved-just-before", soonDue);
        Assert.DoesNotContain("dispatched-at-now", soonDue);
    }

    /// <summary>137 cases, many sharing a time: every sort's pages of 10 hold each case once, in the sort's order, with the same total.</summary>
    [Theory]
    [InlineData("reportedDesc")]
    [InlineData("reportedAsc")]
    [InlineData("lastStepDesc")]
    public async Task Paging_EverySort_EachCaseOnceInOrderWithoutGapsOrRepeats(string sort)
    {
        var cases = Enumerable.Range(0, 137).Select(i => Case($"P{i:D3}", Local(3, 1 + i % 5, 8, (i * 7) % 3))).ToArray();
        Write(cases);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await ListAsync($"sort={sort}&limit=10" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(137, page.Total);
            Assert.True(page.Items.Count is > 0 and <= 10);
            seen.AddRange(page.Items.Select(i => i.CaseNo));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);

        Assert.Equal(14, pages);
        Assert.Equal(137, seen.Distinct().Count());
        Assert.Equal(137, seen.Count);
        // Ties broken by id (the order the cases were written in): the keyset is (time, id).
        var byId = cases.Select((c, id) => (c, id)).ToList();
        var expected = sort == "reportedAsc"
            ? byId.OrderBy(x => x.c.ReportedAt).ThenBy(x => x.id)
            : byId.OrderByDescending(x => x.c.ReportedAt).ThenByDescending(x => x.id);
        Assert.Equal(expected.Select(x => x.c.CaseNo), seen);
    }

    public static TheoryData<string> SqlShapes()
    {
        var data = new TheoryData<string>();
        foreach (var field in new[] { "reported", "registered", "closed", "resolved", "rated" })
        foreach (var sort in new[] { "reportedDesc", "reportedAsc", "lastStepDesc" })
            data.Add($"from=2026-03-01&to=2026-03-31&dateField={field}&sort={sort}&status=closed&overdue=true&street=S01&community=C01&grid=G04" +
                     "&department=municipal&category=manhole&source=app&urgent=true&level=grid&road=R01&q=x");
        data.Add("soonDue=true");
        data.Add("");
        data.Add("method=service");
        foreach (var outcome in Enum.GetValues<CaseOutcome>().Select(o => o.Code()))
            data.Add($"from=2026-03-01&to=2026-03-31&dateField=registered&outcome={outcome}&overdue=true");
        foreach (var problem in new[] { "found", "resolved", "open", "overdue" })
            data.Add($"from=2026-03-01&to=2026-03-31&problem={problem}&road=R01&overdue=true");
        return data;
    }

    /// <summary>Every shape of the composed SQL Server text (each filter, date field, sort, with and without a cursor, and the export) parses as T-SQL.</summary>
    [Theory]
    [MemberData(nameof(SqlShapes))]
    public async Task SqlServerText_EveryShape_ParsesAsTSql(string query)
    {
        var refData = await new ReferenceCatalog(_db.Connections).GetAsync();
        var values = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var errors = new Dictionary<string, string>();
        var request = CaseFilters.Parse(n => values.GetValueOrDefault(n), refData, errors)!;
        Assert.Empty(errors);
        var (where, _) = CaseListQuery.Where(request.Filter, refData, Shanghai, Now);

        foreach (var sql in new[] { CaseListQuery.CountSql(where), CaseListQuery.PageSql(where, request.Filter.Sort, false).SqlServer,
                     CaseListQuery.PageSql(where, request.Filter.Sort, true).SqlServer, CaseListExporter.ExportSql(where, request.Filter.Sort) })
        {
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            // Dapper expands IN @List into IN (@List1, …) before SQL Server sees it.
            using var reader = new StringReader(Regex.Replace(sql, @"\bIN\s+@(\w+)", "IN (@$1)"));
            parser.Parse(reader, out var parseErrors);
            Assert.Empty(parseErrors);
        }
    }
}
