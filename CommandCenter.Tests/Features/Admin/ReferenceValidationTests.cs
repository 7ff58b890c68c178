using CommandCenter.Domain;
using CommandCenter.Features.Admin.Reference;

namespace CommandCenter.Tests.Features.Admin;

public class ReferenceValidationTests
{
    private static string Keys(IEnumerable<ReferenceError> errors) =>
        string.Join(" ", errors.Select(e => $"{e.Field}:{e.Key.Replace("AdminRef.Error.", "")}"));

    [Theory]
    [InlineData("R01", "")]
    [InlineData("enforce-1", "")]
    [InlineData("a_b-C9", "")]
    [InlineData(null, "Code:Required")]
    [InlineData("", "Code:Required")]
    [InlineData("   ", "Code:Required")]
    [InlineData("has space", "Code:CodeFormat")]
    [InlineData("济阳", "Code:CodeFormat")]
    [InlineData("a.b", "Code:CodeFormat")]
    [InlineData("a/b", "Code:CodeFormat")]
    [InlineData("R01\n", "Code:CodeFormat")]
    public void Code_Value_GivesExpectedErrors(string? code, string expected)
    {
        var errors = ReferenceValidation.Department(new DepartmentForm { Code = code, Name = "环卫中心" });
        Assert.Equal(expected, Keys(errors));
    }

    [Theory]
    [InlineData(64, "")]
    [InlineData(65, "Code:CodeTooLong")]
    public void Code_Length_LimitedTo64(int length, string expected)
    {
        var errors = ReferenceValidation.Department(new DepartmentForm { Code = new string('a', length), Name = "x" });
        Assert.Equal(expected, Keys(errors));
    }

    [Theory]
    [InlineData(null, "Name:Required")]
    [InlineData(" ", "Name:Required")]
    [InlineData("环卫中心", "")]
    public void Department_Name_Required(string? name, string expected) =>
        Assert.Equal(expected, Keys(ReferenceValidation.Department(new DepartmentForm { Code = "d1", Name = name })));

    [Theory]
    [InlineData("district", null, null, "")]
    [InlineData("district", 1L, "district", "ParentId:DistrictHasNoParent")]
    [InlineData("street", 1L, "district", "")]
    [InlineData("street", null, null, "ParentId:Required")]
    [InlineData("street", 1L, "street", "ParentId:ParentLevel")]
    [InlineData("community", 1L, "street", "")]
    [InlineData("community", 1L, "district", "ParentId:ParentLevel")]
    [InlineData("grid", 1L, "community", "")]
    [InlineData("grid", 1L, "street", "ParentId:ParentLevel")]
    [InlineData("grid", 1L, null, "ParentId:ParentLevel")]
    [InlineData("city", null, null, "Level:Required")]
    [InlineData(null, null, null, "Level:Required")]
    public void Region_ParentLevel_MustBeTheLevelAbove(string? level, long? parentId, string? parentLevel, string expected)
    {
        var form = new RegionForm { Code = "370115001", Name = "济阳街道", Level = level, ParentId = parentId };
        Assert.Equal(expected, Keys(ReferenceValidation.Region(form, parentLevel)));
    }

    [Fact]
    public void Region_WrongParent_NamesTheExpectedLevel()
    {
        var error = Assert.Single(ReferenceValidation.Region(new RegionForm { Code = "g1", Name = "网格", Level = "grid", ParentId = 5 }, "street"));
        Assert.Equal(["AdminRef.Level.community"], error.Args);
    }

    [Theory]
    [InlineData(24.0, 2.0, "")]
    [InlineData(4.0, 4.0, "")]
    [InlineData(0.5, 0.25, "")]
    [InlineData(2.0, 4.0, "UrgentTimeLimitHours:UrgentAboveNormal")]
    [InlineData(0.0, 1.0, "TimeLimitHours:Positive")]
    [InlineData(-3.0, -4.0, "TimeLimitHours:Positive UrgentTimeLimitHours:Positive")]
    [InlineData(24.0, 0.0, "UrgentTimeLimitHours:Positive")]
    [InlineData(null, 2.0, "TimeLimitHours:Required")]
    [InlineData(24.0, null, "UrgentTimeLimitHours:Required")]
    [InlineData(10000.0, 2.0, "TimeLimitHours:TimeLimitTooLong")]
    public void Category_TimeLimits_PositiveAndUrgentNotAboveNormal(double? hours, double? urgent, string expected)
    {
        var form = new CategoryForm { Code = "street-vending", Name = "占道经营", Kind = CategoryKind.Event, TimeLimitHours = hours, UrgentTimeLimitHours = urgent };
        Assert.Equal(expected, Keys(ReferenceValidation.Category(form)));
    }

    [Fact]
    public void Category_NoKind_Required()
    {
        var form = new CategoryForm { Code = "x", Name = "x", TimeLimitHours = 1, UrgentTimeLimitHours = 1 };
        Assert.Equal("Kind:Required", Keys(ReferenceValidation.Category(form)));
    }

    [Fact]
    public void Category_EmptyForm_ReportsEveryField()
    {
        Assert.Equal("Code:Required Name:Required Kind:Required TimeLimitHours:Required UrgentTimeLimitHours:Required",
            Keys(ReferenceValidation.Category(new CategoryForm())));
    }

    [Theory]
    [InlineData(7L, "street", "")]
    [InlineData(7L, "community", "StreetId:NotAStreet")]
    [InlineData(7L, null, "StreetId:NotAStreet")]
    [InlineData(null, null, "StreetId:Required")]
    public void Road_Street_MustBeAStreet(long? streetId, string? level, string expected) =>
        Assert.Equal(expected, Keys(ReferenceValidation.Road(new RoadForm { Code = "R01", Name = "正安路", StreetId = streetId }, level)));

    [Theory]
    [InlineData(0, "")]
    [InlineData(3, "")]
    [InlineData(21, "")]
    [InlineData(22, "RequiredPatrolsPerWeek:PatrolsRange")]
    [InlineData(-1, "RequiredPatrolsPerWeek:PatrolsRange")]
    [InlineData(null, "RequiredPatrolsPerWeek:Required")]
    public void Leader_RequiredPatrols_Between0And21(int? patrols, string expected)
    {
        var form = new LeaderForm { Code = "L01", Name = "张建国", Title = "局长", IsMain = true, RequiredPatrolsPerWeek = patrols };
        Assert.Equal(expected, Keys(ReferenceValidation.Leader(form)));
    }

    [Fact]
    public void Leader_NoTitle_Required() =>
        Assert.Equal("Title:Required", Keys(ReferenceValidation.Leader(new LeaderForm { Code = "L01", Name = "张建国", RequiredPatrolsPerWeek = 1 })));

    public static TheoryData<string, string, string> Campaigns => new()
    {
        // new campaign (from, to) against the leader's existing 2026-03-01..2026-12-31
        { "2026-03-01", "2026-12-31", "CampaignFrom:CampaignOverlap" },
        { "2026-01-01", "2026-03-01", "CampaignFrom:CampaignOverlap" },
        { "2026-12-31", "2027-06-30", "CampaignFrom:CampaignOverlap" },
        { "2026-05-01", "2026-05-31", "CampaignFrom:CampaignOverlap" },
        { "2026-01-01", "2027-12-31", "CampaignFrom:CampaignOverlap" },
        { "2026-01-01", "2026-02-28", "" },
        { "2027-01-01", "2027-12-31", "" },
        { "2027-01-01", "2027-01-01", "" },
        { "2027-02-01", "2027-01-01", "CampaignTo:CampaignOrder" },
    };

    [Theory]
    [MemberData(nameof(Campaigns))]
    public void RoadAssignment_Campaign_NoOverlapAndFromNotAfterTo(string from, string to, string expected)
    {
        var existing = new[] { new ReferenceValidation.Campaign(1, new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31)) };
        var form = new RoadAssignmentForm { LeaderId = 3, RoadId = 4, CampaignFrom = DateOnly.Parse(from), CampaignTo = DateOnly.Parse(to) };
        Assert.Equal(expected, Keys(ReferenceValidation.RoadAssignment(form, existing)));
    }

    [Fact]
    public void RoadAssignment_EditingItself_IsNotAnOverlap()
    {
        var existing = new[] { new ReferenceValidation.Campaign(1, new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31)) };
        var form = new RoadAssignmentForm { Id = 1, LeaderId = 3, RoadId = 4, CampaignFrom = new DateOnly(2026, 4, 1), CampaignTo = new DateOnly(2026, 11, 30) };
        Assert.Empty(ReferenceValidation.RoadAssignment(form, existing));
    }

    [Fact]
    public void RoadAssignment_EmptyForm_RequiresEveryField() =>
        Assert.Equal("LeaderId:Required RoadId:Required CampaignFrom:Required CampaignTo:Required",
            Keys(ReferenceValidation.RoadAssignment(new RoadAssignmentForm(), [])));

    [Fact]
    public void RegionTree_FlatList_ParentsFollowedByChildrenWithDepth()
    {
        RegionAdminRow R(long id, string code, string level, long? parent) => new() { Id = id, Code = code, Name = code, Level = level, ParentId = parent };
        var flat = new[]
        {
            R(5, "A-2", "street", 1), R(1, "A", "district", null), R(3, "A-1-1", "community", 2), R(2, "A-1", "street", 1),
            R(4, "A-1-1-1", "grid", 3), R(9, "orphan", "community", 99),
        };

        var tree = RegionTree.Order(flat);

        Assert.Equal(["A:0", "A-1:1", "A-1-1:2", "A-1-1-1:3", "A-2:1", "orphan:0"], tree.Select(t => $"{t.Region.Code}:{t.Depth}"));
    }
}
