using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Live;

/// <summary>
/// The node's one projection of the change feed: reads <c>case_events</c> (and <c>patrols</c>) after its position
/// (<see cref="FeedWatermark"/>: the id on SQLite, the rowversion below <c>MIN_ACTIVE_ROWVERSION()</c> on SQL Server) every poll interval,
/// folds new rows into the working set and publishes a snapshot when a figure changed; re-evaluates the time-driven
/// figures every few seconds (<see cref="LiveFeedOptions.ClockInterval"/>) and at the instant a deadline passes or a case
/// enters 即将超期 (<see cref="DeadlineBoundary"/>), which no event announces; rebuilds from SQL on start, at local midnight, after an edit of the reference data and every <c>LiveFeed:RebuildMinutes</c>.
/// Database load is two small queries per poll, whatever the number of screens. A database error never stops it: it
/// marks the snapshot stale once (walls show the banner), retries with a backoff capped at <see cref="LiveFeedOptions.MaxBackoff"/>,
/// and the first good read clears the flag.
/// </summary>
public sealed class DashboardTailer(DbConnectionFactory connections, DashboardLoader loader, DashboardNotifier notifier,
    CompositeWeights weights, BusinessCalendar calendar, TimeProvider clock, LiveFeedOptions options, ILogger<DashboardTailer> logger)
    : BackgroundService
{
    private DashboardState? _state;
    private FeedPosition _position = new(0, 0);
    private Features.Reference.ReferenceData? _reference;
    private DateTime _nextRebuild;
    private DateOnly _rebuiltDay;
    private DateTime _nextClockCheck;
    private DateTime _nextDeadlineBoundary = DateTime.MaxValue;
    private string? _staleReason;

    /// <summary>Cases the working set holds now (every case a figure can read: the month's, the open ones, the roads'), 0 before the first build.</summary>
    public int CasesHeld => Volatile.Read(ref _state)?.Cases.Count ?? 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
                backoff = TimeSpan.FromMilliseconds(100);
                await Task.Delay(NextWait(clock.GetUtcNow().UtcDateTime), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Operations.OperationsMetrics.DatabaseErrors.Add(1, new KeyValuePair<string, object?>("where", "feed"));
                MarkStale(ex);
                try
                {
                    await Task.Delay(backoff, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>One round: rebuild when due, else fold what is new; publish when a figure changed. Public for tests and benchmarks.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_state is null || now >= _nextRebuild || (options.RebuildAtMidnight && calendar.LocalDate(now) != _rebuiltDay)
            || !ReferenceEquals(await loader.CurrentReferenceAsync(cancellationToken), _reference))
        {
            await RebuildAsync(now, cancellationToken);
            return;
        }
        var reading = System.Diagnostics.Stopwatch.GetTimestamp();
        var changed = await FoldNewRowsAsync(_state, cancellationToken);
        Operations.OperationsMetrics.FeedReadDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(reading).TotalSeconds);
        now = clock.GetUtcNow().UtcDateTime;
        if (changed || _staleReason is not null || now >= _nextClockCheck || now >= _nextDeadlineBoundary)
        {
            _nextClockCheck = now + options.ClockInterval;
            Project(_state, now, null);
        }
        // Nothing changed for a while: say so, so screens can tell a quiet feed from a dead one.
        if (notifier.Current is { Stale: false } current && now - current.CheckedAt >= options.Heartbeat)
            notifier.Publish(current with { CheckedAt = now });
    }

    /// <summary>Reads the working set and the SQL aggregates again and publishes the rebuilt snapshot.</summary>
    public async Task RebuildAsync(DateTime now, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rebuilt = await loader.RebuildAsync(now, cancellationToken);
        _state = rebuilt.State;
        _position = rebuilt.Position;
        _reference = rebuilt.Reference;
        _rebuiltDay = calendar.LocalDate(now);
        _nextRebuild = options.RebuildInterval > TimeSpan.Zero ? now + options.RebuildInterval : DateTime.MaxValue;
        // The read took the rows committed after this clock reading too: today's figures count their steps at once, the
        // month's rankings (as of this reading) only from a later one. The next tick projects again at its own reading.
        _nextClockCheck = now;
        Project(rebuilt.State, now, rebuilt.Rankings);
        logger.LogInformation("Dashboard rebuilt from SQL in {Elapsed} ms: {Cases} cases in the working set, feed position {Position}",
            watch.ElapsedMilliseconds, rebuilt.State.Cases.Count, rebuilt.Position);
    }

    /// <summary>Publishes the figures at <paramref name="now"/> if they changed, and notes when a deadline changes them next.</summary>
    private void Project(DashboardState state, DateTime now, RankingCounts? rankings)
    {
        PublishIfChanged(DashboardProjection.Build(state, now, weights, rankings));
        _nextDeadlineBoundary = DeadlineBoundary.Next(state.Cases, now, state.Reference.WorkingTime(calendar)) ?? DateTime.MaxValue;
    }

    /// <summary>The poll interval, or less when a deadline boundary comes first: the figures change at its instant.</summary>
    private TimeSpan NextWait(DateTime now)
    {
        var untilBoundary = _nextDeadlineBoundary - now;
        return untilBoundary < options.PollInterval ? (untilBoundary > TimeSpan.Zero ? untilBoundary : TimeSpan.Zero) : options.PollInterval;
    }

    private async Task<bool> FoldNewRowsAsync(DashboardState state, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenFeedAsync(cancellationToken);
        var changed = false;
        // One bound for both reads (SQL Server; none on SQLite): nothing below it commits later (FeedWatermark).
        var bound = await loader.ReadBoundAsync(connection, cancellationToken);
        var (patrols, patrolPosition) = await loader.ReadPatrolsAsync(connection, _position.Patrols, bound, cancellationToken);
        foreach (var patrol in patrols) state.Apply(patrol);
        _position = _position with { Patrols = patrolPosition };
        changed |= patrols.Count > 0;
        while (true)
        {
            var batch = await loader.ReadEventsAsync(connection, _position.Events, bound, cancellationToken);
            if (batch.RowCount == 0)
            {
                _position = _position with { Events = batch.Position };
                break;
            }
            var unknown = batch.Events.Select(e => e.CaseId).Where(id => !state.Knows(id)).ToHashSet();
            if (unknown.Count > 0)
            {
                foreach (var (header, earlier) in await loader.ReadCasesAsync(connection, unknown, _position.Events, cancellationToken))
                    state.Add(header, earlier);
            }
            foreach (var e in batch.Events)
            {
                if (!state.Apply(e)) logger.LogWarning("Event {EventId} names case {CaseId}, which does not exist", e.Id, e.CaseId);
            }
            if (batch.Unreadable.Count > 0)
                logger.LogWarning("Change-feed rows {EventIds} have an unknown type or unreadable data; skipped", batch.Unreadable);
            // Rows that could not be folded still move the feed on: it must not stall on them.
            state.SkipTo(batch.LastId);
            Operations.OperationsMetrics.EventsFolded.Add(batch.RowCount);
            _position = _position with { Events = batch.Position };
            changed = true;
            if (batch.RowCount < DashboardLoader.BatchSize) break;
        }
        return changed;
    }

    private void PublishIfChanged(DashboardSnapshot snapshot)
    {
        var current = notifier.Current;
        if (_staleReason is not null)
        {
            logger.LogInformation("Dashboard feed readable again after: {Reason}", _staleReason);
            _staleReason = null;
        }
        else if (current is not null && !current.Stale && SnapshotDiff.SameFigures(current, snapshot))
        {
            return;
        }
        notifier.Publish(snapshot);
    }

    private void MarkStale(Exception ex)
    {
        if (_staleReason is not null)
        {
            logger.LogDebug(ex, "Dashboard feed still not readable");
            return;
        }
        // The type only: the message of a database error can hold a server name or a path, and walls are public.
        _staleReason = ex is System.Data.Common.DbException ? "database unreachable" : $"feed error ({ex.GetType().Name})";
        logger.LogWarning(ex, "Dashboard feed not readable; the snapshot is stale until it is");
        if (notifier.Current is { } current)
            notifier.Publish(current with { Stale = true, StaleReason = _staleReason });
    }
}
