using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>The case list's one parser (<see cref="CaseFilters.Parse"/>): each bad filter gets its own message, a good one round-trips through its URL.</summary>
public sealed class CaseFiltersTests : IClassFixture<CaseFiltersTests.City>
{
    public sealed class City : IDisposable
    {
        private readonly TestDatabase _db = TestDatabase.CreateMigrated();

        public City()
        {
            _db.Insert(TestCity.ThreeStreets().Community("C01", "汇鑫社区", "S01", id: 21).Grid("G04", "汇鑫一网格", "C01", id: 22));
            Reference = new ReferenceCatalog(_db.Connections).GetAsync().GetAwaiter().GetResult();
        }

        public ReferenceData Reference { get; }

        public void Dispose() => _db.Dispose();
    }

    private readonly ReferenceData _refData;

    public CaseFiltersTests(City city) => _refData = city.Reference;

    private (CaseListRequest? Request, Dictionary<string, string> Errors) Parse(string query)
    {
        var values = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var errors = new Dictionary<string, string>();
        return (CaseFilters.Parse(n => values.GetValueOrDefault(n), _refData, errors), errors);
    }

    [Theory]
    [InlineData("from=2026-03-01", "to", "go together")]
    [InlineData("to=2026-03-01", "from", "go together")]
    [InlineData("from=2026-3-1&to=2026-03-31", "from", "local date such as 2026-03-01")]
    [InlineData("from=2026-03-31&to=2026-03-01", "to", "before from")]
    [InlineData("from=2025-01-01&to=2026-03-01", "to", "at most 366")]
    [InlineData("from=1999-12-31&to=2000-01-01", "from", "2000-01-01 to 2099-12-31")]
    [InlineData("dateField=dispatched", "dateField", "reported, registered, closed, resolved, rated")]
    [InlineData("method=fine", "method", "service, management, enforcement")]
    [InlineData("outcome=late", "outcome", "registered, due, closed, closedontime")]
    [InlineData("outcome=due", "outcome", "give from, to and dateField=registered")]
    [InlineData("from=2026-03-01&to=2026-03-31&outcome=closed", "outcome", "dateField=registered")]
    [InlineData("problem=fixed", "problem", "found, resolved, open, overdue")]
    [InlineData("problem=open&road=R01", "problem", "give from and to")]
    [InlineData("from=2026-03-01&to=2026-03-31&dateField=closed&problem=open", "problem", "dateField reported")]
    [InlineData("status=open", "status", "'open' is not one of")]
    [InlineData("status=1", "status", "is not one of")]
    [InlineData("overdue=yes", "overdue", "only true")]
    [InlineData("overdue=false", "overdue", "only true")]
    [InlineData("soonDue=1", "soonDue", "only true")]
    [InlineData("overdue=true&soonDue=true", "soonDue", "never hold together")]
    [InlineData("street=S99", "street", "No street with the code 'S99'")]
    [InlineData("street=G01", "street", "No street")]
    [InlineData("community=S01", "community", "No community")]
    [InlineData("grid=C01", "grid", "No grid")]
    [InlineData("street=S02&community=C01", "community", "not in street 'S02'")]
    [InlineData("street=S02&grid=G04", "grid", "not in street 'S02'")]
    [InlineData("department=police", "department", "No department")]
    [InlineData("category=snow", "category", "No category")]
    [InlineData("road=R99", "road", "No road")]
    [InlineData("source=fax", "source", "supervisor, hotline")]
    [InlineData("urgent=maybe", "urgent", "true or false")]
    [InlineData("level=city", "level", "grid, community, street")]
    [InlineData("sort=name", "sort", "reportedDesc, reportedAsc, lastStepDesc")]
    [InlineData("limit=0", "limit", "from 1 to 500")]
    [InlineData("limit=501", "limit", "from 1 to 500")]
    [InlineData("limit=ten", "limit", "from 1 to 500")]
    [InlineData("cursor=!!!", "cursor", "pass nextCursor")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor", "pass nextCursor")]
    public void Parse_BadFilter_NamesTheParameterWithAClearMessage(string query, string field, string message)
    {
        var (request, errors) = Parse(query);

        Assert.Null(request);
        Assert.Contains(message, errors[field], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongText_IsRefused()
    {
        var (request, errors) = Parse("q=" + new string('井', 101));

        Assert.Null(request);
        Assert.Contains("at most 100", errors["q"], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CursorOfAnotherSort_IsRefused()
    {
        var cursor = new CaseCursor(CaseSort.ReportedAsc, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), 42).Encode();

        var (request, errors) = Parse($"cursor={cursor}");

        Assert.Null(request);
        Assert.Contains("belongs to sort reportedAsc", errors["cursor"], StringComparison.Ordinal);
        Assert.NotNull(Parse($"sort=reportedAsc&cursor={cursor}").Request);
    }

    [Fact]
    public void Parse_Nothing_IsEveryCaseNewestFirstFiftyAtATime()
    {
        var (request, errors) = Parse("");

        Assert.Empty(errors);
        Assert.Equal(new CaseListRequest(CaseFilter.All, null, CaseFilters.DefaultLimit), request);
    }

    [Fact]
    public void ToQueryString_EveryFilter_ParsesBackToTheSameFilter()
    {
        var filter = new CaseFilter
        {
            From = new DateOnly(2026, 2, 1), To = new DateOnly(2026, 3, 31), DateField = CaseDateField.Closed, Status = CaseStatus.Closed,
            Overdue = true, Street = "S01", Community = "C01", Grid = "G04", Department = "municipal", Category = "manhole",
            Source = CaseSource.App, Urgent = false, Level = EscalationLevel.Community, Road = "R01", Q = "井盖 & 50%", Sort = CaseSort.LastStepDesc,
        };

        var (request, errors) = Parse(filter.ToQueryString());

        Assert.Empty(errors);
        Assert.Equal(filter, request!.Filter);
    }

    [Theory]
    [InlineData(CaseDateField.Registered, CaseOutcome.ClosedOnTime, null, ResolutionMethod.Enforcement)]
    [InlineData(CaseDateField.Reported, null, RoadProblem.Overdue, null)]
    [InlineData(CaseDateField.Rated, null, null, null)]
    public void ToQueryString_FigureFilters_ParseBackToTheSameFilter(CaseDateField field, CaseOutcome? outcome, RoadProblem? problem,
        ResolutionMethod? method)
    {
        var filter = new CaseFilter
        {
            From = new DateOnly(2026, 2, 1), To = new DateOnly(2026, 2, 28), DateField = field, Outcome = outcome, Problem = problem,
            Method = method, Road = "R01",
        };

        var (request, errors) = Parse(filter.ToQueryString());

        Assert.Empty(errors);
        Assert.Equal(filter, request!.Filter);
    }

    [Fact]
    public void Cursor_EncodeDecode_RoundTrips()
    {
        var cursor = new CaseCursor(CaseSort.LastStepDesc, new DateTime(2026, 3, 1, 16, 10, 0, 123, DateTimeKind.Utc), 123456789);

        Assert.Equal(cursor, CaseCursor.TryDecode(cursor.Encode()));
    }
}
