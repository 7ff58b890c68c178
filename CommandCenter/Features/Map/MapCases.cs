using System.Collections.Concurrent;
using CommandCenter.Components.Shared;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;

namespace CommandCenter.Features.Map;

/// <summary>A case on the map: where it is (null without a location) and its stage now.</summary>
public sealed record MapCase(long Id, string CaseNo, GeoPoint? Point, MapStage? Stage, string Status, long CategoryId, long StreetId,
    long RegionId, DateTime ReportedAt, DateTime? DeadlineAt, string? ReporterPhone, bool Located);

/// <summary>
/// The open cases as the map draws them at one moment (<see cref="AsOf"/>): every open case with its stage, the ones without a
/// place counted (<see cref="WithoutPlace"/>), and the open cases per street for the shading. Built once per snapshot by
/// <see cref="MapFeed"/> and shared by every map of the node, so what every map needs from it is computed here, once:
/// the points, the counts, the overdue list, and (<see cref="Derived{T}"/>) what depends on a map's options as well.
/// </summary>
public sealed record MapPicture(long Version, DateTime AsOf, IReadOnlyList<MapCase> Cases)
{
    public static readonly MapPicture Empty = new(0, DateTime.MinValue, []);

    private readonly ConcurrentDictionary<object, Lazy<object?>> _derived = new();

    /// <summary>"N 件无位置": open cases without a point or with one outside the district.</summary>
    public int WithoutPlace { get; } = Cases.Count(c => !c.Located);

    /// <summary>Open cases per street id (located or not).</summary>
    public IReadOnlyDictionary<long, long> OpenByStreet { get; } = Cases.GroupBy(c => c.StreetId).ToDictionary(g => g.Key, g => (long)g.Count());

    /// <summary>The overdue cases (<see cref="MapStage.Overdue"/>), longest overdue first.</summary>
    public IReadOnlyList<MapCase> Overdue { get; } =
        Cases.Where(c => c.Stage == MapStage.Overdue).OrderBy(c => c.DeadlineAt).ThenBy(c => c.Id).ToList();

    /// <summary>Every case the map can draw (located, with a stage), as points: the one list every unfiltered map sends.</summary>
    public MapPoints Points { get; } = MapView.Drawable(Cases);

    /// <summary>The cases by id.</summary>
    public IReadOnlyDictionary<long, MapCase> ById { get; } = Cases.ToDictionary(c => c.Id);

    /// <summary>
    /// 近24小时热点: the cases reported in the 24 hours before <see cref="AsOf"/> per region id (<see cref="HotSpots"/>; all
    /// reported cases, not only the open ones), read with the open cases (<see cref="MapCaseQuery.HotSpotsAsync"/>).
    /// </summary>
    public IReadOnlyDictionary<long, long> HotSpots { get; init; } = new Dictionary<long, long>();

    /// <summary>
    /// A value computed from this picture once for every map that asks with an equal <paramref name="key"/> (the shaded
    /// shapes, the hot-spot layer, the cases near a place): a hundred walls on one node cost one computation per snapshot.
    /// The key names everything besides the picture the value depends on.
    /// </summary>
    public T Derived<T>(object key, Func<T> derive) =>
        (T)_derived.GetOrAdd(key, _ => new Lazy<object?>(() => derive(), LazyThreadSafetyMode.ExecutionAndPublication)).Value!;
}

/// <summary>Reads the cases of the map: every open case, or the cases a case-desk filter selects (at most <see cref="MaxCases"/>).</summary>
public sealed class MapCaseQuery(DbConnectionFactory connections, BusinessCalendar calendar)
{
    /// <summary>The most cases one answer of <c>GET /api/v1/geo/cases</c> carries with a filter; more says so (<c>truncated</c>).</summary>
    public const int MaxCases = 50_000;

    /// <summary>Every open case at <paramref name="now"/>, placed against <paramref name="geometry"/>.</summary>
    public async Task<IReadOnlyList<MapCase>> OpenAsync(DistrictGeometry geometry, DateTime now, CancellationToken ct = default) =>
        Place(await OpenRowsAsync(ct), geometry, now, placedBefore: null);

    /// <summary>The rows of every open case (<see cref="OpenCasesSql"/>).</summary>
    internal async Task<IReadOnlyList<MapCaseRow>> OpenRowsAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenReadAsync(ct);
        return (await connection.QueryAsync<MapCaseRow>(new CommandDefinition(OpenCasesSql, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// How far the change feed has committed (<see cref="FeedPositionSql"/>, the tailer's <see cref="CommandCenter.Features.Live.FeedWatermark"/>):
    /// read in a statement of its own before the rows, so that every event at or below it is in what is read next.
    /// </summary>
    internal async Task<long> FeedPositionAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenReadAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(connections.Sql(FeedPositionSql), cancellationToken: ct)) ?? 0;
    }

    /// <summary>
    /// The rows, whatever their status now, of the cases an event at a change-feed position after <paramref name="after"/>
    /// and up to <paramref name="upTo"/> touched (<see cref="ChangedCasesSql"/>): what moved since a picture read at
    /// <paramref name="after"/>.
    /// </summary>
    internal async Task<IReadOnlyList<MapCaseRow>> ChangedRowsAsync(long after, long upTo, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenReadAsync(ct);
        return (await connection.QueryAsync<MapCaseRow>(new CommandDefinition(connections.Sql(ChangedCasesSql),
            new { After = after, UpTo = upTo }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// 近24小时热点 at <paramref name="now"/>: the cases reported after now − 24 h (and not after now) per region id, every
    /// status (<see cref="HotSpots"/>). One grouped count through <c>ix_cases_reported_at</c> (a range of the last day).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, long>> HotSpotsAsync(DateTime now, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenReadAsync(ct);
        var rows = await connection.QueryAsync<HotSpotRow>(new CommandDefinition(HotSpotsSql,
            new { Since = HotSpots.Since(now), Now = now }, cancellationToken: ct));
        return rows.ToDictionary(r => r.RegionId, r => r.Cases);
    }

    /// <summary>The cases a case-desk filter selects (<see cref="CaseFilters.Parse"/>), newest first, one more than the cap to tell truncation.</summary>
    public async Task<IReadOnlyList<MapCase>> FilteredAsync(CaseFilter filter, DistrictGeometry geometry, DateTime now, CancellationToken ct = default)
    {
        var (where, parameters) = CaseListQuery.Where(filter, geometry.Reference, calendar, now);
        parameters.Add("Limit", MaxCases + 1);
        await using var connection = await connections.OpenReadAsync(ct);
        var rows = await connection.QueryAsync<MapCaseRow>(new CommandDefinition(connections.Sql(FilteredSql(where)), parameters, cancellationToken: ct));
        return Place(rows, geometry, now, placedBefore: null);
    }

    /// <summary>
    /// The map's cases of <paramref name="rows"/> at <paramref name="now"/>: each one's stage, and whether it lies in the
    /// district. <paramref name="placedBefore"/>: cases placed against the same geometry earlier (the previous picture's); a
    /// case whose point has not changed keeps its placement instead of being tested against the shapes again.
    /// </summary>
    internal static List<MapCase> Place(IEnumerable<MapCaseRow> rows, DistrictGeometry geometry, DateTime now, IReadOnlyDictionary<long, MapCase>? placedBefore)
    {
        var reference = geometry.Reference;
        var district = reference.Regions.FirstOrDefault(r => r.Level == "district" && geometry.Regions.ContainsKey(r.Id)) is { } d
            ? geometry.Regions[d.Id].Area : null;
        var streets = reference.Regions.Where(r => r.Level == "street" && geometry.Regions.ContainsKey(r.Id))
            .Select(r => geometry.Regions[r.Id].Area).ToList();
        var cases = new List<MapCase>();
        foreach (var r in rows)
        {
            GeoPoint? point = r.Lat is { } lat && r.Lng is { } lng ? new GeoPoint(lat, lng) : null;
            var stage = DomainCodes.TryParse<CaseStatus>(r.Status, out var status)
                ? MapStages.Of(status, r.IsUrgent, r.DispatchedAt, r.DeadlineAt, r.ResolvedAt, r.ClosedAt,
                    new DeadlineHold(r.HeldAt, r.ResumedAt, r.VoidedAt), now)
                : null;
            var located = placedBefore is not null && placedBefore.TryGetValue(r.Id, out var before) && before.Point == point
                ? before.Located
                : !MapIndicators.HasNoPlace(point, district, streets);
            cases.Add(new MapCase(r.Id, r.CaseNo, point, stage, r.Status, r.CategoryId, r.StreetId, r.RegionId, r.ReportedAt,
                r.DeadlineAt, r.ReporterPhone, located));
        }
        return cases;
    }

    private sealed class HotSpotRow
    {
        public long RegionId { get; init; }
        // COUNT(*) is an int on SQL Server and an integer (long) on SQLite; Dapper widens it.
        public long Cases { get; init; }
    }

    /// <summary>A row of <c>cases</c> as the map reads it.</summary>
    internal sealed class MapCaseRow
    {
        public long Id { get; init; }
        public string CaseNo { get; init; } = "";
        public double? Lat { get; init; }
        public double? Lng { get; init; }
        public string Status { get; init; } = "";
        public bool IsUrgent { get; init; }
        public long CategoryId { get; init; }
        public long StreetId { get; init; }
        public long RegionId { get; init; }
        public DateTime ReportedAt { get; init; }
        public DateTime? DispatchedAt { get; init; }
        public DateTime? DeadlineAt { get; init; }
        public DateTime? ResolvedAt { get; init; }
        public DateTime? ClosedAt { get; init; }
        public DateTime? HeldAt { get; init; }
        public DateTime? ResumedAt { get; init; }
        public DateTime? VoidedAt { get; init; }
        public string? ReporterPhone { get; init; }
    }

    private const string Columns = """
        id AS Id, case_no AS CaseNo, lat AS Lat, lng AS Lng, status AS Status, is_urgent AS IsUrgent, category_id AS CategoryId,
        street_id AS StreetId, region_id AS RegionId, reported_at AS ReportedAt, dispatched_at AS DispatchedAt, deadline_at AS DeadlineAt,
        resolved_at AS ResolvedAt, closed_at AS ClosedAt, held_at AS HeldAt, resumed_at AS ResumedAt, voided_at AS VoidedAt,
        reporter_phone AS ReporterPhone
        """;

    /// <summary>
    /// The open cases (<see cref="MapStages.OpenStatuses"/>: neither closed, rejected nor void, so 缓办 included), through
    /// <c>ix_cases_status_deadline</c>.
    /// </summary>
    internal const string OpenCasesSql = $"SELECT {Columns} FROM cases WHERE status IN ('reported', 'registered', 'dispatched', 'onhold', 'resolved')";

    /// <summary>
    /// The change feed's committed position: on SQLite the last event id (one writer, ids commit in order); on SQL Server
    /// the rowversion just below <c>MIN_ACTIVE_ROWVERSION()</c> (identities commit out of order; every row version below
    /// the lowest one in flight has committed).
    /// </summary>
    internal static readonly DialectSql FeedPositionSql = new(
        "SELECT MAX(id) FROM case_events",
        "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS BIGINT) - 1");

    /// <summary>
    /// The cases touched by the change feed's events after <c>@After</c> up to <c>@UpTo</c> (positions of
    /// <see cref="FeedPositionSql"/>: the event id on SQLite, the rowversion on SQL Server), through the feed's own index
    /// (<c>ix_case_events_row_version</c> on SQL Server) and the cases' key.
    /// </summary>
    internal static readonly DialectSql ChangedCasesSql = new(
        $"SELECT {Columns} FROM cases WHERE id IN (SELECT case_id FROM case_events WHERE id > @After AND id <= @UpTo)",
        $"""
        SELECT {Columns} FROM cases WHERE id IN (SELECT case_id FROM case_events
            WHERE row_version > CAST(@After AS BINARY(8)) AND row_version <= CAST(@UpTo AS BINARY(8)))
        """);

    /// <summary>
    /// <see cref="HotSpots.IsInWindow"/> as SQL, grouped by region: the same text on both engines; the range on
    /// <c>reported_at</c> is a seek of <c>ix_cases_reported_at</c>.
    /// </summary>
    internal const string HotSpotsSql = """
        SELECT region_id AS RegionId, COUNT(*) AS Cases
        FROM cases
        WHERE reported_at > @Since AND reported_at <= @Now
        GROUP BY region_id
        """;

    internal static DialectSql FilteredSql(string where) => new(
        $"SELECT {Columns} FROM cases WHERE {where} ORDER BY reported_at DESC, id DESC LIMIT @Limit",
        $"SELECT TOP (@Limit) {Columns} FROM cases WHERE {where} ORDER BY reported_at DESC, id DESC");
}
