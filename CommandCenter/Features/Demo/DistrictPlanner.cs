using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;

namespace CommandCenter.Features.Demo;

/// <summary>A leader's road (领导包路) on the local days of its campaign, as <c>road_assignments</c> holds it.</summary>
public sealed record LeaderRoad(LeaderRow Leader, RoadRow Road, DateOnly From, DateOnly To)
{
    public bool Covers(DateOnly day) => day >= From && day <= To;
}

/// <summary>A grid (网格) of the district with its shape: where its cases lie.</summary>
public sealed record DistrictGrid(long Id, long StreetId, string Name, GeoArea Area)
{
    private readonly (double South, double West, double North, double East) _bounds = Area.Bounds;

    /// <summary>
    /// A point inside the grid, rounded to 6 places (about 0.1 m): uniform in the bounding box, drawn again until it lies
    /// inside (the rounded point is the one checked); after 32 misses, the grid's label point.
    /// </summary>
    public (double Lat, double Lng) PointInside(Random random)
    {
        var (s, w, n, e) = _bounds;
        for (var attempt = 0; attempt < 32; attempt++)
        {
            var point = new GeoPoint(Math.Round(s + (n - s) * random.NextDouble(), 6), Math.Round(w + (e - w) * random.NextDouble(), 6));
            if (Area.Contains(point)) return (point.Lat, point.Lng);
        }
        var label = Area.LabelPoint;
        return (label.Lat, label.Lng);
    }
}

/// <summary>
/// A leader's patrol as the district plans it: on the leader's road, during working hours, and the problems found on it
/// (leader-patrol cases on that road, reported while the patrol is under way).
/// </summary>
public sealed record PlannedPatrol(string ExternalId, LeaderRoad LeaderRoad, DateTime StartedAt, DateTime EndedAt, PatrolMode Mode,
    IReadOnlyList<NewCase> Problems);

/// <summary>
/// The demo district as the planner sees it: the grids with a shape (the stored one, <paramref name="gridAreas"/>, else the
/// catalog's, <see cref="DemoCityCatalog.RegionArea"/>), the catalog's categories with their weights, the roads of each street
/// and the leaders' roads.
/// </summary>
public sealed class DemoDistrict
{
    public DemoDistrict(ReferenceData reference, IEnumerable<LeaderRoad> leaderRoads, IReadOnlyDictionary<long, GeoArea>? gridAreas = null)
    {
        Reference = reference;
        GeoArea? AreaOf(RegionRow r) => gridAreas?.GetValueOrDefault(r.Id) ?? DemoCityCatalog.RegionArea(r.Code);
        Grids = reference.Regions
            .Where(r => r.Level == "grid" && reference.StreetOf(r) is not null && AreaOf(r) is not null)
            .Select(r => new DistrictGrid(r.Id, reference.StreetOf(r)!.Id, r.Name, AreaOf(r)!))
            .ToList();
        var categories = DemoCityCatalog.Categories
            .Select(c => (Entry: c, Row: reference.Category(c.Code)))
            .Where(c => c.Row?.DepartmentId is not null)
            .ToList();
        Categories = categories.Select(c => (c.Entry, c.Row!)).ToList();
        CategoryWeights = categories.Select(c => c.Entry.Weight).ToArray();
        RoadsByStreet = reference.Roads.GroupBy(r => r.StreetId).ToDictionary(g => g.Key, g => g.ToList());
        GridsByStreet = Grids.GroupBy(g => g.StreetId).ToDictionary(g => g.Key, g => g.ToList());
        LeaderRoads = leaderRoads.ToList();
    }

    public ReferenceData Reference { get; }
    public IReadOnlyList<DistrictGrid> Grids { get; }
    internal IReadOnlyList<(DemoCityCatalog.Category Entry, CategoryRow Row)> Categories { get; }
    public IReadOnlyList<double> CategoryWeights { get; }
    public IReadOnlyDictionary<long, List<RoadRow>> RoadsByStreet { get; }
    public IReadOnlyDictionary<long, List<DistrictGrid>> GridsByStreet { get; }
    public IReadOnlyList<LeaderRoad> LeaderRoads { get; }
}

/// <summary>
/// What happens next in the demo district (模拟): the cases reported in any stretch of time, the leaders' patrols, and the
/// next workflow step of any case with its time. Plain and deterministic: the same seed, district and times always give
/// the same plan, because every draw comes from a random generator keyed by what it decides (the hour, the leader's week,
/// the case and its stage) rather than from one shared stream. So the seeder writes the history with it up to "now", and
/// the live simulator, asking it again later, continues exactly where the history stopped.
/// </summary>
/// <param name="casesPerDay">The average day's reports (<c>Demo:CasesPerDay</c>), shaped by <see cref="DistrictRhythm"/>.</param>
/// <param name="speed">
/// <c>Simulator:Speed</c>: reports and problems found come this many times as often and every step this many times sooner,
/// except the deadlines, which are the categories' own (set by <see cref="CaseService"/>); so a late case still goes overdue at
/// its deadline.
/// </param>
public sealed class DistrictPlanner(DemoDistrict district, BusinessCalendar calendar, int seed, double casesPerDay, double speed = 1)
{
    /// <summary>不予立案: the share of reports the centre rejects.</summary>
    public const double RejectShare = 0.04;
    /// <summary>紧急: the share of urgent reports (shorter time limit).</summary>
    public const double UrgentShare = 0.04;
    /// <summary>The share of reports on a road of their street.</summary>
    public const double OnRoadShare = 0.3;
    /// <summary>The share of dispatches resolved after the deadline (超期).</summary>
    public const double LateShare = 0.12;
    /// <summary>升级: the share of cases escalated to the community; of those, the share escalated on to the street.</summary>
    public const double EscalateShare = 0.06, ToStreetShare = 0.25;
    /// <summary>返工: the share of first verifications that fail.</summary>
    public const double ReworkShare = 0.06;
    /// <summary>Problems a leader finds on an average patrol.</summary>
    public const double ProblemsPerPatrol = 2.0;

    private const long HourKey = 1, PatrolWeekKey = 2, PatrolDayKey = 3, RegisterKey = 11, DispatchKey = 12, ResolveKey = 13,
        EscalateKey = 14, VerifyKey = 15, CallbackKey = 16;

    /// <summary>
    /// The speed in a report's id (<c>x10-</c>; none at speed 1, the seeded history's). Another speed draws another number of
    /// reports in the same hour, so without it the live simulator, started at speed 10 on a history seeded at speed 1, would
    /// reuse ids of the hour where the history stops, and <see cref="CaseService"/> drops a report whose id it already has.
    /// </summary>
    private string SpeedTag => speed == 1 ? "" : $"x{speed.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}-";

    /// <summary>The cases reported in (<paramref name="fromUtc"/>, <paramref name="toUtc"/>], by report time: the district's and the patrols' problems.</summary>
    public IReadOnlyList<NewCase> Reports(DateTime fromUtc, DateTime toUtc)
    {
        var reports = new List<NewCase>();
        var local = calendar.ToLocal(fromUtc);
        for (var hour = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0); calendar.ToUtc(hour) < toUtc; hour = hour.AddHours(1))
            reports.AddRange(HourReports(hour).Where(c => c.ReportedAt > fromUtc && c.ReportedAt <= toUtc));
        foreach (var patrol in PatrolsBetweenDays(fromUtc, toUtc))
            reports.AddRange(patrol.Problems.Where(c => c.ReportedAt > fromUtc && c.ReportedAt <= toUtc));
        reports.Sort((a, b) => a.ReportedAt.CompareTo(b.ReportedAt));
        return reports;
    }

    /// <summary>The patrols that end in (<paramref name="fromUtc"/>, <paramref name="toUtc"/>], by end time: a patrol is recorded when it ends.</summary>
    public IReadOnlyList<PlannedPatrol> Patrols(DateTime fromUtc, DateTime toUtc) =>
        PatrolsBetweenDays(fromUtc, toUtc).Where(p => p.EndedAt > fromUtc && p.EndedAt <= toUtc).OrderBy(p => p.EndedAt).ToList();

    /// <summary>
    /// The district's own reports in one local hour (not the patrols' problems): a Poisson number with the mean
    /// <see cref="DistrictRhythm.ExpectedReports"/> × speed, at uniform times in the hour.
    /// </summary>
    public IReadOnlyList<NewCase> HourReports(DateTime localHour)
    {
        var day = DateOnly.FromDateTime(localHour);
        var startUtc = calendar.ToUtc(localHour);
        var random = Keyed(HourKey, startUtc.Ticks);
        var count = Poisson(random, DistrictRhythm.ExpectedReports(day, localHour.Hour, casesPerDay) * speed);
        var reports = new List<NewCase>(count);
        for (var i = 0; i < count; i++)
        {
            var reportedAt = startUtc.AddSeconds(random.Next(3600));
            var source = Weighted(random, [45.0, 20, 15, 8, 7]) switch
            {
                0 => CaseSource.Supervisor,
                1 => CaseSource.Hotline,
                2 => CaseSource.Grid,
                3 => CaseSource.Sensor,
                _ => CaseSource.App,
            };
            var grid = district.Grids[random.Next(district.Grids.Count)];
            var roads = district.RoadsByStreet.GetValueOrDefault(grid.StreetId);
            var road = roads is { Count: > 0 } && random.NextDouble() < OnRoadShare ? roads[random.Next(roads.Count)] : null;
            reports.Add(NewReport(random, $"sim-{SpeedTag}{startUtc:yyyyMMddHH}-{i}", source, grid, road, reportedAt));
        }
        return reports;
    }

    /// <summary>
    /// The patrols of one local day: each leader patrols the road they own on that day's campaign, on as many days of the
    /// week (Monday to Saturday) as required (sometimes one more or one fewer), starting between 08:00 and 16:00 for
    /// 40–120 minutes, and finds a Poisson number of problems (<see cref="ProblemsPerPatrol"/> × speed) on the road.
    /// </summary>
    public IReadOnlyList<PlannedPatrol> PatrolsOn(DateOnly day)
    {
        var patrols = new List<PlannedPatrol>();
        var monday = Period.Week(day).Start;
        var offset = day.DayNumber - monday.DayNumber;
        foreach (var leaderRoad in district.LeaderRoads.Where(l => l.Covers(day)))
        {
            var leader = leaderRoad.Leader;
            var week = Keyed(PatrolWeekKey, leader.Id, monday.DayNumber);
            var count = leader.RequiredPatrolsPerWeek + (week.NextDouble() < 0.15 ? 1 : 0) - (week.NextDouble() < 0.08 ? 1 : 0);
            var days = Enumerable.Range(0, 6).OrderBy(_ => week.Next()).Take(Math.Max(0, count)).ToHashSet();
            if (!days.Contains(offset)) continue;

            var random = Keyed(PatrolDayKey, leader.Id, day.DayNumber);
            var startedAt = calendar.ToUtc(day.ToDateTime(new TimeOnly(8 + random.Next(8), random.Next(60), 0)));
            var endedAt = startedAt.AddMinutes(40 + random.Next(80));
            var mode = Weighted(random, [45.0, 30, 25]) switch { 0 => PatrolMode.Walk, 1 => PatrolMode.Bike, _ => PatrolMode.Drive };
            var externalId = $"sim-patrol-{leader.Code}-{day:yyyyMMdd}";
            var grids = district.GridsByStreet.GetValueOrDefault(leaderRoad.Road.StreetId) ?? [];
            var problems = new List<NewCase>();
            var found = grids.Count == 0 ? 0 : Poisson(random, ProblemsPerPatrol * speed);
            for (var p = 0; p < found; p++)
            {
                var reportedAt = startedAt.AddSeconds(random.Next((int)(endedAt - startedAt).TotalSeconds));
                var grid = grids[random.Next(grids.Count)];
                problems.Add(NewReport(random, $"{externalId}-{SpeedTag}{p}", CaseSource.Leader, grid, leaderRoad.Road, reportedAt));
            }
            problems.Sort((a, b) => a.ReportedAt.CompareTo(b.ReportedAt));
            patrols.Add(new PlannedPatrol(externalId, leaderRoad, startedAt, endedAt, mode, problems));
        }
        return patrols;
    }

    /// <summary>
    /// The next step of a case and its time, or null when the case has none (rejected, or closed with its callback or without
    /// one to make). The timing follows the stage: 立案 5–60 min after the report (不予立案 <see cref="RejectShare"/>), 派遣
    /// 3–30 min later, 处置 within 10–90 % of the time limit or, for <see cref="LateShare"/> of the cases, 5–80 % of the limit
    /// after the deadline (超期), 升级 on the way for <see cref="EscalateShare"/>, 核查 20–240 min after the resolution (failed
    /// for <see cref="ReworkShare"/>: 返工, resolved again within 10–50 % of the limit), and for 12345 and app cases the
    /// callback (回访) 4–48 h after the closing. Leader-patrol cases are handled faster. The step's time is never before the
    /// case's last step; it may be before now (a simulator that was stopped catches up).
    /// </summary>
    public CaseCommand? NextStep(CaseRow c)
    {
        if (!district.Reference.CategoriesById.TryGetValue(c.CategoryId, out var category) || category.DepartmentId is null) return null;
        var pace = c.Source == CaseSource.Leader ? 0.6 : 1.0;
        var command = c.Status switch
        {
            CaseStatus.Reported => Register(c),
            CaseStatus.Registered => Dispatch(c, category),
            CaseStatus.Dispatched => ResolveOrEscalate(c, category, pace),
            CaseStatus.Resolved => Verify(c),
            CaseStatus.Closed when c.Rating is null && c.Source is CaseSource.Hotline or CaseSource.App => Callback(c),
            _ => null,
        };
        return command is null || command.At >= c.LastStepAt ? command : command with { At = c.LastStepAt };
    }

    private CaseCommand Register(CaseRow c)
    {
        var random = KeyedFor(c, RegisterKey);
        var at = c.ReportedAt.AddMinutes((5 + random.NextDouble() * 55) / speed);
        return random.NextDouble() < RejectShare ? new CaseCommand(CaseStep.Reject, at) : new CaseCommand(CaseStep.Register, at);
    }

    private CaseCommand Dispatch(CaseRow c, CategoryRow category)
    {
        var random = KeyedFor(c, DispatchKey);
        return new CaseCommand(CaseStep.Dispatch, c.RegisteredAt!.Value.AddMinutes((3 + random.NextDouble() * 27) / speed),
            DepartmentId: category.DepartmentId);
    }

    private CaseCommand ResolveOrEscalate(CaseRow c, CategoryRow category, double pace)
    {
        var dispatchedAt = c.DispatchedAt!.Value;
        var deadline = c.DeadlineAt!.Value;
        // The department's clock is the limit's: calendar time for a limit in 自然时, else working time, so a case late on
        // a working-time limit is finished in office hours (and is still overdue that night).
        var working = category.TimeLimitFor(c.IsUrgent).Unit == TimeLimitUnit.Hours ? null : district.Reference.WorkingTime(calendar);
        var limit = working?.Between(dispatchedAt, deadline) ?? deadline - dispatchedAt;
        DateTime After(DateTime from, TimeSpan time) => working?.Add(from, time) ?? from + time;
        var random = KeyedFor(c, ResolveKey, c.ReworkCount);
        DateTime resolveAt;
        if (c.ReworkCount == 0)
        {
            var late = random.NextDouble() < LateShare * pace;
            var fraction = random.NextDouble();
            resolveAt = late
                ? After(deadline, limit * (0.05 + 0.75 * fraction) / speed)
                : After(dispatchedAt, limit * (0.1 + 0.8 * fraction) * pace / speed);
        }
        else
        {
            // After a failed 核查 (its time is the last step: reworked cases are not escalated) the deadline stands.
            resolveAt = After(c.LastStepAt, limit * (0.1 + 0.4 * random.NextDouble()) / speed);
        }
        var method = Weighted(random, [70.0, 20, 10]) switch
        {
            0 => ResolutionMethod.Service,
            1 => ResolutionMethod.Management,
            _ => ResolutionMethod.Enforcement,
        };

        if (c.ReworkCount == 0)
        {
            var escalation = KeyedFor(c, EscalateKey);
            var escalates = escalation.NextDouble() < EscalateShare;
            var toStreet = escalation.NextDouble() < ToStreetShare;
            var fraction = 0.1 + 0.2 * escalation.NextDouble();
            if (escalates && c.Level == EscalationLevel.Grid)
                return new CaseCommand(CaseStep.Escalate, dispatchedAt + (resolveAt - dispatchedAt) * fraction, Level: EscalationLevel.Community);
            if (escalates && toStreet && c.Level == EscalationLevel.Community && c.LastStepAt < resolveAt)
                return new CaseCommand(CaseStep.Escalate, c.LastStepAt + (resolveAt - c.LastStepAt) * 0.5, Level: EscalationLevel.Street);
        }
        return new CaseCommand(CaseStep.Resolve, resolveAt, Method: method);
    }

    private CaseCommand Verify(CaseRow c)
    {
        var random = KeyedFor(c, VerifyKey, c.ReworkCount);
        var at = c.ResolvedAt!.Value.AddMinutes((20 + random.NextDouble() * 220) / speed);
        var passed = c.ReworkCount > 0 || random.NextDouble() >= ReworkShare;
        return new CaseCommand(CaseStep.Verify, at, Passed: passed);
    }

    private CaseCommand Callback(CaseRow c)
    {
        var random = KeyedFor(c, CallbackKey);
        var at = c.ClosedAt!.Value.AddHours((4 + random.NextDouble() * 44) / speed);
        // The bureau's record of months at 100 % (满意率) stands: the demo's callbacks are satisfied or very satisfied.
        var rating = random.NextDouble() < 0.72 ? SatisfactionRating.VerySatisfied : SatisfactionRating.Satisfied;
        return new CaseCommand(CaseStep.Satisfaction, at, Rating: rating);
    }

    internal NewCase NewReport(Random random, string? externalId, CaseSource source, DistrictGrid grid, RoadRow? road, DateTime reportedAt)
    {
        var (entry, category) = district.Categories[Weighted(random, district.CategoryWeights)];
        var (lat, lng) = grid.PointInside(random);
        var streetName = district.Reference.RegionsById[grid.StreetId].Name;
        return new NewCase(
            ExternalId: externalId,
            Source: source,
            CategoryId: category.Id,
            RegionId: grid.Id,
            RoadId: road?.Id,
            Description: DemoCityCatalog.Describe(entry, random),
            Address: road is not null ? $"{road.Name}{1 + random.Next(300)}号附近" : $"{streetName}{grid.Name}",
            Lat: lat,
            Lng: lng,
            ReporterPhone: source is CaseSource.Hotline or CaseSource.App ? $"13{random.Next(100000000, 999999999)}" : null,
            IsUrgent: random.NextDouble() < UrgentShare,
            ReportedAt: reportedAt);
    }

    // Patrols of every local day the stretch touches (a patrol's problems are reported before it ends).
    private IEnumerable<PlannedPatrol> PatrolsBetweenDays(DateTime fromUtc, DateTime toUtc)
    {
        for (var day = calendar.LocalDate(fromUtc); day <= calendar.LocalDate(toUtc); day = day.AddDays(1))
            foreach (var patrol in PatrolsOn(day))
                yield return patrol;
    }

    // A case is known by what it was reported with (its id differs between the seeded history and the database, its
    // report does not): two cases reported in the same second in the same grid and category share their plan.
    private Random KeyedFor(CaseRow c, long stage, long rework = 0) =>
        Keyed(stage, DapperSetup.Normalize(c.ReportedAt).Ticks, c.CategoryId, c.RegionId, rework);

    private Random Keyed(params long[] parts)
    {
        var hash = Mix((ulong)seed);
        foreach (var part in parts) hash = Mix(hash ^ (ulong)part);
        return new Random((int)(hash ^ (hash >> 32)) & int.MaxValue);
    }

    // SplitMix64's finaliser: a stable hash (string.GetHashCode and HashCode differ from process to process).
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    internal static int Weighted(Random random, IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Count - 1;
    }

    /// <summary>A Poisson draw, in chunks of a mean of at most 30 (one product of uniforms underflows for large means).</summary>
    internal static int Poisson(Random random, double mean)
    {
        var k = 0;
        for (var left = mean; left > 0; left -= 30)
        {
            var limit = Math.Exp(-Math.Min(left, 30));
            for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        }
        return k;
    }
}
