using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Features.Wall;

/// <summary>The newest reported cases, for the wall's ticker. The phone is read here and masked by the page.</summary>
public sealed record LatestCaseRow
{
    public string CaseNo { get; init; } = "";
    public string CategoryName { get; init; } = "";
    public string Description { get; init; } = "";
    public string? ReporterPhone { get; init; }
    public DateTime ReportedAt { get; init; }
}

public sealed class LatestCasesQuery(DbConnectionFactory connections)
{
    public async Task<IReadOnlyList<LatestCaseRow>> GetAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var sql = connections.Provider == DatabaseProvider.SqlServer ? SqlServer : Sqlite;
        return (await connection.QueryAsync<LatestCaseRow>(new CommandDefinition(sql, new { Count = count },
            cancellationToken: cancellationToken))).ToList();
    }

    private const string Sqlite = """
        SELECT c.case_no AS CaseNo, k.name AS CategoryName, c.description AS Description, c.reporter_phone AS ReporterPhone,
               c.reported_at AS ReportedAt
        FROM cases c JOIN categories k ON k.id = c.category_id
        ORDER BY c.reported_at DESC, c.id DESC
        LIMIT @Count
        """;
    private const string SqlServer = """
        SELECT TOP (@Count) c.case_no AS CaseNo, k.name AS CategoryName, c.description AS Description, c.reporter_phone AS ReporterPhone,
               c.reported_at AS ReportedAt
        FROM cases c JOIN categories k ON k.id = c.category_id
        ORDER BY c.reported_at DESC, c.id DESC
        """;
}
