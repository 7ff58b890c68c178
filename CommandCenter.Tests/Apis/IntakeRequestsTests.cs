using System.Text.Json;
using CommandCenter.Apis;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;

namespace CommandCenter.Tests.Apis;

/// <summary>The shared validator the API and the import command both use: what the import gains from the API's rules.</summary>
public sealed class IntakeRequestsTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    private static ReferenceData Reference()
    {
        RegionRow[] regions =
        [
            new() { Id = 1, Code = "D01", Level = "district" },
            new() { Id = 2, Code = "S01", Level = "street", ParentId = 1 },
            new() { Id = 3, Code = "G01", Level = "grid", ParentId = 2 },
            new() { Id = 10, Code = "S02", Level = "street", ParentId = 1 },
        ];
        return new ReferenceData(regions, [new DepartmentRow { Id = 1, Code = "municipal" }],
            [new CategoryRow { Id = 1, Code = "manhole", TimeLimitHours = 48, UrgentTimeLimitHours = 4 }],
            [new RoadRow { Id = 1, Code = "R01", StreetId = 2 }, new RoadRow { Id = 10, Code = "R02", StreetId = 10 }], []);
    }

    private const string Line = """
        {"externalId":"imp-1","source":"grid","categoryCode":"manhole","regionCode":"G01","roadCode":"R01","description":"井盖缺失",
         "lat":36.98,"lng":117.17,"reportedAt":"2026-11-20T09:00:00+08:00","events":[{"eventId":"imp-1-1","type":"register","at":"2026-11-20T09:10:00+08:00"}]}
        """;

    private static (CaseCreateRequest? Request, string? Field) Parse(string line)
    {
        try
        {
            return (JsonSerializer.Deserialize<CaseCreateRequest>(line, IntakeRequests.Json), null);
        }
        catch (JsonException ex)
        {
            return (null, IntakeRequests.JsonProblem<CaseCreateRequest>(ex).Field);
        }
    }

    [Fact]
    public void ImportLine_Valid_IsACaseWithItsSteps()
    {
        var errors = new IntakeRequests.Errors();

        var item = IntakeRequests.ToImport(Parse(Line).Request!, Reference(), Now, errors);

        Assert.False(errors.Any, errors.ToString());
        Assert.Equal(CaseStep.Register, Assert.Single(item!.Steps).Command.Step);
    }

    [Theory]
    [InlineData("\"lat\":36.98", "\"lat\":\"36.98\"", "lat")]
    [InlineData("\"lat\":36.98", "\"lat\":\"NaN\"", "lat")]
    [InlineData("\"description\"", "\"colour\":\"red\",\"description\"", "colour")]
    [InlineData("\"type\":\"register\"", "\"type\":\"register\",\"note\":\"x\"", "events[0].note")]
    public void ImportLine_WrongTypeOrUnknownField_NamesTheField(string find, string replace, string field)
    {
        var (request, problem) = Parse(Line.Replace(find, replace));

        Assert.Null(request);
        Assert.Equal(field, problem);
    }

    [Theory]
    [InlineData("\"roadCode\":\"R01\"", "\"roadCode\":\"R02\"", "roadCode")]
    [InlineData("\"reportedAt\":\"2026-11-20T09:00:00+08:00\"", "\"reportedAt\":\"2026-11-20T09:00:00+08:00\\n\"", "reportedAt")]
    [InlineData("\"at\":\"2026-11-20T09:10:00+08:00\"", "\"at\":\"2026-11-20T09:10:00+08:00\\n\"", "events[0].at")]
    [InlineData("\"description\":\"井盖缺失\"", "\"description\":\"井盖\\u001b缺失\"", "description")]
    public void ImportLine_BreakingARule_IsRefusedNamingTheField(string find, string replace, string field)
    {
        var errors = new IntakeRequests.Errors();

        var item = IntakeRequests.ToImport(Parse(Line.Replace(find, replace)).Request!, Reference(), Now, errors);

        Assert.Null(item);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void CaseService_RoadOfAnotherStreet_IsRefusedForCallersThatSkipTheValidator()
    {
        var errors = new IntakeRequests.Errors();
        var newCase = IntakeRequests.ToNewCase(Parse(Line).Request!, Reference(), Now, errors)!;

        Assert.Null(CaseService.UnknownReference(Reference(), newCase));
        Assert.Contains("R02", CaseService.UnknownReference(Reference(), newCase with { RoadId = 10 }));
    }
}
