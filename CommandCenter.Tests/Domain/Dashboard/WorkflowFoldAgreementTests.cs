using System.Reflection;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Cases;

namespace CommandCenter.Tests.Domain.Dashboard;

/// <summary>
/// The write path (<see cref="CaseWorkflow.Apply"/>) and the live fold (<see cref="DashboardState"/>) change a case with
/// one function, <see cref="CaseWorkflow.StateAfter"/>: for random step sequences, the case the workflow stores and
/// the case the live figures read agree after every step, whether the event is folded as it comes or replayed.
/// </summary>
public sealed class WorkflowFoldAgreementTests
{
    private static readonly BusinessCalendar Calendar = BusinessCalendar.For("Asia/Shanghai");
    private static readonly DateTime Start = new(2026, 11, 30, 15, 30, 0, DateTimeKind.Utc);

    private static DashboardState EmptyState() => new(
        new DashboardReference([new NamedRef(1, "S01", "济阳街道")], [new NamedRef(1, "D01", "市政")], [new NamedRef(1, "C01", "井盖")],
            [], [], []),
        Calendar, 0, 0, [], [], new Dictionary<string, CallbackCounts>(), [], Start);

    [Theory]
    [InlineData(1)]
    [InlineData(20261130)]
    [InlineData(77)]
    public void RandomStepSequences_WorkflowCaseAndLiveCaseAgreeAfterEveryStep(int seed)
    {
        var random = new Random(seed);
        var live = EmptyState();
        long eventId = 0;
        var accepted = new Dictionary<CaseStep, int>();
        for (long caseId = 1; caseId <= 800; caseId++)
        {
            var reportedAt = Start.AddMinutes(random.Next(0, 600));
            var header = new LiveCase
            {
                Id = caseId, CaseNo = $"C{caseId}", CategoryId = 1, StreetId = 1, IsUrgent = random.Next(4) == 0,
                Description = "井盖缺失", ReportedAt = reportedAt,
            };
            var stored = CaseState.Reported(reportedAt, header.IsUrgent);
            var report = Recorded(++eventId, caseId, new CaseCommand(CaseStep.Report, reportedAt), stored);
            live.Add(header, []);
            live.Apply(report);
            var events = new List<LiveEvent> { report };
            var at = reportedAt;

            for (var i = random.Next(1, 20); i > 0; i--)
            {
                // Mostly forward in time, now and then backwards (the workflow refuses it; nothing is recorded).
                at = at.AddMinutes(random.Next(-20, 300));
                var command = RandomCommand(random, stored, at);
                var result = CaseWorkflow.Apply(stored, command);
                if (result.State is not { } after) continue;
                accepted[command.Step] = accepted.GetValueOrDefault(command.Step) + 1;
                var e = Recorded(++eventId, caseId, command, after);

                Assert.Equal(after, CaseWorkflow.StateAfter(stored, e.Recorded));
                stored = after;
                live.Apply(e);
                events.Add(e);
                Assert.Equal(stored, LiveCaseOf(live, caseId).ToState());
            }

            // A case the working set did not hold is added with its earlier events replayed: the same state again.
            var replayed = EmptyState();
            replayed.Add(header, events);
            Assert.Equal(stored, LiveCaseOf(replayed, caseId).ToState());
        }

        // Every kind of step was taken, including rework and an escalation without a level.
        Assert.All(Enum.GetValues<CaseStep>().Where(s => s != CaseStep.Report), s => Assert.True(accepted.GetValueOrDefault(s) > 5, $"{s}: {accepted.GetValueOrDefault(s)}"));
    }

    [Fact]
    public void LiveCase_StateRoundTrip_CarriesEveryWorkflowField()
    {
        // Every property of CaseState set to a value other than a just-reported case's: one that SetState or ToState
        // leaves out comes back different.
        var state = CaseState.Reported(Start, isUrgent: false);
        foreach (var p in typeof(CaseState).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            p.SetValue(state, NonDefault(p.PropertyType, p.GetValue(state)));
        var c = new LiveCase { IsUrgent = state.IsUrgent, ReportedAt = state.ReportedAt };

        c.SetState(state);

        Assert.Equal(state, c.ToState());
    }

    [Fact]
    public void Fold_StepsTheWorkflowWouldRefuse_AreStillApplied()
    {
        // The feed folds what was recorded, checked or not: an escalation of a case that is only reported moves its level.
        var live = EmptyState();
        live.Add(new LiveCase { Id = 1, CaseNo = "C1", ReportedAt = Start }, []);

        live.Apply(new LiveEvent(1, 1, CaseStep.Escalate, Start.AddHours(1), Start.AddHours(1)));

        Assert.Equal(CaseWorkflow.StateAfter(CaseState.Reported(Start, false), new RecordedStep(CaseStep.Escalate, Start.AddHours(1))),
            LiveCaseOf(live, 1).ToState());
        Assert.Equal(EscalationLevel.Community, LiveCaseOf(live, 1).Level);
    }

    private static LiveCase LiveCaseOf(DashboardState state, long caseId) => state.Cases.Single(c => c.Id == caseId);

    /// <summary>The row the write path records for an accepted step (its data through JSON), as the feed reads it back.</summary>
    private static LiveEvent Recorded(long id, long caseId, CaseCommand command, CaseState after)
    {
        var data = EventData.Parse(EventData.For(command, after).ToJson());
        return new LiveEvent(id, caseId, command.Step, command.At, command.At, data.DepartmentId, data.DeadlineAt,
            Parse<EscalationLevel>(data.Level), Parse<ResolutionMethod>(data.Method), data.Passed, Parse<SatisfactionRating>(data.Rating),
            data.Extra);
    }

    private static T? Parse<T>(string? code) where T : struct, Enum => DomainCodes.TryParse<T>(code, out var v) ? v : null;

    /// <summary>
    /// Mostly a step the status allows, now and then any step; its fields present most of the time. The workflow
    /// refuses what does not fit.
    /// </summary>
    private static CaseCommand RandomCommand(Random random, CaseState state, DateTime at)
    {
        // A pending extension request is decided half of the time (the decisions would be rare among eight dispatched steps).
        var allowed = state.PendingExtra is not null && random.Next(2) == 0
            ? [CaseStep.ExtendApprove, CaseStep.ExtendRefuse]
            : CaseWorkflow.AllowedSteps(state.Status);
        var steps = allowed.Count == 0 || random.Next(5) == 0 ? Enum.GetValues<CaseStep>() : allowed;
        var step = steps[random.Next(steps.Count)];
        bool Given() => random.Next(8) != 0;
        return new CaseCommand(step, at,
            DepartmentId: Given() ? random.Next(1, 4) : null,
            DeadlineAt: Given() ? at.AddHours(random.Next(-2, 96) / 2.0) : null,
            Level: random.Next(3) == 0 ? null : (EscalationLevel)random.Next(1, 4),
            Method: Given() ? (ResolutionMethod)random.Next(3) : null,
            Passed: Given() ? random.Next(3) != 0 : null,
            Rating: Given() ? (SatisfactionRating)random.Next(3) : null,
            Reason: Given() ? "错派" : null,
            Extra: Given() ? random.Next(-1, 16) / 2.0 : null);
    }

    private static object NonDefault(Type type, object? current)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        object value = t switch
        {
            _ when t == typeof(DateTime) => Start.AddHours(7),
            _ when t == typeof(bool) => true,
            _ when t == typeof(int) => 3,
            _ when t == typeof(long) => 9L,
            _ when t == typeof(double) => 2.5,
            _ when t.IsEnum => Enum.GetValues(t).Cast<object>().Last(),
            _ => throw new InvalidOperationException($"CaseState has a {t.Name} property: teach this test a value for it."),
        };
        Assert.NotEqual(current, value);
        return value;
    }
}
