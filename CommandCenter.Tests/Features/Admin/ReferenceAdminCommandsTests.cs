using CommandCenter.Domain;
using CommandCenter.Features.Admin.Reference;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Tests.Features.Admin;

public sealed class ReferenceAdminCommandsTests : IDisposable
{
    private readonly AdminTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private ReferenceAdminCommands Commands => _db.Commands;

    private static long Ok(ReferenceCommandResult result)
    {
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}:{e.Key}")));
        Assert.True(result.Id > 0);
        return result.Id;
    }

    private static void Refused(ReferenceCommandResult result, string field, string key)
    {
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == field && e.Key == key);
    }

    /// <summary>district → street → community → grid.</summary>
    private async Task<(long District, long Street, long Community, long Grid)> RegionTreeAsync()
    {
        var district = Ok(await Commands.SaveRegionAsync(new RegionForm { Code = "370115", Name = "济阳区", Level = "district" }));
        var street = Ok(await Commands.SaveRegionAsync(new RegionForm { Code = "370115001", Name = "济阳街道", Level = "street", ParentId = district }));
        var community = Ok(await Commands.SaveRegionAsync(new RegionForm { Code = "370115001001", Name = "济阳街道东社区", Level = "community", ParentId = street }));
        var grid = Ok(await Commands.SaveRegionAsync(new RegionForm { Code = "37011500100101", Name = "第1网格", Level = "grid", ParentId = community }));
        return (district, street, community, grid);
    }

    private async Task<long> DepartmentAsync(string code = "municipal") =>
        Ok(await Commands.SaveDepartmentAsync(new DepartmentForm { Code = code, Name = "市政工程中心" }));

    private async Task<long> CategoryAsync(long? departmentId = null, string code = "manhole-cover") =>
        Ok(await Commands.SaveCategoryAsync(new CategoryForm
        {
            Code = code, Name = "井盖破损缺失", Kind = CategoryKind.Component, TimeLimitHours = 24, UrgentTimeLimitHours = 2, DepartmentId = departmentId,
        }));

    private async Task<long> RoadAsync(long streetId, string code = "R01") =>
        Ok(await Commands.SaveRoadAsync(new RoadForm { Code = code, Name = "正安路", StreetId = streetId }));

    private async Task<long> LeaderAsync(string code = "L01") =>
        Ok(await Commands.SaveLeaderAsync(new LeaderForm { Code = code, Name = "张建国", Title = "局长", IsMain = true, RequiredPatrolsPerWeek = 3 }));

    private static RoadAssignmentForm Campaign(long leader, long road, string from, string to, long id = 0) =>
        new() { Id = id, LeaderId = leader, RoadId = road, CampaignFrom = DateOnly.Parse(from), CampaignTo = DateOnly.Parse(to) };

    // ---- Departments ----

    [Fact]
    public async Task Department_InsertUpdateDelete_ListFollowsAndEachEditIsAudited()
    {
        var id = Ok(await Commands.SaveDepartmentAsync(new DepartmentForm { Code = " sanitation ", Name = "环卫中心" }));
        Assert.Equal("sanitation", Assert.Single(await _db.Queries.DepartmentsAsync()).Code);

        Ok(await Commands.SaveDepartmentAsync(new DepartmentForm { Id = id, Code = "sanitation", Name = "环卫服务中心" }));
        Assert.Equal("环卫服务中心", Assert.Single(await _db.Queries.DepartmentsAsync()).Name);

        Ok(await Commands.DeleteDepartmentAsync(id));
        Assert.Empty(await _db.Queries.DepartmentsAsync());

        Assert.Equal(["reference.department.create", "reference.department.update", "reference.department.delete"],
            _db.Audit.Records.Select(r => r.Action));
        Assert.All(_db.Audit.Records, r => Assert.Equal("department:sanitation", r.Target));
        Assert.Contains("环卫服务中心", _db.Audit.Records[1].Detail);
    }

    [Fact]
    public async Task Department_DuplicateCodeAnyCase_RefusedOnCodeAndNothingWritten()
    {
        await DepartmentAsync("municipal");
        _db.Audit.Records.Clear();

        var result = await Commands.SaveDepartmentAsync(new DepartmentForm { Code = "MUNICIPAL", Name = "另一个" });

        Refused(result, "Code", "AdminRef.Error.CodeTaken");
        Assert.Equal(1, await _db.CountAsync("departments"));
        Assert.Empty(_db.Audit.Records);
    }

    [Fact]
    public async Task Department_RenamedToAnotherRowsCode_Refused()
    {
        await DepartmentAsync("municipal");
        var other = await DepartmentAsync("landscape");

        var result = await Commands.SaveDepartmentAsync(new DepartmentForm { Id = other, Code = "municipal", Name = "园林" });

        Refused(result, "Code", "AdminRef.Error.CodeTaken");
        Assert.Contains(await _db.Queries.DepartmentsAsync(), d => d.Id == other && d.Code == "landscape");
    }

    [Fact]
    public async Task Department_InvalidForm_RefusedWithFieldErrorsAndNothingWritten()
    {
        var result = await Commands.SaveDepartmentAsync(new DepartmentForm { Code = "bad code", Name = "" });

        Refused(result, "Code", "AdminRef.Error.CodeFormat");
        Refused(result, "Name", "AdminRef.Error.Required");
        Assert.Equal(0, await _db.CountAsync("departments"));
    }

    [Fact]
    public async Task Department_UsedByCategoryAndCase_DeleteRefusedWithCounts()
    {
        var (_, street, _, grid) = await RegionTreeAsync();
        var department = await DepartmentAsync();
        var category = await CategoryAsync(department);
        await _db.InsertCaseAsync(category, grid, street, departmentId: department);

        var result = await Commands.DeleteDepartmentAsync(department);

        Assert.False(result.Succeeded);
        Assert.Contains(new ReferenceUsage("AdminRef.Usage.Categories", 1), result.Usages);
        Assert.Contains(new ReferenceUsage("AdminRef.Usage.Cases", 1), result.Usages);
        Assert.Equal(1, await _db.CountAsync("departments"));
    }

    [Fact]
    public async Task Department_Saved_CatalogSeesItWithoutRestart()
    {
        Assert.Empty((await _db.Catalog.GetAsync()).Departments);

        await DepartmentAsync("muck");

        Assert.NotNull((await _db.Catalog.GetAsync()).Department("muck"));
    }

    [Fact]
    public async Task Department_DeletedMeanwhile_UpdateRefusedAsNotFound()
    {
        var id = await DepartmentAsync();
        Ok(await Commands.DeleteDepartmentAsync(id));

        Refused(await Commands.SaveDepartmentAsync(new DepartmentForm { Id = id, Code = "municipal", Name = "x" }), "", "AdminRef.Error.NotFound");
        Refused(await Commands.DeleteDepartmentAsync(id), "", "AdminRef.Error.NotFound");
    }

    // ---- Regions ----

    [Fact]
    public async Task Region_TreeInsertUpdateDelete_Works()
    {
        var (_, street, _, grid) = await RegionTreeAsync();
        Assert.Equal(4, (await _db.Queries.RegionsAsync()).Count);

        Ok(await Commands.SaveRegionAsync(new RegionForm { Id = street, Code = "370115001", Name = "济阳街道办", Level = "street", ParentId = 1 }));
        var renamed = Assert.Single(await _db.Queries.RegionsAsync(), r => r.Id == street);
        Assert.Equal("济阳街道办", renamed.Name);
        Assert.Equal("济阳区", renamed.ParentName);

        Ok(await Commands.DeleteRegionAsync(grid));
        Assert.Equal(3, await _db.CountAsync("regions"));
    }

    [Fact]
    public async Task Region_GridUnderStreet_RefusedAsWrongParentLevel()
    {
        var (_, street, _, _) = await RegionTreeAsync();

        var result = await Commands.SaveRegionAsync(new RegionForm { Code = "g2", Name = "网格", Level = "grid", ParentId = street });

        Refused(result, "ParentId", "AdminRef.Error.ParentLevel");
        Assert.Equal(4, await _db.CountAsync("regions"));
    }

    [Fact]
    public async Task Region_WithChildrenRoadsAndCases_DeleteRefusedWithCounts()
    {
        var (_, street, _, grid) = await RegionTreeAsync();
        await RoadAsync(street);
        await _db.InsertCaseAsync(await CategoryAsync(), grid, street);

        var result = await Commands.DeleteRegionAsync(street);

        Assert.Equal(
            [new ReferenceUsage("AdminRef.Usage.Cases", 1), new ReferenceUsage("AdminRef.Usage.Regions", 1), new ReferenceUsage("AdminRef.Usage.Roads", 1)],
            result.Usages);
        Assert.Equal(4, await _db.CountAsync("regions"));
    }

    [Fact]
    public async Task Region_LevelChange_RefusedWhileReferencedAllowedWhenFree()
    {
        var (_, street, community, _) = await RegionTreeAsync();
        var spare = Ok(await Commands.SaveRegionAsync(new RegionForm { Code = "c2", Name = "西社区", Level = "community", ParentId = street }));

        Refused(await Commands.SaveRegionAsync(new RegionForm { Id = street, Code = "370115001", Name = "x", Level = "district" }),
            "Level", "AdminRef.Error.LevelInUse");
        Ok(await Commands.SaveRegionAsync(new RegionForm { Id = spare, Code = "c2", Name = "西社区第1网格", Level = "grid", ParentId = community }));
    }

    // ---- Categories ----

    [Fact]
    public async Task Category_InsertUpdateDelete_Works()
    {
        var department = await DepartmentAsync();
        var id = await CategoryAsync(department);
        var row = Assert.Single(await _db.Queries.CategoriesAsync());
        Assert.Equal((CategoryKind.Component, 24.0, 2.0, "市政工程中心"), (row.Kind, row.TimeLimitHours, row.UrgentTimeLimitHours, row.DepartmentName));

        Ok(await Commands.SaveCategoryAsync(new CategoryForm
        {
            Id = id, Code = "manhole-cover", Name = "井盖", Kind = CategoryKind.Event, TimeLimitHours = 12, UrgentTimeLimitHours = 1.5, DepartmentId = null,
        }));
        row = Assert.Single(await _db.Queries.CategoriesAsync());
        Assert.Equal((CategoryKind.Event, 12.0, 1.5, (string?)null), (row.Kind, row.TimeLimitHours, row.UrgentTimeLimitHours, row.DepartmentName));
        Assert.Equal(12.0, (await _db.Catalog.GetAsync()).Category("manhole-cover")!.TimeLimitHours);

        Ok(await Commands.DeleteCategoryAsync(id));
        Assert.Equal(0, await _db.CountAsync("categories"));
    }

    [Fact]
    public async Task Category_SavedWithUnits_ListedAndInTheCatalogWithThem_UrgentMayBeLongerInAnotherUnit()
    {
        Ok(await Commands.SaveCategoryAsync(new CategoryForm
        {
            Code = "road-damage", Name = "道路破损", Kind = CategoryKind.Event, TimeLimitHours = 5, TimeLimitUnit = TimeLimitUnit.WorkingDays,
            UrgentTimeLimitHours = 8, UrgentTimeLimitUnit = TimeLimitUnit.Hours,
        }));

        var row = Assert.Single(await _db.Queries.CategoriesAsync());
        Assert.Equal((5.0, TimeLimitUnit.WorkingDays, 8.0, TimeLimitUnit.Hours),
            (row.TimeLimitHours, row.TimeLimitUnit, row.UrgentTimeLimitHours, row.UrgentTimeLimitUnit));
        var category = (await _db.Catalog.GetAsync()).Category("road-damage")!;
        Assert.Equal(TimeLimit.WorkingDays(5), category.TimeLimitFor(isUrgent: false));
        Assert.Equal(TimeLimit.Hours(8), category.TimeLimitFor(isUrgent: true));
        Assert.Equal(TimeLimitUnit.Hours, CategoryForm.From(row).UrgentTimeLimitUnit);
    }

    [Fact]
    public async Task Category_UrgentAboveNormal_RefusedAndNothingWritten()
    {
        var result = await Commands.SaveCategoryAsync(new CategoryForm
        {
            Code = "outdoor-bbq", Name = "露天烧烤", Kind = CategoryKind.Event, TimeLimitHours = 2, UrgentTimeLimitHours = 4,
        });

        Refused(result, "UrgentTimeLimitHours", "AdminRef.Error.UrgentAboveNormal");
        Assert.Equal(0, await _db.CountAsync("categories"));
    }

    [Fact]
    public async Task Category_UsedByCase_DeleteRefused()
    {
        var (_, street, _, grid) = await RegionTreeAsync();
        var category = await CategoryAsync();
        await _db.InsertCaseAsync(category, grid, street);

        var result = await Commands.DeleteCategoryAsync(category);

        Assert.Equal([new ReferenceUsage("AdminRef.Usage.Cases", 1)], result.Usages);
        Assert.Equal(1, await _db.CountAsync("categories"));
    }

    // ---- Roads ----

    [Fact]
    public async Task Road_InsertUpdateDelete_Works()
    {
        var (_, street, _, _) = await RegionTreeAsync();
        var other = Ok(await Commands.SaveRegionAsync(new RegionForm { Code = "370115002", Name = "济北街道", Level = "street", ParentId = 1 }));
        var id = await RoadAsync(street);

        Ok(await Commands.SaveRoadAsync(new RoadForm { Id = id, Code = "R01", Name = "正安路（东段）", StreetId = other }));
        var row = Assert.Single(await _db.Queries.RoadsAsync());
        Assert.Equal(("正安路（东段）", "济北街道"), (row.Name, row.StreetName));

        Ok(await Commands.DeleteRoadAsync(id));
        Assert.Equal(0, await _db.CountAsync("roads"));
    }

    [Fact]
    public async Task Road_InACommunity_RefusedAsNotAStreet()
    {
        var (_, _, community, _) = await RegionTreeAsync();

        Refused(await Commands.SaveRoadAsync(new RoadForm { Code = "R09", Name = "济北路", StreetId = community }), "StreetId", "AdminRef.Error.NotAStreet");
        Assert.Equal(0, await _db.CountAsync("roads"));
    }

    [Fact]
    public async Task Road_DuplicateCode_Refused()
    {
        var (_, street, _, _) = await RegionTreeAsync();
        await RoadAsync(street, "R01");

        Refused(await Commands.SaveRoadAsync(new RoadForm { Code = "r01", Name = "另一条路", StreetId = street }), "Code", "AdminRef.Error.CodeTaken");
        Assert.Equal(1, await _db.CountAsync("roads"));
    }

    [Fact]
    public async Task Road_Assigned_DeleteRefused()
    {
        var (_, street, _, _) = await RegionTreeAsync();
        var road = await RoadAsync(street);
        Ok(await Commands.SaveRoadAssignmentAsync(Campaign(await LeaderAsync(), road, "2026-03-01", "2026-12-31")));

        var result = await Commands.DeleteRoadAsync(road);

        Assert.Equal([new ReferenceUsage("AdminRef.Usage.Assignments", 1)], result.Usages);
        Assert.Equal(1, await _db.CountAsync("roads"));
    }

    // ---- Leaders ----

    [Fact]
    public async Task Leader_InsertUpdateDelete_Works()
    {
        var id = await LeaderAsync();
        Ok(await Commands.SaveLeaderAsync(new LeaderForm { Id = id, Code = "L01", Name = "张建国", Title = "副局长", IsMain = false, RequiredPatrolsPerWeek = 1 }));
        var row = Assert.Single(await _db.Queries.LeadersAsync());
        Assert.Equal(("副局长", false, 1), (row.Title, row.IsMain, row.RequiredPatrolsPerWeek));

        Ok(await Commands.DeleteLeaderAsync(id));
        Assert.Equal(0, await _db.CountAsync("leaders"));
    }

    [Fact]
    public async Task Leader_TooManyPatrols_RefusedAndNothingWritten()
    {
        var result = await Commands.SaveLeaderAsync(new LeaderForm { Code = "L02", Name = "王立新", Title = "书记", RequiredPatrolsPerWeek = 22 });

        Refused(result, "RequiredPatrolsPerWeek", "AdminRef.Error.PatrolsRange");
        Assert.Equal(0, await _db.CountAsync("leaders"));
    }

    [Fact]
    public async Task Leader_WithAssignmentAndDuty_DeleteRefusedWithCounts()
    {
        var (_, street, _, _) = await RegionTreeAsync();
        var leader = await LeaderAsync();
        Ok(await Commands.SaveRoadAssignmentAsync(Campaign(leader, await RoadAsync(street), "2026-03-01", "2026-12-31")));
        await _db.ExecuteAsync("INSERT INTO duty_roster (duty_date, leader_id, updated_at, updated_by) VALUES ('2026-03-02', @Id, '2026-03-01T00:00:00Z', 'test')",
            new { Id = leader });

        var result = await Commands.DeleteLeaderAsync(leader);

        Assert.Equal([new ReferenceUsage("AdminRef.Usage.Assignments", 1), new ReferenceUsage("AdminRef.Usage.DutyDays", 1)], result.Usages);
        Assert.Equal(1, await _db.CountAsync("leaders"));
    }

    // ---- Road assignments ----

    [Fact]
    public async Task RoadAssignment_InsertUpdateDelete_Works()
    {
        var (_, street, _, _) = await RegionTreeAsync();
        var leader = await LeaderAsync();
        var road = await RoadAsync(street);
        var id = Ok(await Commands.SaveRoadAssignmentAsync(Campaign(leader, road, "2026-03-01", "2026-12-31")));

        // Narrowing its own campaign is not an overlap with itself.
        Ok(await Commands.SaveRoadAssignmentAsync(Campaign(leader, road, "2026-04-01", "2026-11-30", id)));
        var row = Assert.Single(await _db.Queries.RoadAssignmentsAsync());
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2026, 11, 30), "L01", "R01"), (row.CampaignFrom, row.CampaignTo, row.LeaderCode, row.RoadCode));

        Ok(await Commands.DeleteRoadAssignmentAsync(id));
        Assert.Equal(0, await _db.CountAsync("road_assignments"));
        Assert.Equal($"road_assignment:{id}", _db.Audit.Records[^1].Target);
    }

    [Fact]
    public async Task RoadAssignment_OverlappingSameLeader_RefusedAndNothingWritten()
    {
        var (_, street, _, _) = await RegionTreeAsync();
        var leader = await LeaderAsync();
        Ok(await Commands.SaveRoadAssignmentAsync(Campaign(leader, await RoadAsync(street, "R01"), "2026-03-01", "2026-12-31")));

        var result = await Commands.SaveRoadAssignmentAsync(Campaign(leader, await RoadAsync(street, "R02"), "2026-12-31", "2027-03-31"));

        Refused(result, "CampaignFrom", "AdminRef.Error.CampaignOverlap");
        Assert.Equal(1, await _db.CountAsync("road_assignments"));
    }

    [Fact]
    public async Task RoadAssignment_NextCampaignOrOtherLeader_Allowed()
    {
        var (_, street, _, _) = await RegionTreeAsync();
        var first = await LeaderAsync("L01");
        var second = await LeaderAsync("L02");
        var road = await RoadAsync(street);
        Ok(await Commands.SaveRoadAssignmentAsync(Campaign(first, road, "2026-03-01", "2026-12-31")));

        Ok(await Commands.SaveRoadAssignmentAsync(Campaign(first, road, "2027-01-01", "2027-12-31")));
        Ok(await Commands.SaveRoadAssignmentAsync(Campaign(second, road, "2026-03-01", "2026-12-31")));
        Assert.Equal(3, await _db.CountAsync("road_assignments"));
    }

    [Fact]
    public async Task RoadAssignment_EndBeforeStart_Refused()
    {
        var (_, street, _, _) = await RegionTreeAsync();

        var result = await Commands.SaveRoadAssignmentAsync(Campaign(await LeaderAsync(), await RoadAsync(street), "2026-12-31", "2026-03-01"));

        Refused(result, "CampaignTo", "AdminRef.Error.CampaignOrder");
        Assert.Equal(0, await _db.CountAsync("road_assignments"));
    }

    [Fact]
    public async Task RoadAssignment_LeaderDeletedMeanwhile_RefusedNot500()
    {
        var (_, street, _, _) = await RegionTreeAsync();
        var road = await RoadAsync(street);

        var result = await Commands.SaveRoadAssignmentAsync(Campaign(12345, road, "2026-03-01", "2026-12-31"));

        Refused(result, "", "AdminRef.Error.ReferenceGone");
        Assert.Equal(0, await _db.CountAsync("road_assignments"));
    }

    // ---- Constraint errors ----

    [Fact]
    public async Task IsUniqueViolation_SqliteUniqueError_Recognized()
    {
        await DepartmentAsync("municipal");
        await using var connection = await _db.Connections.OpenAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() =>
            connection.ExecuteAsync("INSERT INTO departments (code, name) VALUES ('municipal', 'x')"));

        Assert.True(CommandCenter.Data.DbErrors.IsUniqueViolation(error));
        Assert.False(CommandCenter.Data.DbErrors.IsForeignKeyViolation(error));
    }
}
