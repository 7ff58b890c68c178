using CommandCenter.Data;
using Dapper;

namespace CommandCenter.Features.Cases;

/// <summary>A case at the same place as another (a possible 重复案件).</summary>
public sealed record SamePlaceCase(string CaseNo, string Status, DateTime ReportedAt, long CategoryId, string Description);

/// <summary>
/// 重复案件 candidates: other cases reported within <see cref="Days"/> days either side of a case, at the same address, or — when
/// the case has no address — in the same grid with the same category. Newest first, at most <see cref="Limit"/>.
/// </summary>
public sealed class SamePlaceQuery(DbConnectionFactory connections)
{
    public const int Days = 30;
    public const int Limit = 20;

    public async Task<IReadOnlyList<SamePlaceCase>> GetAsync(CaseRow c, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(connections.Sql(SamePlaceSql), new
        {
            c.Id,
            From = DapperSetup.Normalize(c.ReportedAt.AddDays(-Days)),
            To = DapperSetup.Normalize(c.ReportedAt.AddDays(Days)),
            c.Address,
            c.RegionId,
            c.CategoryId,
            Limit,
        }, cancellationToken: cancellationToken));
        return rows.Select(r => new SamePlaceCase(r.CaseNo, r.Status, Reports.StoredTime.Utc(r.ReportedAt)!.Value, r.CategoryId, r.Description)).ToList();
    }

    private sealed class Row
    {
        public string CaseNo { get; init; } = "";
        public string Status { get; init; } = "";
        public object? ReportedAt { get; init; }
        public long CategoryId { get; init; }
        public string Description { get; init; } = "";
    }

    private const string Where = """
        FROM cases
        WHERE reported_at >= @From AND reported_at <= @To AND id <> @Id
          AND ((@Address IS NOT NULL AND address = @Address)
               OR (@Address IS NULL AND region_id = @RegionId AND category_id = @CategoryId))
        ORDER BY reported_at DESC, id DESC
        """;

    private const string Columns = "case_no AS CaseNo, status AS Status, reported_at AS ReportedAt, category_id AS CategoryId, description AS Description";

    internal static readonly DialectSql SamePlaceSql = new(
        $"SELECT {Columns} {Where} LIMIT @Limit",
        $"SELECT TOP (@Limit) {Columns} {Where}");
}
