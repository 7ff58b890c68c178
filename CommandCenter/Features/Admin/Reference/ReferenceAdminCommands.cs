using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Features.Admin.Reference;

/// <summary>
/// Inserts, updates and deletes the reference rows. Each call validates (<see cref="ReferenceValidation"/>), checks what only the
/// database knows (unique code, parent level, usage, overlapping campaigns) inside the write's transaction, and after a commit
/// applies the change feed here (a trigger recorded the edit: this node reloads <see cref="ReferenceCatalog"/> at once, every
/// other node at its next poll) and records the edit. A refusal writes nothing and never throws.
/// </summary>
public sealed class ReferenceAdminCommands(
    DbConnectionFactory connections, SecurityChangeFeed changes, IReferenceAuditSink audit, ILogger<ReferenceAdminCommands> logger)
{
    private static readonly JsonSerializerOptions DetailJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };


    // ---- Regions (区域) ----

    public Task<ReferenceCommandResult> SaveRegionAsync(RegionForm form, CancellationToken ct = default)
    {
        form.Code = form.Code?.Trim();
        form.Name = form.Name?.Trim();
        var values = new { form.Id, form.Code, form.Name, form.Level, form.ParentId };
        return WriteAsync("region", form.Id == 0 ? "create" : "update", form.Code, values, async (c, tx) =>
        {
            var parentLevel = form.ParentId is { } parentId
                ? await c.ExecuteScalarAsync<string?>(new CommandDefinition(RegionLevelSql, new { Id = parentId }, tx, cancellationToken: ct))
                : null;
            var errors = ReferenceValidation.Region(form, parentLevel);
            if (errors.Count > 0) return ReferenceCommandResult.Refused(errors);
            if (await CodeTakenAsync(c, tx, RegionCodeTakenSql, form.Code!, form.Id, ct)) return CodeTaken();
            if (form.Id == 0)
                return ReferenceCommandResult.Ok(await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    connections.Sql(InsertRegionSql), values, tx, cancellationToken: ct)));

            var storedLevel = await c.ExecuteScalarAsync<string?>(new CommandDefinition(RegionLevelSql, new { form.Id }, tx, cancellationToken: ct));
            if (storedLevel is null) return NotFound();
            // Children, roads and cases were checked against the old level: moving the region up or down would break them.
            if (storedLevel != form.Level && await UsagesAsync(c, tx, RegionUsageSql, form.Id, ct) is { Count: > 0 })
                return ReferenceCommandResult.Refused(new ReferenceError(nameof(form.Level), "AdminRef.Error.LevelInUse"));
            return await UpdatedAsync(c, tx, UpdateRegionSql, values, form.Id, ct);
        }, ct);
    }

    public Task<ReferenceCommandResult> DeleteRegionAsync(long id, CancellationToken ct = default) =>
        DeleteAsync("region", id, RegionCodeSql, RegionUsageSql, DeleteRegionSql, ct);

    // ---- Departments (部门) ----

    public Task<ReferenceCommandResult> SaveDepartmentAsync(DepartmentForm form, CancellationToken ct = default)
    {
        form.Code = form.Code?.Trim();
        form.Name = form.Name?.Trim();
        var values = new { form.Id, form.Code, form.Name };
        return WriteAsync("department", form.Id == 0 ? "create" : "update", form.Code, values, async (c, tx) =>
        {
            var errors = ReferenceValidation.Department(form);
            if (errors.Count > 0) return ReferenceCommandResult.Refused(errors);
            if (await CodeTakenAsync(c, tx, DepartmentCodeTakenSql, form.Code!, form.Id, ct)) return CodeTaken();
            if (form.Id == 0)
                return ReferenceCommandResult.Ok(await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    connections.Sql(InsertDepartmentSql), values, tx, cancellationToken: ct)));
            return await UpdatedAsync(c, tx, UpdateDepartmentSql, values, form.Id, ct);
        }, ct);
    }

    public Task<ReferenceCommandResult> DeleteDepartmentAsync(long id, CancellationToken ct = default) =>
        DeleteAsync("department", id, DepartmentCodeSql, DepartmentUsageSql, DeleteDepartmentSql, ct);

    // ---- Categories (类别) ----

    public Task<ReferenceCommandResult> SaveCategoryAsync(CategoryForm form, CancellationToken ct = default)
    {
        form.Code = form.Code?.Trim();
        form.Name = form.Name?.Trim();
        var values = new
        {
            form.Id, form.Code, form.Name, Kind = form.Kind.Code(), form.TimeLimitHours, TimeLimitUnit = form.TimeLimitUnit.Code(),
            form.UrgentTimeLimitHours, UrgentTimeLimitUnit = form.UrgentTimeLimitUnit.Code(), form.DepartmentId,
        };
        return WriteAsync("category", form.Id == 0 ? "create" : "update", form.Code, values, async (c, tx) =>
        {
            var errors = ReferenceValidation.Category(form);
            if (errors.Count > 0) return ReferenceCommandResult.Refused(errors);
            if (await CodeTakenAsync(c, tx, CategoryCodeTakenSql, form.Code!, form.Id, ct)) return CodeTaken();
            if (form.Id == 0)
                return ReferenceCommandResult.Ok(await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    connections.Sql(InsertCategorySql), values, tx, cancellationToken: ct)));
            return await UpdatedAsync(c, tx, UpdateCategorySql, values, form.Id, ct);
        }, ct);
    }

    public Task<ReferenceCommandResult> DeleteCategoryAsync(long id, CancellationToken ct = default) =>
        DeleteAsync("category", id, CategoryCodeSql, CategoryUsageSql, DeleteCategorySql, ct);

    // ---- Roads (道路) ----

    public Task<ReferenceCommandResult> SaveRoadAsync(RoadForm form, CancellationToken ct = default)
    {
        form.Code = form.Code?.Trim();
        form.Name = form.Name?.Trim();
        var values = new { form.Id, form.Code, form.Name, form.StreetId };
        return WriteAsync("road", form.Id == 0 ? "create" : "update", form.Code, values, async (c, tx) =>
        {
            var streetLevel = form.StreetId is { } streetId
                ? await c.ExecuteScalarAsync<string?>(new CommandDefinition(RegionLevelSql, new { Id = streetId }, tx, cancellationToken: ct))
                : null;
            var errors = ReferenceValidation.Road(form, streetLevel);
            if (errors.Count > 0) return ReferenceCommandResult.Refused(errors);
            if (await CodeTakenAsync(c, tx, RoadCodeTakenSql, form.Code!, form.Id, ct)) return CodeTaken();
            if (form.Id == 0)
                return ReferenceCommandResult.Ok(await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    connections.Sql(InsertRoadSql), values, tx, cancellationToken: ct)));
            return await UpdatedAsync(c, tx, UpdateRoadSql, values, form.Id, ct);
        }, ct);
    }

    public Task<ReferenceCommandResult> DeleteRoadAsync(long id, CancellationToken ct = default) =>
        DeleteAsync("road", id, RoadCodeSql, RoadUsageSql, DeleteRoadSql, ct);

    // ---- Leaders (领导) ----

    public Task<ReferenceCommandResult> SaveLeaderAsync(LeaderForm form, CancellationToken ct = default)
    {
        form.Code = form.Code?.Trim();
        form.Name = form.Name?.Trim();
        form.Title = form.Title?.Trim();
        var values = new { form.Id, form.Code, form.Name, form.Title, form.IsMain, form.RequiredPatrolsPerWeek };
        return WriteAsync("leader", form.Id == 0 ? "create" : "update", form.Code, values, async (c, tx) =>
        {
            var errors = ReferenceValidation.Leader(form);
            if (errors.Count > 0) return ReferenceCommandResult.Refused(errors);
            if (await CodeTakenAsync(c, tx, LeaderCodeTakenSql, form.Code!, form.Id, ct)) return CodeTaken();
            if (form.Id == 0)
                return ReferenceCommandResult.Ok(await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    connections.Sql(InsertLeaderSql), values, tx, cancellationToken: ct)));
            return await UpdatedAsync(c, tx, UpdateLeaderSql, values, form.Id, ct);
        }, ct);
    }

    public Task<ReferenceCommandResult> DeleteLeaderAsync(long id, CancellationToken ct = default) =>
        DeleteAsync("leader", id, LeaderCodeSql, LeaderUsageSql, DeleteLeaderSql, ct);

    // ---- Road assignments (包路分配) ----

    public Task<ReferenceCommandResult> SaveRoadAssignmentAsync(RoadAssignmentForm form, CancellationToken ct = default)
    {
        var values = new { form.Id, form.LeaderId, form.RoadId, form.CampaignFrom, form.CampaignTo };
        return WriteAsync("road_assignment", form.Id == 0 ? "create" : "update", null, values, async (c, tx) =>
        {
            var campaigns = form.LeaderId is { } leaderId
                ? (await c.QueryAsync<CampaignRow>(new CommandDefinition(connections.Sql(LeaderCampaignsSql), new { LeaderId = leaderId }, tx, cancellationToken: ct)))
                    .Select(r => new ReferenceValidation.Campaign(r.Id, r.CampaignFrom, r.CampaignTo))
                : [];
            var errors = ReferenceValidation.RoadAssignment(form, campaigns);
            if (errors.Count > 0) return ReferenceCommandResult.Refused(errors);
            if (form.Id == 0)
                return ReferenceCommandResult.Ok(await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    connections.Sql(InsertRoadAssignmentSql), values, tx, cancellationToken: ct)));
            return await UpdatedAsync(c, tx, UpdateRoadAssignmentSql, values, form.Id, ct);
        }, ct);
    }

    /// <summary>Nothing references an assignment: it can always be deleted (patrols record the road, not the assignment).</summary>
    public Task<ReferenceCommandResult> DeleteRoadAssignmentAsync(long id, CancellationToken ct = default) =>
        DeleteAsync("road_assignment", id, RoadAssignmentCodeSql, null, DeleteRoadAssignmentSql, ct);

    private sealed class CampaignRow
    {
        public long Id { get; init; }
        public DateOnly CampaignFrom { get; init; }
        public DateOnly CampaignTo { get; init; }
    }

    // ---- Shared plumbing ----

    private async Task<ReferenceCommandResult> WriteAsync(string entity, string action, string? code, object values,
        Func<DbConnection, DbTransaction, Task<ReferenceCommandResult>> work, CancellationToken ct)
    {
        ReferenceCommandResult result;
        await using (var write = await connections.WriteGate.BeginAsync(ct))
        {
            var (connection, tx) = write;
            try
            {
                result = await work(connection, tx);
                if (!result.Succeeded) return result;
                await write.CommitAsync(ct);
            }
            // The code check above runs in the same transaction, but two admins can still race to the same code.
            catch (DbException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                return CodeTaken();
            }
            catch (DbException ex) when (DbErrors.IsForeignKeyViolation(ex))
            {
                logger.LogInformation(ex, "Saving {Entity} {Code} refused: a referenced row no longer exists", entity, code);
                return ReferenceCommandResult.Refused(new ReferenceError(ReferenceError.Row, "AdminRef.Error.ReferenceGone"));
            }
        }
        await changes.ApplyOwnChangeAsync();
        await AuditAsync($"reference.{entity}.{action}", $"{entity}:{code ?? result.Id.ToString()}", values, ct);
        return result;
    }

    private async Task<ReferenceCommandResult> DeleteAsync(string entity, long id, string codeSql, string? usageSql, string deleteSql,
        CancellationToken ct)
    {
        string? code;
        await using (var write = await connections.WriteGate.BeginAsync(ct))
        {
            var (connection, tx) = write;
            try
            {
                code = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(codeSql, new { Id = id }, tx, cancellationToken: ct));
                if (code is null) return NotFound();
                if (usageSql is not null && await UsagesAsync(connection, tx, usageSql, id, ct) is { Count: > 0 } usages)
                    return ReferenceCommandResult.InUse(usages);
                await connection.ExecuteAsync(new CommandDefinition(deleteSql, new { Id = id }, tx, cancellationToken: ct));
                await write.CommitAsync(ct);
            }
            // A reference added between the usage count and the delete.
            catch (DbException ex) when (DbErrors.IsForeignKeyViolation(ex))
            {
                logger.LogInformation(ex, "Deleting {Entity} {Id} refused: still referenced", entity, id);
                return ReferenceCommandResult.Refused(new ReferenceError(ReferenceError.Row, "AdminRef.Error.InUseUnknown"));
            }
        }
        await changes.ApplyOwnChangeAsync();
        await AuditAsync($"reference.{entity}.delete", $"{entity}:{code}", new { Id = id, Code = code }, ct);
        return ReferenceCommandResult.Ok(id);
    }

    // The edit is committed by now: a failing audit store must not make the admin believe it was not saved.
    private async Task AuditAsync(string action, string target, object values, CancellationToken ct)
    {
        var detail = JsonSerializer.Serialize(values, DetailJson);
        try
        {
            await audit.RecordAsync(action, target, detail, ct);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Audit record lost: {Action} {Target} {Detail}", action, target, detail);
        }
    }

    private static async Task<bool> CodeTakenAsync(DbConnection c, DbTransaction tx, string sql, string code, long id, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { Code = code, Id = id }, tx, cancellationToken: ct)) > 0;

    private static async Task<ReferenceCommandResult> UpdatedAsync(DbConnection c, DbTransaction tx, string sql, object values, long id,
        CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(sql, values, tx, cancellationToken: ct)) == 0 ? NotFound() : ReferenceCommandResult.Ok(id);

    private static async Task<IReadOnlyList<ReferenceUsage>> UsagesAsync(DbConnection c, DbTransaction tx, string sql, long id,
        CancellationToken ct)
    {
        var counts = await c.QuerySingleAsync<UsageCounts>(new CommandDefinition(sql, new { Id = id }, tx, cancellationToken: ct));
        return new ReferenceUsage[]
            {
                new("AdminRef.Usage.Cases", counts.Cases ?? 0),
                new("AdminRef.Usage.Regions", counts.Regions ?? 0),
                new("AdminRef.Usage.Roads", counts.Roads ?? 0),
                new("AdminRef.Usage.Categories", counts.Categories ?? 0),
                new("AdminRef.Usage.Assignments", counts.Assignments ?? 0),
                new("AdminRef.Usage.Patrols", counts.Patrols ?? 0),
                new("AdminRef.Usage.Plans", counts.Plans ?? 0),
                new("AdminRef.Usage.DutyDays", counts.DutyDays ?? 0),
            }
            .Where(u => u.Count > 0)
            .ToList();
    }

    private sealed class UsageCounts
    {
        public long? Cases { get; init; }
        public long? Regions { get; init; }
        public long? Roads { get; init; }
        public long? Categories { get; init; }
        public long? Assignments { get; init; }
        public long? Patrols { get; init; }
        public long? Plans { get; init; }
        public long? DutyDays { get; init; }
    }

    private static ReferenceCommandResult CodeTaken() => ReferenceCommandResult.Refused(new ReferenceError("Code", "AdminRef.Error.CodeTaken"));

    private static ReferenceCommandResult NotFound() => ReferenceCommandResult.Refused(new ReferenceError(ReferenceError.Row, "AdminRef.Error.NotFound"));

    // ---- SQL ----
    // Codes are compared case-insensitively: ReferenceData looks them up with OrdinalIgnoreCase, and SQL Server's default
    // collation would refuse "R01" next to "r01" while SQLite's BINARY UNIQUE would not.
    // SQL Server refuses INSERT … OUTPUT (without INTO) on a table with triggers, and every reference table has one
    // (migration 0008): the new id is SCOPE_IDENTITY(), which the trigger's own insert does not change.

    internal const string RegionLevelSql = "SELECT level FROM regions WHERE id = @Id;";
    internal const string RegionCodeSql = "SELECT code FROM regions WHERE id = @Id;";
    internal const string RegionCodeTakenSql = "SELECT COUNT(*) FROM regions WHERE LOWER(code) = LOWER(@Code) AND id <> @Id;";
    internal static readonly DialectSql InsertRegionSql = new(
        """
        INSERT INTO regions (code, name, level, parent_id) VALUES (@Code, @Name, @Level, @ParentId) RETURNING id;
        """,
        """
        INSERT INTO regions (code, name, level, parent_id) VALUES (@Code, @Name, @Level, @ParentId);
        SELECT CAST(SCOPE_IDENTITY() AS BIGINT);
        """);
    internal const string UpdateRegionSql = """
        UPDATE regions SET code = @Code, name = @Name, level = @Level, parent_id = @ParentId WHERE id = @Id;
        """;
    internal const string DeleteRegionSql = "DELETE FROM regions WHERE id = @Id;";
    internal const string RegionUsageSql = """
        SELECT (SELECT COUNT(*) FROM regions WHERE parent_id = @Id) AS Regions,
               (SELECT COUNT(*) FROM roads WHERE street_id = @Id) AS Roads,
               (SELECT COUNT(*) FROM cases WHERE region_id = @Id OR street_id = @Id) AS Cases;
        """;

    internal const string DepartmentCodeSql = "SELECT code FROM departments WHERE id = @Id;";
    internal const string DepartmentCodeTakenSql = "SELECT COUNT(*) FROM departments WHERE LOWER(code) = LOWER(@Code) AND id <> @Id;";
    internal static readonly DialectSql InsertDepartmentSql = new(
        "INSERT INTO departments (code, name) VALUES (@Code, @Name) RETURNING id;",
        "INSERT INTO departments (code, name) VALUES (@Code, @Name); SELECT CAST(SCOPE_IDENTITY() AS BIGINT);");
    internal const string UpdateDepartmentSql = "UPDATE departments SET code = @Code, name = @Name WHERE id = @Id;";
    internal const string DeleteDepartmentSql = "DELETE FROM departments WHERE id = @Id;";
    internal const string DepartmentUsageSql = """
        SELECT (SELECT COUNT(*) FROM categories WHERE department_id = @Id) AS Categories,
               (SELECT COUNT(*) FROM cases WHERE department_id = @Id) AS Cases;
        """;

    internal const string CategoryCodeSql = "SELECT code FROM categories WHERE id = @Id;";
    internal const string CategoryCodeTakenSql = "SELECT COUNT(*) FROM categories WHERE LOWER(code) = LOWER(@Code) AND id <> @Id;";
    internal static readonly DialectSql InsertCategorySql = new(
        """
        INSERT INTO categories (code, name, kind, time_limit_hours, time_limit_unit, urgent_time_limit_hours, urgent_time_limit_unit, department_id)
        VALUES (@Code, @Name, @Kind, @TimeLimitHours, @TimeLimitUnit, @UrgentTimeLimitHours, @UrgentTimeLimitUnit, @DepartmentId) RETURNING id;
        """,
        """
        INSERT INTO categories (code, name, kind, time_limit_hours, time_limit_unit, urgent_time_limit_hours, urgent_time_limit_unit, department_id)
        VALUES (@Code, @Name, @Kind, @TimeLimitHours, @TimeLimitUnit, @UrgentTimeLimitHours, @UrgentTimeLimitUnit, @DepartmentId);
        SELECT CAST(SCOPE_IDENTITY() AS BIGINT);
        """);
    internal const string UpdateCategorySql = """
        UPDATE categories
        SET code = @Code, name = @Name, kind = @Kind, time_limit_hours = @TimeLimitHours, time_limit_unit = @TimeLimitUnit,
            urgent_time_limit_hours = @UrgentTimeLimitHours, urgent_time_limit_unit = @UrgentTimeLimitUnit, department_id = @DepartmentId
        WHERE id = @Id;
        """;
    internal const string DeleteCategorySql = "DELETE FROM categories WHERE id = @Id;";
    internal const string CategoryUsageSql = "SELECT (SELECT COUNT(*) FROM cases WHERE category_id = @Id) AS Cases;";

    internal const string RoadCodeSql = "SELECT code FROM roads WHERE id = @Id;";
    internal const string RoadCodeTakenSql = "SELECT COUNT(*) FROM roads WHERE LOWER(code) = LOWER(@Code) AND id <> @Id;";
    internal static readonly DialectSql InsertRoadSql = new(
        "INSERT INTO roads (code, name, street_id) VALUES (@Code, @Name, @StreetId) RETURNING id;",
        "INSERT INTO roads (code, name, street_id) VALUES (@Code, @Name, @StreetId); SELECT CAST(SCOPE_IDENTITY() AS BIGINT);");
    internal const string UpdateRoadSql = "UPDATE roads SET code = @Code, name = @Name, street_id = @StreetId WHERE id = @Id;";
    internal const string DeleteRoadSql = "DELETE FROM roads WHERE id = @Id;";
    internal const string RoadUsageSql = """
        SELECT (SELECT COUNT(*) FROM road_assignments WHERE road_id = @Id) AS Assignments,
               (SELECT COUNT(*) FROM patrols WHERE road_id = @Id) AS Patrols,
               (SELECT COUNT(*) FROM cases WHERE road_id = @Id) AS Cases;
        """;

    internal const string LeaderCodeSql = "SELECT code FROM leaders WHERE id = @Id;";
    internal const string LeaderCodeTakenSql = "SELECT COUNT(*) FROM leaders WHERE LOWER(code) = LOWER(@Code) AND id <> @Id;";
    internal static readonly DialectSql InsertLeaderSql = new(
        """
        INSERT INTO leaders (code, name, title, is_main, required_patrols_per_week)
        VALUES (@Code, @Name, @Title, @IsMain, @RequiredPatrolsPerWeek) RETURNING id;
        """,
        """
        INSERT INTO leaders (code, name, title, is_main, required_patrols_per_week)
        VALUES (@Code, @Name, @Title, @IsMain, @RequiredPatrolsPerWeek);
        SELECT CAST(SCOPE_IDENTITY() AS BIGINT);
        """);
    internal const string UpdateLeaderSql = """
        UPDATE leaders
        SET code = @Code, name = @Name, title = @Title, is_main = @IsMain, required_patrols_per_week = @RequiredPatrolsPerWeek
        WHERE id = @Id;
        """;
    internal const string DeleteLeaderSql = "DELETE FROM leaders WHERE id = @Id;";
    internal const string LeaderUsageSql = """
        SELECT (SELECT COUNT(*) FROM road_assignments WHERE leader_id = @Id) AS Assignments,
               (SELECT COUNT(*) FROM patrols WHERE leader_id = @Id) AS Patrols,
               (SELECT COUNT(*) FROM patrol_plans WHERE leader_id = @Id) AS Plans,
               (SELECT COUNT(*) FROM duty_roster WHERE leader_id = @Id) AS DutyDays;
        """;

    /// <summary>An assignment has no code: its id stands in for it in the audit record.</summary>
    internal const string RoadAssignmentCodeSql = "SELECT CAST(id AS VARCHAR(20)) FROM road_assignments WHERE id = @Id;";
    // The leader's campaigns for the overlap rule, read in the write transaction. SQL Server: update locks held to its end
    // (UPDLOCK, HOLDLOCK, a key range on leader_id), so two saves for one leader run one after the other, as BEGIN IMMEDIATE
    // makes them on SQLite, and cannot both pass the check with overlapping campaigns.
    internal static readonly DialectSql LeaderCampaignsSql = new(
        """
        SELECT id AS Id, campaign_from AS CampaignFrom, campaign_to AS CampaignTo
        FROM road_assignments
        WHERE leader_id = @LeaderId;
        """,
        """
        SELECT id AS Id, campaign_from AS CampaignFrom, campaign_to AS CampaignTo
        FROM road_assignments WITH (UPDLOCK, HOLDLOCK)
        WHERE leader_id = @LeaderId;
        """);

    internal static readonly DialectSql InsertRoadAssignmentSql = new(
        """
        INSERT INTO road_assignments (leader_id, road_id, campaign_from, campaign_to)
        VALUES (@LeaderId, @RoadId, @CampaignFrom, @CampaignTo) RETURNING id;
        """,
        """
        INSERT INTO road_assignments (leader_id, road_id, campaign_from, campaign_to)
        VALUES (@LeaderId, @RoadId, @CampaignFrom, @CampaignTo);
        SELECT CAST(SCOPE_IDENTITY() AS BIGINT);
        """);
    internal const string UpdateRoadAssignmentSql = """
        UPDATE road_assignments
        SET leader_id = @LeaderId, road_id = @RoadId, campaign_from = @CampaignFrom, campaign_to = @CampaignTo
        WHERE id = @Id;
        """;
    internal const string DeleteRoadAssignmentSql = "DELETE FROM road_assignments WHERE id = @Id;";
}
