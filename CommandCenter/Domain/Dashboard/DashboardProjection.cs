namespace CommandCenter.Domain.Dashboard;

/// <summary>
/// Month-to-date indicator counts per street and per department computed elsewhere (the rebuild reads them with the SQL
/// fold); codes missing from a dictionary count as zero.
/// </summary>
public sealed record RankingCounts(IReadOnlyDictionary<string, IndicatorCounts> ByStreet, IReadOnlyDictionary<string, IndicatorCounts> ByDepartment);

/// <summary>
/// Turns the working set into the figures of <see cref="DashboardSnapshot"/> as of a moment, with the domain's own
/// functions (Indicators.Fold, Ranking.Rank, SatisfactionStreak, RoadResponsibility). Pure: the same state and
/// moment give the same snapshot, so the tailer can re-evaluate time-driven figures and publish only on a change.
/// </summary>
public static class DashboardProjection
{
    public const int SatisfactionMonths = 48;
    public const int TopCategoryCount = 10;

    /// <param name="rankings">Precomputed month-to-date counts (the SQL rebuild); null folds them from the working set.</param>
    public static DashboardSnapshot Build(DashboardState state, DateTime nowUtc, CompositeWeights weights, RankingCounts? rankings = null)
    {
        var calendar = state.Calendar;
        var reference = state.Reference;
        var today = calendar.Today(nowUtc);
        var todayRange = calendar.ToUtc(today);
        var yesterdayRange = calendar.ToUtc(today.Previous());
        var localNow = calendar.ToLocal(nowUtc);
        var yesterdaySameTime = calendar.ToUtc(localNow.AddDays(-1));
        var month = calendar.ThisMonth(nowUtc);
        var monthRange = calendar.ToUtc(month);
        var soonDueWindow = SoonDue.WindowAt(reference.WorkingTime(calendar), nowUtc);

        long reported = 0, registered = 0, dispatched = 0, resolved = 0, closed = 0;
        long yReported = 0, yRegistered = 0, yDispatched = 0, yResolved = 0, yClosed = 0;
        long inProgress = 0, overdue = 0, soonDue = 0, urgentOpen = 0;
        long grid = 0, community = 0, street = 0;
        long service = 0, management = 0, enforcement = 0;
        var todayHours = HourStarts(calendar, today.Start);
        var yesterdayHours = HourStarts(calendar, today.Start.AddDays(-1));
        var hourlyToday = new long[24];
        var hourlyYesterday = new long[24];
        var bySource = new long[Enum.GetValues<CaseSource>().Length];
        var byCategory = new Dictionary<long, long>();
        var streetFacts = new Dictionary<long, List<CaseFacts>>();
        var departmentFacts = new Dictionary<long, List<CaseFacts>>();
        var roadFacts = new Dictionary<long, List<RoadCaseFacts>>();
        var assignedRoads = reference.AssignedRoadIds.ToHashSet();

        foreach (var c in state.Cases)
        {
            if (todayRange.Contains(c.ReportedAt))
            {
                reported++;
                hourlyToday[HourOf(todayHours, c.ReportedAt)]++;
                bySource[(int)c.Source]++;
                byCategory[c.CategoryId] = byCategory.GetValueOrDefault(c.CategoryId) + 1;
            }
            else if (yesterdayRange.Contains(c.ReportedAt))
            {
                hourlyYesterday[HourOf(yesterdayHours, c.ReportedAt)]++;
                if (c.ReportedAt < yesterdaySameTime) yReported++;
            }
            Count(c.RegisteredAt, ref registered, ref yRegistered);
            Count(c.DispatchedAt, ref dispatched, ref yDispatched);
            foreach (var at in c.Resolutions) Count(at, ref resolved, ref yResolved);
            Count(c.ClosedAt, ref closed, ref yClosed);

            if (c.Status == CaseStatus.Dispatched) inProgress++;
            if (Overdue.IsOverdueAt(c.DispatchedAt, c.DeadlineAt, c.ResolvedAt, c.ClosedAt, c.Hold, nowUtc)) overdue++;
            if (SoonDue.IsSoonDueAt(c.DispatchedAt, c.DeadlineAt, c.ResolvedAt, c.ClosedAt, c.Hold, soonDueWindow)) soonDue++;
            if (c.IsUrgent && c.Status is not (CaseStatus.Closed or CaseStatus.Rejected or CaseStatus.Void)) urgentOpen++;
            if (c.Status is CaseStatus.Registered or CaseStatus.Dispatched)
            {
                switch (c.Level)
                {
                    case EscalationLevel.Grid: grid++; break;
                    case EscalationLevel.Community: community++; break;
                    default: street++; break;
                }
            }
            if (monthRange.Contains(c.ResolvedAt) && c.ResolvedAt < nowUtc)
            {
                switch (c.Method)
                {
                    case ResolutionMethod.Service: service++; break;
                    case ResolutionMethod.Management: management++; break;
                    case ResolutionMethod.Enforcement: enforcement++; break;
                }
            }
            if (rankings is null && InMonth(c, monthRange))
            {
                var facts = c.ToFacts();
                Bucket(streetFacts, c.StreetId).Add(facts);
                if (c.DepartmentId is { } department) Bucket(departmentFacts, department).Add(facts);
            }
            if (c.RoadId is { } road && assignedRoads.Contains(road)) Bucket(roadFacts, road).Add(c.ToRoadFacts());
        }

        var currentHour = localNow.Hour;
        var hourly = Enumerable.Range(0, 24)
            .Select(h => new HourlyPoint(h, h <= currentHour ? hourlyToday[h] : null, hourlyYesterday[h]))
            .ToList();

        var sources = Enum.GetValues<CaseSource>()
            .Select(s => new NamedCount(s.Code(), s.Code(), bySource[(int)s]))
            .OrderByDescending(n => n.Count).ThenBy(n => n.Code, StringComparer.Ordinal)
            .ToList();

        var categories = byCategory
            .Select(kv => reference.CategoriesById.TryGetValue(kv.Key, out var cat)
                ? new NamedCount(cat.Code, cat.Name, kv.Value)
                : new NamedCount(kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), "", kv.Value))
            .OrderByDescending(n => n.Count).ThenBy(n => n.Code, StringComparer.Ordinal)
            .Take(TopCategoryCount)
            .ToList();

        var asOf = calendar.AsOf(month, nowUtc);
        var streetCounts = reference.Streets.ToDictionary(s => s.Code, s => rankings is not null
            ? rankings.ByStreet.GetValueOrDefault(s.Code) ?? IndicatorCounts.Zero
            : Indicators.Fold(streetFacts.GetValueOrDefault(s.Id) ?? [], monthRange, asOf));
        var departmentCounts = reference.Departments.ToDictionary(d => d.Code, d => rankings is not null
            ? rankings.ByDepartment.GetValueOrDefault(d.Code) ?? IndicatorCounts.Zero
            : Indicators.Fold(departmentFacts.GetValueOrDefault(d.Id) ?? [], monthRange, asOf));

        return new DashboardSnapshot
        {
            Version = 0,
            DataAsOf = state.DataAsOf,
            CheckedAt = nowUtc,
            LastEventId = state.LastEventId,
            Day = today.Start,
            Today = new TodayFigures(
                new Compared(reported, yReported), new Compared(registered, yRegistered), new Compared(dispatched, yDispatched),
                new Compared(resolved, yResolved), new Compared(closed, yClosed), inProgress, overdue, urgentOpen, soonDue),
            Hourly = hourly,
            BySource = sources,
            TopCategories = categories,
            StreetRanking = Rank(reference.Streets, streetCounts, weights),
            DepartmentRanking = Rank(reference.Departments, departmentCounts, weights),
            Satisfaction = Satisfaction(state, month),
            Leaders = Leaders(state, roadFacts, nowUtc),
            Methods = new MethodMix(service, management, enforcement),
            Escalation = new EscalationFigures(grid, community, street),
            LatestEvents = [.. state.Latest],
        };

        void Count(DateTime? at, ref long todayCount, ref long yesterdayCount)
        {
            if (todayRange.Contains(at)) todayCount++;
            else if (yesterdayRange.Contains(at) && at < yesterdaySameTime) yesterdayCount++;
        }
    }

    /// <summary>The UTC start of each local hour of a day (a time zone conversion per hour, not per case).</summary>
    private static DateTime[] HourStarts(BusinessCalendar calendar, DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return Enumerable.Range(0, 24).Select(h => calendar.ToUtc(midnight.AddHours(h))).ToArray();
    }

    /// <summary>The local hour (0–23) of a time inside the day whose hour starts are given.</summary>
    private static int HourOf(DateTime[] hourStarts, DateTime utc)
    {
        var index = Array.BinarySearch(hourStarts, utc);
        return index >= 0 ? index : Math.Max(0, ~index - 1);
    }

    /// <summary>The cases <see cref="Indicators.Fold"/> can count in the month (the WHERE of the SQL fold).</summary>
    private static bool InMonth(LiveCase c, UtcRange month) =>
        month.Contains(c.ReportedAt) || month.Contains(c.RegisteredAt) || month.Contains(c.RatedAt) || month.Contains(c.ResolvedAt);

    private static List<T> Bucket<T>(Dictionary<long, List<T>> buckets, long key)
    {
        if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
        return list;
    }

    private static List<LiveStanding> Rank(IReadOnlyList<NamedRef> units, IReadOnlyDictionary<string, IndicatorCounts> counts, CompositeWeights weights) =>
        Ranking.Rank(units, u => counts[u.Code], u => u.Name, weights)
            .Select(r =>
            {
                var c = counts[r.Unit.Code];
                return new LiveStanding(r.Rank, r.Unit.Code, r.Unit.Name, r.Composite, r.Grade,
                    c.OnTimeClosureRate, c.ClosureRate, c.ReworkRate, c.SatisfactionRate, c);
            })
            .ToList();

    private static SatisfactionFigures Satisfaction(DashboardState state, Period month)
    {
        var newestFirst = new List<MonthSatisfaction>(SatisfactionMonths);
        for (var (i, m) = (0, month); i < SatisfactionMonths; i++, m = m.Previous())
        {
            var counts = state.CallbacksIn(m.Label);
            newestFirst.Add(new MonthSatisfaction(m.Label, counts.Callbacks, counts.Satisfied));
        }
        var streak = Indicators.SatisfactionStreak(newestFirst.Select(m => (m.Callbacks, m.Satisfied)).ToList(), firstMonthIsRunning: true);
        var last12 = newestFirst.Take(12).Reverse().ToList();
        return new SatisfactionFigures(newestFirst[0], last12, streak);
    }

    private static List<LeaderRoadFigures> Leaders(DashboardState state, Dictionary<long, List<RoadCaseFacts>> roadFacts, DateTime nowUtc)
    {
        var calendar = state.Calendar;
        var reference = state.Reference;
        var week = calendar.ThisWeek(nowUtc);
        var weekRange = calendar.ToUtc(week);
        var today = calendar.LocalDate(nowUtc);
        var daysLeft = RoadResponsibility.DaysLeft(week.Start, week.End, today);
        var rows = new List<LeaderRoadFigures>();
        foreach (var a in reference.Assignments)
        {
            if (!RoadResponsibility.CampaignCovers(a.CampaignFrom, a.CampaignTo, week.Start, week.End)) continue;
            // Two statements, not one `||`: a mutation of the `||` would leave `road` unassigned, and the mutation tester then
            // drops every mutant of this method.
            if (!reference.LeadersById.TryGetValue(a.LeaderId, out var leader)) continue;
            if (!reference.RoadsById.TryGetValue(a.RoadId, out var road)) continue;
            var facts = roadFacts.GetValueOrDefault(a.RoadId) ?? [];
            var patrols = state.Patrols.LongCount(p => p.LeaderId == a.LeaderId && p.RoadId == a.RoadId
                                                       && weekRange.Contains(p.StartedAt) && p.StartedAt < nowUtc);
            var thisWeek = RoadResponsibility.Fold(facts, weekRange, nowUtc);
            var sinceStart = RoadResponsibility.Fold(facts, new UtcRange(calendar.StartOfDayUtc(a.CampaignFrom), nowUtc), nowUtc);
            rows.Add(new LeaderRoadFigures(leader.Code, leader.Name, leader.Title, road.Code, road.Name,
                reference.StreetsById.TryGetValue(road.StreetId, out var s) ? s.Name : "",
                patrols, leader.RequiredPerWeek, thisWeek, sinceStart,
                RoadResponsibility.StatusOf(patrols, leader.RequiredPerWeek, sinceStart.Overdue, daysLeft)));
        }
        return rows.OrderBy(r => r.LeaderCode, StringComparer.Ordinal).ThenBy(r => r.RoadCode, StringComparer.Ordinal).ToList();
    }
}
