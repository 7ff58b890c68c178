using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;
using static CommandCenter.Tests.TestDatabase;

namespace CommandCenter.Tests.Features.Cases;

public sealed class CaseServiceTests : IDisposable
{
    private const string Actor = "test";
    private static readonly DateTime T0 = new(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc);

    private readonly TestDatabase _db = CreateWithReference();
    private readonly CaseService _service;
    private readonly BulkImport _import;

    public CaseServiceTests()
    {
        var reference = new ReferenceCatalog(_db.Connections);
        _service = new CaseService(_db.Connections, reference, TimeProvider.System, BusinessCalendar.For("Asia/Shanghai"));
        _import = new BulkImport(_db.Connections, reference, TimeProvider.System, BusinessCalendar.For("Asia/Shanghai"));
    }

    public void Dispose() => _db.Dispose();

    private static NewCase NewCase(string? externalId = null, DateTime? reportedAt = null, bool isUrgent = false,
        long regionId = Ref.Grid, long categoryId = Ref.Category, long? roadId = Ref.Road) =>
        new(externalId, CaseSource.Hotline, categoryId, regionId, roadId, "井盖破损", "纬二路 12 号", 36.98, 117.17, "13800000000",
            isUrgent, reportedAt ?? T0);

    private static CaseStepRequest Step(string eventId, CaseStep step, DateTime at, long? departmentId = null,
        ResolutionMethod? method = null, bool? passed = null, SatisfactionRating? rating = null) =>
        new(eventId, new CaseCommand(step, at, DepartmentId: departmentId, Method: method, Passed: passed, Rating: rating));

    private Dictionary<string, object?> CaseRowValues(long id)
    {
        using var connection = _db.Open();
        var row = (IDictionary<string, object?>)connection.QuerySingle($"SELECT * FROM cases WHERE id = @Id", new { Id = id });
        return new Dictionary<string, object?>(row);
    }

    [Fact]
    public async Task CreateAsync_NewCase_WritesOneCaseRowAndOneReportEvent()
    {
        var result = await _service.CreateAsync(NewCase("hotline-1"), Actor);

        Assert.True(result.Created);
        Assert.Equal(CaseStatus.Reported, result.Case.Status);
        Assert.Equal(1, _db.Count("cases"));
        Assert.Equal(1, _db.Count("case_events"));
        Assert.Equal(1, _db.Count("case_events", "case_id = @Id AND type = 'report'", new { result.Case.Id }));
    }

    [Fact]
    public async Task CreateAsync_SameExternalIdTwice_KeepsOneCaseAndSaysNotCreated()
    {
        var first = await _service.CreateAsync(NewCase("hotline-1"), Actor);

        var second = await _service.CreateAsync(NewCase("hotline-1", T0.AddHours(1)), Actor);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Case.CaseNo, second.Case.CaseNo);
        Assert.Equal(1, _db.Count("cases"));
        Assert.Equal(1, _db.Count("case_events"));
    }

    [Fact]
    public async Task CreateAsync_SameExternalIdTwentyTimesInParallel_CreatesExactlyOneCase()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => _service.CreateAsync(NewCase("hotline-race"), Actor))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Case.CaseNo).Distinct());
        Assert.Equal(1, _db.Count("cases"));
        Assert.Equal(1, _db.Count("case_events"));
    }

    [Fact]
    public async Task CreateAsync_GridRegion_TakesTheStreetOfItsAncestors()
    {
        var result = await _service.CreateAsync(NewCase("grid-case", regionId: Ref.Grid), Actor);

        Assert.Equal(Ref.Grid, result.Case.RegionId);
        Assert.Equal(Ref.Street, result.Case.StreetId);
        Assert.Equal(Ref.Street, (long)CaseRowValues(result.Case.Id)["street_id"]!);
    }

    [Theory]
    [InlineData(Ref.Community)]
    [InlineData(Ref.Street)]
    public async Task StreetOf_CommunityOrStreet_IsTheStreet(long regionId)
    {
        var reference = await new ReferenceCatalog(_db.Connections).GetAsync();

        var street = reference.StreetOf(reference.RegionsById[regionId]);

        Assert.Equal(Ref.Street, street?.Id);
    }

    [Fact]
    public async Task CreateAsync_DistrictRegion_IsRejectedAndWritesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _service.CreateAsync(NewCase("district-case", regionId: Ref.District), Actor));

        Assert.Equal(0, _db.Count("cases"));
        Assert.Equal(0, _db.Count("case_events"));
    }

    [Fact]
    public async Task CreateAsync_CaseNumbers_CountUpWithinTheShanghaiBusinessDay()
    {
        // 10:00 and 23:30 on 31 March in Shanghai, then 00:30 on 1 April.
        var morning = await _service.CreateAsync(NewCase(reportedAt: new DateTime(2026, 3, 31, 2, 0, 0, DateTimeKind.Utc)), Actor);
        var lateEvening = await _service.CreateAsync(NewCase(reportedAt: new DateTime(2026, 3, 31, 15, 30, 0, DateTimeKind.Utc)), Actor);
        var afterMidnight = await _service.CreateAsync(NewCase(reportedAt: new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc)), Actor);

        Assert.Equal("20260331-00001", morning.Case.CaseNo);
        Assert.Equal("20260331-00002", lateEvening.Case.CaseNo);
        Assert.Equal("20260401-00001", afterMidnight.Case.CaseNo);
    }

    [Fact]
    public async Task ApplyAsync_SameEventIdTwice_WritesOneEventAndReportsDuplicate()
    {
        var created = await _service.CreateAsync(NewCase("c1"), Actor);
        var register = Step("evt-register", CaseStep.Register, T0.AddHours(1));

        var first = await _service.ApplyAsync(created.Case.CaseNo, register, Actor);
        var second = await _service.ApplyAsync(created.Case.CaseNo, register, Actor);

        Assert.Equal(StepOutcome.Applied, first.Outcome);
        Assert.Equal(StepOutcome.Duplicate, second.Outcome);
        Assert.Equal(CaseStatus.Registered, second.Case!.Status);
        Assert.Equal(1, _db.Count("case_events", "event_id = 'evt-register'"));
        Assert.Equal(2, _db.Count("case_events"));
    }

    [Fact]
    public async Task ApplyAsync_SameEventIdTwentyTimesInParallel_WritesOneEvent()
    {
        var created = await _service.CreateAsync(NewCase("c1"), Actor);
        var register = Step("evt-register", CaseStep.Register, T0.AddHours(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => _service.ApplyAsync(created.Case.CaseNo, register, Actor))));

        Assert.Single(results, r => r.Outcome == StepOutcome.Applied);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { StepOutcome.Applied, StepOutcome.Duplicate }));
        Assert.Equal(1, _db.Count("case_events", "event_id = 'evt-register'"));
        Assert.Equal(2, _db.Count("case_events"));
    }

    [Fact]
    public async Task ApplyAsync_IllegalStep_IsRefusedAndWritesNothing()
    {
        var created = await _service.CreateAsync(NewCase("c1"), Actor);
        var before = CaseRowValues(created.Case.Id);

        var result = await _service.ApplyAsync(created.Case.CaseNo,
            Step("evt-resolve", CaseStep.Resolve, T0.AddHours(1), method: ResolutionMethod.Service), Actor);

        Assert.Equal(StepOutcome.Refused, result.Outcome);
        Assert.Contains("reported", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _db.Count("case_events"));
        Assert.Equal(before, CaseRowValues(created.Case.Id));
    }

    [Fact]
    public async Task ApplyAsync_EventIdOfAnotherCase_IsRefused()
    {
        var first = await _service.CreateAsync(NewCase("c1"), Actor);
        var second = await _service.CreateAsync(NewCase("c2"), Actor);
        await _service.ApplyAsync(first.Case.CaseNo, Step("evt-1", CaseStep.Register, T0.AddHours(1)), Actor);

        var result = await _service.ApplyAsync(second.Case.CaseNo, Step("evt-1", CaseStep.Register, T0.AddHours(1)), Actor);

        Assert.Equal(StepOutcome.Refused, result.Outcome);
        Assert.Equal(CaseStatus.Reported, (await _service.FindAsync(second.Case.CaseNo))!.Status);
    }

    [Fact]
    public async Task ApplyAsync_DifferentEventsRacingForTheSameStep_OnlyOneIsApplied()
    {
        var created = await _service.CreateAsync(NewCase("c1"), Actor);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            _service.ApplyAsync(created.Case.CaseNo, Step($"evt-register-{i}", CaseStep.Register, T0.AddHours(1)), Actor))));

        Assert.Single(results, r => r.Outcome == StepOutcome.Applied);
        Assert.Equal(19, results.Count(r => r.Outcome == StepOutcome.Refused));
        Assert.Equal(1, _db.Count("case_events", "type = 'register'"));
    }

    [Fact]
    public async Task ApplyAsync_DispatchToUnknownDepartment_IsRefusedAndWritesNothing()
    {
        var created = await _service.CreateAsync(NewCase("c1"), Actor);
        await _service.ApplyAsync(created.Case.CaseNo, Step("evt-1", CaseStep.Register, T0.AddHours(1)), Actor);
        var before = CaseRowValues(created.Case.Id);

        var result = await _service.ApplyAsync(created.Case.CaseNo, Step("evt-2", CaseStep.Dispatch, T0.AddHours(2), departmentId: 999), Actor);

        Assert.Equal(StepOutcome.Refused, result.Outcome);
        Assert.Contains("999", result.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _db.Count("case_events"));
        Assert.Equal(before, CaseRowValues(created.Case.Id));
    }

    [Fact]
    public async Task ApplyAsync_UnknownCaseNo_IsNotFound()
    {
        var result = await _service.ApplyAsync("20260302-99999", Step("evt-1", CaseStep.Register, T0), Actor);

        Assert.Equal(StepOutcome.NotFound, result.Outcome);
        Assert.Equal(0, _db.Count("case_events"));
    }

    [Theory]
    [InlineData(true, Ref.UrgentTimeLimitHours)]
    [InlineData(false, Ref.TimeLimitHours)]
    public async Task ApplyAsync_Dispatch_DeadlineUsesTheCategoryLimitForUrgency(bool isUrgent, double hours)
    {
        var created = await _service.CreateAsync(NewCase("c1", isUrgent: isUrgent), Actor);
        await _service.ApplyAsync(created.Case.CaseNo, Step("evt-1", CaseStep.Register, T0.AddHours(1)), Actor);
        var dispatchedAt = T0.AddHours(2);

        var result = await _service.ApplyAsync(created.Case.CaseNo,
            Step("evt-2", CaseStep.Dispatch, dispatchedAt, departmentId: Ref.Department), Actor);

        Assert.Equal(StepOutcome.Applied, result.Outcome);
        Assert.Equal(CaseStatus.Dispatched, result.Case!.Status);
        Assert.Equal(dispatchedAt.AddHours(hours), result.Case.DeadlineAt);
        Assert.Equal(Ref.Department, result.Case.DepartmentId);
    }

    private static CaseImport GoodImport() => new(NewCase("imp-good"),
    [
        Step("imp-good-1", CaseStep.Register, T0.AddHours(1)),
        Step("imp-good-2", CaseStep.Dispatch, T0.AddHours(2), departmentId: Ref.Department),
        Step("imp-good-3", CaseStep.Resolve, T0.AddHours(20), method: ResolutionMethod.Service),
        Step("imp-good-4", CaseStep.Verify, T0.AddHours(22), passed: true),
        Step("imp-good-5", CaseStep.Satisfaction, T0.AddHours(30), rating: SatisfactionRating.Satisfied),
    ]);

    /// <summary>Resolved before it was dispatched: the workflow refuses its second step.</summary>
    private static CaseImport BadImport() => new(NewCase("imp-bad", T0.AddHours(3)),
    [
        Step("imp-bad-1", CaseStep.Register, T0.AddHours(4)),
        Step("imp-bad-2", CaseStep.Resolve, T0.AddHours(5), method: ResolutionMethod.Service),
    ]);

    [Fact]
    public async Task ImportAsync_GoodAndBadItem_WritesTheGoodOneFullyAndNothingOfTheBadOne()
    {
        var result = await _import.ImportAsync([GoodImport(), BadImport()], Actor);

        Assert.Equal(1, result.Created);
        Assert.Equal(0, result.Skipped);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(1, failure.Index);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));

        Assert.Equal(1, _db.Count("cases"));
        Assert.Equal(0, _db.Count("cases", "external_id = 'imp-bad'"));
        Assert.Equal(0, _db.Count("case_events", "event_id LIKE 'imp-bad%'"));

        using var connection = _db.Open();
        var good = connection.QuerySingle<CaseRow>($"SELECT {CaseRow.Columns} FROM cases WHERE external_id = 'imp-good'");
        Assert.Equal(CaseStatus.Closed, good.Status);
        Assert.Equal(T0.AddHours(1), good.RegisteredAt);
        Assert.Equal(T0.AddHours(2), good.DispatchedAt);
        Assert.Equal(T0.AddHours(2 + Ref.TimeLimitHours), good.DeadlineAt);
        Assert.Equal(T0.AddHours(20), good.ResolvedAt);
        Assert.Equal(ResolutionMethod.Service, good.Method);
        Assert.Equal(T0.AddHours(22), good.ClosedAt);
        Assert.Equal(SatisfactionRating.Satisfied, good.Rating);
        Assert.Equal(T0.AddHours(30), good.RatedAt);
        Assert.Equal(T0.AddHours(30), good.LastStepAt);
        Assert.Equal(Ref.Department, good.DepartmentId);
        var types = connection.Query<string>("SELECT type FROM case_events WHERE case_id = @Id ORDER BY id", new { good.Id });
        Assert.Equal(new[] { "report", "register", "dispatch", "resolve", "verify", "satisfaction" }, types);
    }

    [Fact]
    public async Task ImportAsync_RunTwice_SkipsByExternalIdAndAddsNothing()
    {
        await _import.ImportAsync([GoodImport(), BadImport()], Actor);
        var cases = _db.Count("cases");
        var events = _db.Count("case_events");

        var again = await _import.ImportAsync([GoodImport(), BadImport()], Actor);

        Assert.Equal(0, again.Created);
        Assert.Equal(1, again.Skipped);
        Assert.Equal(1, Assert.Single(again.Failed).Index);
        Assert.Equal(cases, _db.Count("cases"));
        Assert.Equal(events, _db.Count("case_events"));
    }

    [Theory]
    [InlineData(999, Ref.Category, Ref.Road)]
    [InlineData(Ref.Grid, 999, Ref.Road)]
    [InlineData(Ref.Grid, Ref.Category, 999)]
    public async Task ImportAsync_UnknownReference_ReportsTheItemAndWritesTheOthers(long regionId, long categoryId, long roadId)
    {
        var unknown = new CaseImport(NewCase("imp-unknown", regionId: regionId, categoryId: categoryId, roadId: roadId), []);

        var result = await _import.ImportAsync([unknown, GoodImport()], Actor);

        Assert.Equal(0, Assert.Single(result.Failed).Index);
        Assert.Equal(1, result.Created);
        Assert.Equal(0, _db.Count("cases", "external_id = 'imp-unknown'"));
        Assert.Equal(1, _db.Count("cases", "external_id = 'imp-good'"));
    }

    [Fact]
    public async Task ImportAsync_DispatchToUnknownDepartment_ReportsTheItemAndWritesTheOthers()
    {
        var unknownDepartment = new CaseImport(NewCase("imp-unknown"),
        [
            Step("imp-unknown-1", CaseStep.Register, T0.AddHours(1)),
            Step("imp-unknown-2", CaseStep.Dispatch, T0.AddHours(2), departmentId: 999),
        ]);

        var result = await _import.ImportAsync([GoodImport(), unknownDepartment], Actor);

        Assert.Equal(1, Assert.Single(result.Failed).Index);
        Assert.Equal(1, result.Created);
        Assert.Equal(0, _db.Count("cases", "external_id = 'imp-unknown'"));
        Assert.Equal(0, _db.Count("case_events", "event_id LIKE 'imp-unknown%'"));
    }

    /// <summary>
    /// An import takes its case numbers, committed, before it writes the batch (so its transaction holds no day's number
    /// while it writes): a case the database then refuses leaves a gap, and no number is handed out twice.
    /// </summary>
    [Fact]
    public async Task ImportAsync_CaseRefusedAtWriteTime_LeavesAGapInItsDayAndNoNumberIsReused()
    {
        using (var connection = _db.Open())
            connection.Execute("""
                CREATE TRIGGER refuse_case BEFORE INSERT ON cases WHEN NEW.external_id = 'imp-refused'
                BEGIN SELECT RAISE(ABORT, 'refused here'); END;
                """);

        var result = await _import.ImportAsync(
            [new CaseImport(NewCase("imp-1"), []), new CaseImport(NewCase("imp-refused"), []), new CaseImport(NewCase("imp-2"), [])], Actor);
        var online = await _service.CreateAsync(NewCase("online"), Actor);

        Assert.Equal(2, result.Created);
        Assert.Equal(1, Assert.Single(result.Failed).Index);
        using var read = _db.Open();
        var numbers = read.Query<string>("SELECT case_no FROM cases ORDER BY id").ToList();
        Assert.Equal(["20260302-00001", "20260302-00003", "20260302-00004"], numbers);
        Assert.Equal("20260302-00004", online.Case.CaseNo);
    }

    /// <summary>
    /// An import takes each day's block of numbers in day order whatever the batch's order, so two imports never wait for
    /// each other's day the other way round (a deadlock on SQL Server); within a day the numbers follow the batch.
    /// </summary>
    [Fact]
    public async Task ImportAsync_DaysInAnyOrder_TakesTheDaysNumbersInDayOrder()
    {
        using (var connection = _db.Open())
            connection.Execute("""
                CREATE TABLE sequence_log (n INTEGER PRIMARY KEY, day TEXT NOT NULL);
                CREATE TRIGGER log_new_day AFTER INSERT ON case_no_sequences BEGIN INSERT INTO sequence_log (day) VALUES (NEW.day); END;
                CREATE TRIGGER log_next_no AFTER UPDATE ON case_no_sequences BEGIN INSERT INTO sequence_log (day) VALUES (NEW.day); END;
                """);
        await _service.CreateAsync(NewCase("before", T0.AddDays(1)), Actor);

        await _import.ImportAsync(
        [
            new CaseImport(NewCase("d3", T0.AddDays(2)), []), new CaseImport(NewCase("d1-a", T0), []),
            new CaseImport(NewCase("d2", T0.AddDays(1)), []), new CaseImport(NewCase("d1-b", T0), []),
        ], Actor);

        using var read = _db.Open();
        Assert.Equal(["20260303", "20260302", "20260303", "20260304"], read.Query<string>("SELECT day FROM sequence_log ORDER BY n"));
        Assert.Equal(["20260302-00001", "20260302-00002", "20260303-00002", "20260304-00001"],
            read.Query<string>("SELECT case_no FROM cases WHERE external_id IN ('d1-a', 'd1-b', 'd2', 'd3') ORDER BY external_id"));
    }

    [Fact]
    public async Task ImportAsync_SameExternalIdTwiceInOneBatch_WritesItOnce()
    {
        var result = await _import.ImportAsync([GoodImport(), GoodImport()], Actor);

        Assert.Equal(1, result.Created);
        Assert.Equal(1, result.Skipped);
        Assert.Empty(result.Failed);
        Assert.Equal(1, _db.Count("cases"));
        Assert.Equal(6, _db.Count("case_events"));
    }

    [Fact]
    public async Task CaseRow_TimesReadThroughDapper_AreUtcAndTruncatedToTheMillisecond()
    {
        var reportedAt = new DateTime(2026, 3, 31, 15, 30, 12, DateTimeKind.Utc).AddTicks(1_234_567);
        var registeredAt = reportedAt.AddMinutes(5).AddTicks(9_999);
        var created = await _service.CreateAsync(NewCase("c1", reportedAt), Actor);
        await _service.ApplyAsync(created.Case.CaseNo, Step("evt-1", CaseStep.Register, registeredAt), Actor);

        await using var connection = await _db.Connections.OpenAsync();
        var row = await connection.QuerySingleAsync<CaseRow>($"SELECT {CaseRow.Columns} FROM cases");

        var expectedReported = new DateTime(2026, 3, 31, 15, 30, 12, 123, DateTimeKind.Utc);
        Assert.Equal(expectedReported, row.ReportedAt);
        Assert.Equal(DateTimeKind.Utc, row.ReportedAt.Kind);
        Assert.Equal(expectedReported.AddMinutes(5).AddMilliseconds(1), row.RegisteredAt);
        Assert.Equal(DateTimeKind.Utc, row.RegisteredAt!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, row.LastStepAt.Kind);
        Assert.Equal(expectedReported, created.Case.ReportedAt);
        Assert.Equal(DateTimeKind.Utc, created.Case.ReportedAt.Kind);
    }
}
