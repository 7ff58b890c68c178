using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Data;

/// <summary>Runs only where <c>COMMANDCENTER_SQLSERVER</c> holds a connection string; skipped, with the reason shown, elsewhere.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public const string Variable = "COMMANDCENTER_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"No SQL Server here: set {Variable} to a connection string to run the SQL Server integration tests.";
    }
}

public class SqlServerIntegrationTests
{
    [SqlServerFact]
    public async Task SqlServer_FreshDatabase_MigratesTwiceSeedsAndRunsTheWorkflow()
    {
        DapperSetup.Configure();
        var builder = new SqlConnectionStringBuilder(Environment.GetEnvironmentVariable(SqlServerFactAttribute.Variable))
        {
            InitialCatalog = $"commandcenter_test_{Guid.NewGuid():N}",
        };
        var options = new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = builder.ConnectionString };
        try
        {
            var migrator = new DatabaseMigrator(options, NullLogger<DatabaseMigrator>.Instance);
            migrator.Migrate();
            migrator.Migrate();
            var connections = new DbConnectionFactory(options);
            var calendar = BusinessCalendar.For("Asia/Shanghai");
            var reference = new ReferenceCatalog(connections);
            var cases = new CaseService(connections, reference, TimeProvider.System, calendar);
            var seeder = new DemoCitySeeder(connections, reference, new BulkImport(connections, reference, TimeProvider.System, calendar), calendar,
                Options.Create(new DemoOptions { HistoryDays = 3, CasesPerDay = 10, SatisfactionMonths = 2 }), NullLogger<DemoCitySeeder>.Instance);
            await seeder.SeedAsync(DateTime.UtcNow, CancellationToken.None);

            var refData = await reference.GetAsync();
            var grid = refData.Regions.First(r => r.Level == "grid");
            var created = await cases.CreateAsync(new NewCase("sqlserver-1", CaseSource.Hotline, refData.Categories[0].Id, grid.Id, null,
                "井盖缺失", null, null, null, "13800000000", false, DateTime.UtcNow), "test");
            var again = await cases.CreateAsync(created.Case.ExternalId is { } id
                ? new NewCase(id, CaseSource.Hotline, refData.Categories[0].Id, grid.Id, null, "井盖缺失", null, null, null, null, false, DateTime.UtcNow)
                : throw new InvalidOperationException(), "test");
            var registered = await cases.ApplyAsync(created.Case.CaseNo, new CaseStepRequest("sqlserver-ev-1",
                new CaseCommand(CaseStep.Register, DateTime.UtcNow.AddSeconds(1))), "test");

            Assert.True(created.Created);
            Assert.False(again.Created);
            Assert.Equal(StepOutcome.Applied, registered.Outcome);
            Assert.Equal(CaseStatus.Registered, registered.Case!.Status);

            // Every reference table has a trigger (migration 0008), which SQL Server allows only without INSERT … OUTPUT: the
            // admin's insert still returns its id, and the feed reloads the catalog with it.
            using var node = new Security.SecurityNode(connections);
            var saved = await new ReferenceAdminCommands(connections, node.Changes, new Features.Admin.RecordingAuditSink(),
                NullLogger<ReferenceAdminCommands>.Instance).SaveDepartmentAsync(new DepartmentForm { Code = "sqlserver", Name = "测试部门" });
            Assert.True(saved.Succeeded);
            Assert.Equal(saved.Id, (await node.Reference.GetAsync()).Department("sqlserver")!.Id);
        }
        finally
        {
            SqlConnection.ClearAllPools();
            var master = new SqlConnectionStringBuilder(builder.ConnectionString) { InitialCatalog = "master" };
            await using var connection = new SqlConnection(master.ConnectionString);
            await connection.ExecuteAsync($"IF DB_ID('{builder.InitialCatalog}') IS NOT NULL DROP DATABASE [{builder.InitialCatalog}]");
        }
    }
}
