using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Testing;
using Dapper;

namespace CommandCenter.Tests.Features.Live;

/// <summary>
/// A small city for the live pipeline's tests: <see cref="TestCity.ThreeStreets"/> (one campaign over, one running, one
/// starting later), and a random but valid stream of cases,
/// workflow steps and patrols written through the case service at the clock's time.
/// </summary>
public sealed class LiveCity
{
    public static readonly long[] Grids = [11, 12, 13];
    public static readonly long[] Departments = [1, 2, 3];
    public static readonly long[] Categories = [1, 2, 3, 4];
    public static readonly long[] Roads = [1, 2, 3];
    public static readonly long[] Leaders = [1, 2, 3];
    private static readonly string[] Phones = ["13812345678", "0531-8888", null!, "15900001111"];

    private readonly Random _random;
    private readonly FixedClock _clock;
    private readonly CaseService _cases;
    private readonly BulkImport _import;
    private readonly TestDatabase _db;
    private readonly Dictionary<string, CaseRow> _open = [];
    private readonly List<CaseRow> _closedUnrated = [];

    public LiveCity(TestDatabase db, FixedClock clock, BusinessCalendar calendar, int seed)
    {
        _db = db;
        _clock = clock;
        _random = new Random(seed);
        var reference = new ReferenceCatalog(db.Connections);
        _cases = new CaseService(db.Connections, reference, clock, calendar);
        _import = new BulkImport(db.Connections, reference, clock, calendar);
    }

    public int EventsWritten { get; private set; }

    /// <summary>Failed verifications (返工) written by <see cref="WriteOneAsync"/>.</summary>
    public int LiveReworks { get; private set; }

    public static void InsertReference(TestDatabase db) => db.Insert(TestCity.ThreeStreets());

    /// <summary>History before the clock: cases over the past 14 months moved along their workflow, imported in one go.</summary>
    public async Task ImportHistoryAsync(int count)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var batch = new List<CaseImport>();
        for (var i = 0; i < count; i++)
        {
            var reportedAt = now.AddMinutes(-_random.Next(10, 14 * 30 * 24 * 60));
            var newCase = RandomCase(reportedAt, $"history-{i}");
            var steps = new List<CaseStepRequest>();
            var state = CaseState.Reported(reportedAt, newCase.IsUrgent);
            var at = reportedAt;
            var length = _random.Next(0, 9);
            for (var s = 0; s < length; s++)
            {
                at = at.AddMinutes(_random.Next(1, 60 * 30));
                if (at >= now) break;
                if (RandomCommand(state, at) is not { } command) break;
                // The deadline the import works out: any later than the one the case has will do for the workflow here.
                var result = CaseWorkflow.Apply(state, command with { DeadlineAt = (state.DeadlineAt ?? at).AddHours(48) });
                if (result.State is null) break;
                state = result.State;
                steps.Add(new CaseStepRequest($"h-{i}-{s}", command));
            }
            batch.Add(new CaseImport(newCase, steps));
        }
        var imported = await _import.ImportAsync(batch, "history");
        Assert.Empty(imported.Failed);
        using var connection = _db.Open();
        foreach (var row in connection.Query<CaseRow>($"SELECT {CaseRow.Columns} FROM cases"))
        {
            if (row.Status is CaseStatus.Closed && row.Rating is null) _closedUnrated.Add(row);
            else if (row.Status is not (CaseStatus.Closed or CaseStatus.Rejected or CaseStatus.Void)) _open[row.CaseNo] = row;
        }
        EventsWritten += batch.Sum(b => b.Steps.Count + 1);
    }

    /// <summary>One random change at the clock's time: a new case (sometimes back-dated), a workflow step, or a patrol.</summary>
    public async Task WriteOneAsync()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var roll = _random.NextDouble();
        if (roll < 0.04)
        {
            using var connection = _db.Open();
            var leader = Leaders[_random.Next(Leaders.Length)];
            var started = now.AddMinutes(-_random.Next(0, 600));
            connection.Execute("""
                INSERT INTO patrols (leader_id, road_id, started_at, ended_at, mode, recorded_at)
                VALUES (@Leader, @Road, @Started, @Ended, 'walk', @Now)
                """, new { Leader = leader, Road = _random.Next(4) == 0 ? Roads[_random.Next(Roads.Length)] : leader, Started = started,
                Ended = started.AddMinutes(30), Now = now });
            return;
        }
        if (roll < 0.3 || _open.Count == 0)
        {
            var reportedAt = _random.Next(10) == 0 ? now.AddHours(-_random.Next(1, 40)) : now;
            var created = await _cases.CreateAsync(RandomCase(reportedAt, null), "live");
            _open[created.Case.CaseNo] = created.Case;
            EventsWritten++;
            return;
        }
        if (roll < 0.33 && _closedUnrated.Count > 0)
        {
            // A callback on a case closed long ago: the feed must load a case its working set does not hold.
            var old = _closedUnrated[^1];
            _closedUnrated.RemoveAt(_closedUnrated.Count - 1);
            var rated = await _cases.ApplyAsync(old.CaseNo, new CaseStepRequest(Guid.NewGuid().ToString("N"),
                new CaseCommand(CaseStep.Satisfaction, now, Rating: RandomRating())), "live");
            Assert.Equal(StepOutcome.Applied, rated.Outcome);
            EventsWritten++;
            return;
        }
        var target = _open.Values.ElementAt(_random.Next(_open.Count));
        if (RandomCommand(target.ToState(), now) is not { } step)
        {
            _open.Remove(target.CaseNo);
            return;
        }
        var applied = await _cases.ApplyAsync(target.CaseNo, new CaseStepRequest(Guid.NewGuid().ToString("N"), step), "live");
        Assert.True(applied.Outcome == StepOutcome.Applied, applied.Reason);
        EventsWritten++;
        if (step is { Step: CaseStep.Verify, Passed: false }) LiveReworks++;
        LiveSteps[step.Step] = LiveSteps.GetValueOrDefault(step.Step) + 1;
        var row = applied.Case!;
        if (row.Status is CaseStatus.Rejected or CaseStatus.Void || (row.Status == CaseStatus.Closed && row.Rating is not null)) _open.Remove(row.CaseNo);
        else _open[row.CaseNo] = row;
    }

    private NewCase RandomCase(DateTime reportedAt, string? externalId)
    {
        var grid = _random.Next(Grids.Length);
        return new NewCase(externalId, (CaseSource)_random.Next(6), Categories[_random.Next(Categories.Length)], Grids[grid],
            _random.Next(3) == 0 ? Roads[grid] : null, $"问题 {_random.Next(1000)}", null, null, null,
            Phones[_random.Next(Phones.Length)], _random.Next(5) == 0, reportedAt);
    }

    private static bool IsLifecycle(CaseStep step) => step is CaseStep.ExtendRequest or CaseStep.ExtendApprove or CaseStep.ExtendRefuse
        or CaseStep.Suspend or CaseStep.Return or CaseStep.Void;

    /// <summary>How many steps of each kind the live run wrote.</summary>
    public Dictionary<CaseStep, int> LiveSteps { get; } = [];

    private SatisfactionRating RandomRating() => _random.Next(10) switch
    {
        < 5 => SatisfactionRating.VerySatisfied,
        < 9 => SatisfactionRating.Satisfied,
        _ => SatisfactionRating.Dissatisfied,
    };

    private CaseCommand? RandomCommand(CaseState state, DateTime at)
    {
        var allowed = CaseWorkflow.AllowedSteps(state.Status);
        if (allowed.Count == 0 || (state.Status == CaseStatus.Closed && state.Rating is not null)) return null;
        var step = allowed[_random.Next(allowed.Count)];
        if (step == CaseStep.Reject && _random.Next(4) != 0) step = CaseStep.Register;
        if (step == CaseStep.Escalate && state.Level == EscalationLevel.Street) step = allowed[0];
        if (step == CaseStep.Escalate && _random.Next(3) != 0 && allowed.Contains(state.Status == CaseStatus.Registered ? CaseStep.Dispatch : CaseStep.Resolve))
            step = state.Status == CaseStatus.Registered ? CaseStep.Dispatch : CaseStep.Resolve;
        if (step == CaseStep.Escalate && state.Level == EscalationLevel.Street) return null;
        // The lifecycle steps (延期, 缓办, 回退, 作废) a third of the times they come up, so the closed loop still closes most cases.
        if (IsLifecycle(step) && _random.Next(3) != 0) step = allowed[0];
        if (step is CaseStep.ExtendApprove or CaseStep.ExtendRefuse && state.PendingExtra is null)
            step = state.Status == CaseStatus.OnHold ? CaseStep.Resume : CaseStep.ExtendRequest;
        if (step == CaseStep.ExtendRequest && state.PendingExtra is not null) step = _random.Next(2) == 0 ? CaseStep.ExtendApprove : CaseStep.ExtendRefuse;
        return step switch
        {
            CaseStep.ExtendRequest => new CaseCommand(step, at, Reason: "需协调", Extra: 1 + _random.Next(8)),
            CaseStep.Suspend or CaseStep.Return or CaseStep.Void => new CaseCommand(step, at, Reason: "测试"),
            CaseStep.Dispatch => new CaseCommand(step, at, DepartmentId: Departments[_random.Next(Departments.Length)]),
            CaseStep.Escalate => new CaseCommand(step, at, Level: _random.Next(2) == 0 ? null : EscalationLevel.Street),
            CaseStep.Resolve => new CaseCommand(step, at, Method: (ResolutionMethod)(_random.Next(10) switch { < 7 => 0, < 9 => 1, _ => 2 })),
            CaseStep.Verify => new CaseCommand(step, at, Passed: _random.Next(5) != 0),
            CaseStep.Satisfaction => new CaseCommand(step, at, Rating: RandomRating()),
            _ => new CaseCommand(step, at),
        };
    }
}
