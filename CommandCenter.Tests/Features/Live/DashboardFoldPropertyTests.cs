using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Live;
using Dapper;

namespace CommandCenter.Tests.Features.Live;

/// <summary>
/// The architecture's promise: the snapshot the tailer folds from the change feed equals the snapshot rebuilt from SQL,
/// field by field, after thousands of random events across local midnight, a week and a month boundary (Asia/Shanghai),
/// and across the eve of the National Day holiday. Three of the four categories count their limits in working time
/// (工作时, 工作日) on the seeded holiday calendar, so the history's and the run's dispatches are due across weekends and
/// holidays.
/// </summary>
public sealed class DashboardFoldPropertyTests
{
    // Sunday 29 Nov 2026, 20:00 in Shanghai: the run crosses midnight into Monday (a new ISO week), then into December.
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    // Wednesday 30 Sep 2026, 20:00 in Shanghai: the run crosses into the National Day holiday (1–7 October off).
    private static readonly DateTimeOffset HolidayEve = new(2026, 9, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(20261129)]
    [InlineData(7)]
    public async Task Fold_FiveThousandRandomEventsAcrossMidnightAndMonthEnd_EqualsTheSqlRebuild(int seed)
    {
        var crossed = await RunAsync(seed, Start);

        Assert.Contains("2026-11-29", crossed);
        Assert.Contains("2026-11-30", crossed);
        Assert.Contains("2026-12-01", crossed);
    }

    [Fact]
    public async Task Fold_FiveThousandRandomEventsIntoTheNationalDayHoliday_EqualsTheSqlRebuild()
    {
        var crossed = await RunAsync(1001, HolidayEve);

        Assert.Contains("2026-09-30", crossed);
        Assert.Contains("2026-10-01", crossed);
    }

    /// <summary>Writes the history and 5,000 live events from <paramref name="start"/>, comparing fold and rebuild now and then.</summary>
    private static async Task<HashSet<string>> RunAsync(int seed, DateTimeOffset start)
    {
        using var db = TestDatabase.CreateMigrated();
        LiveCity.InsertReference(db);
        using (var connection = db.Open())
            connection.Execute("""
                UPDATE categories SET time_limit_unit = 'workingHours', urgent_time_limit_unit = 'hours' WHERE id = 1;
                UPDATE categories SET time_limit_unit = 'workingHours', urgent_time_limit_unit = 'workingHours' WHERE id = 2;
                UPDATE categories SET time_limit_hours = 1, time_limit_unit = 'workingDays', urgent_time_limit_unit = 'workingHours' WHERE id = 4;
                """);
        var clock = new FixedClock(start);
        var live = new LiveTestPipeline(db.Connections, clock, new LiveFeedOptions
        {
            RebuildInterval = TimeSpan.Zero,
            RebuildAtMidnight = false,
            ClockInterval = TimeSpan.Zero,
        });
        var city = new LiveCity(db, clock, live.Calendar, seed);
        await city.ImportHistoryAsync(600);
        await live.Tailer.TickAsync(CancellationToken.None);
        var rebuilds = new LiveTestPipeline(db.Connections, clock);
        var random = new Random(seed);
        var liveEvents = 0;
        var compared = 0;
        var crossed = new HashSet<string>();
        var monotone = new DayCountersNeverGoDown();

        while (liveEvents < 5000)
        {
            clock.Now = clock.Now.AddSeconds(random.Next(0, 45));
            var before = city.EventsWritten;
            await city.WriteOneAsync();
            liveEvents += city.EventsWritten - before;
            if (random.Next(4) == 0)
            {
                await live.Tailer.TickAsync(CancellationToken.None);
                monotone.Check(live.Notifier.Current!);
            }
            if (random.Next(150) == 0 || liveEvents >= 5000)
            {
                await AssertFoldEqualsRebuildAsync(live, rebuilds, clock.Now.UtcDateTime);
                compared++;
            }
            crossed.Add(live.Calendar.LocalDate(clock.Now.UtcDateTime).ToString("yyyy-MM-dd"));
        }

        Assert.True(compared >= 10, $"only {compared} comparisons");
        Assert.True(city.LiveReworks > 10, $"only {city.LiveReworks} 返工 written: too few to test that 今日处置 holds");
        // The lifecycle took part: extensions asked and decided, holds and resumes, returns and voids.
        foreach (var step in new[] { CaseStep.ExtendRequest, CaseStep.ExtendApprove, CaseStep.ExtendRefuse, CaseStep.Suspend, CaseStep.Resume,
                     CaseStep.Return, CaseStep.Void })
            Assert.True(city.LiveSteps.GetValueOrDefault(step) >= 3, $"only {city.LiveSteps.GetValueOrDefault(step)} {step.Code()} steps written");
        var last = live.Notifier.Current!;
        Assert.True(last.LatestEvents.Count == DashboardState.LatestCount && last.StreetRanking.Count == 3 && last.Leaders.Count > 0);
        // The working-time deadlines took part: some dispatch is due later than its limit in calendar hours would say.
        using (var connection = db.Open())
            Assert.True(connection.ExecuteScalar<long>("""
                SELECT COUNT(*) FROM cases c JOIN categories k ON k.id = c.category_id
                WHERE c.deadline_at IS NOT NULL AND k.time_limit_unit <> 'hours' AND c.is_urgent = 0
                  AND julianday(c.deadline_at) - julianday(c.dispatched_at) > k.time_limit_hours / 24.0 + 0.01
                """) > 0, "no dispatch was due later in working time than in calendar hours");
        return crossed;
    }

    /// <summary>
    /// The day counters (今日上报 / 立案 / 派遣 / 处置 / 结案) of successive snapshots of one day never go down: they count
    /// the day's events, whatever happens to the cases afterwards (a 返工 clears a resolution, it does not undo it).
    /// </summary>
    private sealed class DayCountersNeverGoDown
    {
        private DashboardSnapshot? _previous;

        public void Check(DashboardSnapshot snapshot)
        {
            if (_previous is { } before && before.Day == snapshot.Day)
            {
                (string Name, long Before, long After)[] counters =
                [
                    ("今日上报", before.Today.Reported.Value, snapshot.Today.Reported.Value),
                    ("今日立案", before.Today.Registered.Value, snapshot.Today.Registered.Value),
                    ("今日派遣", before.Today.Dispatched.Value, snapshot.Today.Dispatched.Value),
                    ("今日处置", before.Today.Resolved.Value, snapshot.Today.Resolved.Value),
                    ("今日结案", before.Today.Closed.Value, snapshot.Today.Closed.Value),
                ];
                foreach (var (name, was, now) in counters)
                    Assert.True(now >= was, $"{name} went down from {was} to {now} on {snapshot.Day} (event {snapshot.LastEventId})");
            }
            _previous = snapshot;
        }
    }

    private static async Task AssertFoldEqualsRebuildAsync(LiveTestPipeline live, LiveTestPipeline rebuilds, DateTime now)
    {
        await live.Tailer.TickAsync(CancellationToken.None);
        var folded = live.Notifier.Current!;
        var rebuilt = await rebuilds.Loader.RebuildAsync(now, CancellationToken.None);
        var fromSql = DashboardProjection.Build(rebuilt.State, now, LiveTestPipeline.Weights, rebuilt.Rankings);
        // Sums of hours read through julianday differ from C#'s by about 1e-9 (julianday is a double of days); everything else is exact.
        var difference = SnapshotDiff.FirstDifference(folded, fromSql, tolerance: 1e-6);
        Assert.True(difference is null, $"at {now:O} (event {folded.LastEventId}): {difference}");
    }
}
