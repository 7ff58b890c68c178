using System.Data.Common;
using System.Text.Json;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Features.Cases;

public sealed record ImportResult(int Created, int Skipped, IReadOnlyList<(int Index, string Reason)> Failed);

/// <summary>
/// 批量导入 — writes many cases with their steps in one transaction: a case whose externalId exists is skipped, a case with a
/// refused step, an unknown reference, a value that cannot be stored or a row the database refuses is reported by its index
/// and written not at all.
/// The bulk path of the one write path: the same checks (reference data, <see cref="CaseWorkflow"/>) and the same rows as
/// <see cref="CaseService.CreateAsync"/> followed by <see cref="CaseService.ApplyAsync"/> for each step, but the case row is
/// written once in its final state, the existing ids are looked up once per batch, case numbers are taken per day in one
/// block (<see cref="CaseNumbering"/>), and the insert commands are prepared once and reused.
/// </summary>
public sealed class BulkImport(DbConnectionFactory connections, ReferenceCatalog reference, TimeProvider clock, BusinessCalendar calendar)
{
    private readonly CaseNumbering _numbers = new(connections, calendar);

    /// <inheritdoc cref="BulkImport"/>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<CaseImport> batch, string actor, CancellationToken cancellationToken = default) =>
        await ImportAsync(await PrepareImportAsync(batch, actor, cancellationToken), cancellationToken);

    /// <summary>
    /// The part of an import that needs no database: the reference checks, the workflow fold of each case's steps and the
    /// events' data. The import command prepares the next batch while <see cref="ImportAsync(PreparedImport, CancellationToken)"/>
    /// writes this one.
    /// </summary>
    public async Task<PreparedImport> PrepareImportAsync(IReadOnlyList<CaseImport> batch, string actor, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var cases = new PreparedCase[batch.Count];
        for (var i = 0; i < batch.Count; i++) cases[i] = Prepare(refData, batch[i]);
        return new PreparedImport(cases, actor);
    }

    /// <inheritdoc cref="BulkImport"/>
    public async Task<ImportResult> ImportAsync(PreparedImport batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var restoreSettings = await ImportTuning.UseAsync(connection);
        try
        {
            var caseNumbers = await TakeCaseNumbersAsync(connection, batch, cancellationToken);
            // A row the database refuses fails its case, not the batch: the batch is written again without that case. A
            // refusal is first met with rows queued from several cases, so the batch is then written flushing each case on
            // its own, and every refusal names its case. Nothing of this costs anything while no row is refused.
            var refusedAtWrite = new Dictionary<int, string>();
            var caseByCase = false;
            while (true)
            {
                var (result, refusal) = await WriteBatchAsync(connection, batch, caseNumbers, refusedAtWrite, caseByCase, cancellationToken);
                if (result is not null) return result;
                if (refusal!.Index is { } index) refusedAtWrite.Add(index, refusal.Reason);
                // Written case by case, every refusal names its case; one that still names none cannot be narrowed down by
                // writing the batch again.
                else if (caseByCase) throw new InvalidOperationException($"The database refused the batch without naming a case: {refusal.Reason}");
                caseByCase = true;
            }
        }
        finally
        {
            await restoreSettings();
        }
    }

    /// <summary>A row the database refused while a batch was written: its case, when the rows in flight were of one case only.</summary>
    private sealed record WriteRefusal(int? Index, string Reason);

    /// <summary>The cases of a batch to write (by index), the ones refused with why, and how many exist already.</summary>
    private sealed record Selection(List<(int Index, PreparedCase Item)> Accepted, List<(int, string)> Failed, int Skipped);

    /// <summary>
    /// Takes the case numbers of the cases the batch will write, as far as the database can tell before writing it, and
    /// commits them in a short write transaction of its own: one block per local day, the days in a fixed order, handed
    /// out in batch order (the numbers one-by-one creation would give). The batch's own transaction then holds no day's
    /// sequence row, so on SQL Server a create of that day does not wait for the whole batch, and two imports never wait
    /// for each other's day the other way round. The price: a case that turns out not to be written after all (a row the
    /// database refuses, an id another writer took in between, an import that fails) leaves a gap in its day's numbers.
    /// </summary>
    private async Task<IReadOnlyDictionary<int, string>> TakeCaseNumbersAsync(DbConnection connection, PreparedImport batch, CancellationToken cancellationToken)
    {
        await using var write = await connections.WriteGate.BeginAsync(connection, cancellationToken);
        var selection = await SelectAsync(connection, write.Transaction, batch, new Dictionary<int, string>());
        var numbers = new Dictionary<int, string>(selection.Accepted.Count);
        foreach (var day in selection.Accepted.GroupBy(a => a.Item.Day, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var next = await _numbers.NextBlockAsync(connection, write.Transaction, day.Key, day.Count());
            foreach (var (index, _) in day) numbers[index] = CaseNumbering.Format(day.Key, next++);
        }
        await write.CommitAsync(cancellationToken);
        return numbers;
    }

    /// <summary>
    /// Which cases of the batch to write: not those whose externalId exists (skipped), nor those refused when prepared or
    /// at an earlier write (<paramref name="refusedAtWrite"/>), nor those using an eventId already taken.
    /// </summary>
    private async Task<Selection> SelectAsync(DbConnection connection, DbTransaction tx, PreparedImport batch,
        IReadOnlyDictionary<int, string> refusedAtWrite)
    {
        var selection = new Selection(new List<(int, PreparedCase)>(batch.Cases.Count), [], 0);
        var skipped = 0;
        var knownCases = await ExistingIdsAsync(connection, tx, connections.Sql(ExistingExternalIdsSql),
            batch.Cases.Select(c => c.Case.ExternalId).OfType<string>());
        var usedEvents = await ExistingIdsAsync(connection, tx, connections.Sql(ExistingEventIdsSql),
            batch.Cases.SelectMany(c => c.Events.Select(e => e.EventId)).OfType<string>());
        for (var i = 0; i < batch.Cases.Count; i++)
        {
            var item = batch.Cases[i];
            if (item.Case.ExternalId is { } externalId && knownCases.Contains(externalId))
            {
                skipped++;
                continue;
            }
            if ((item.Refusal ?? refusedAtWrite.GetValueOrDefault(i)) is { } refusal)
            {
                selection.Failed.Add((i, refusal));
                continue;
            }
            if (ReusedEventId(item.Events, usedEvents) is { } usedId)
            {
                selection.Failed.Add((i, $"The eventId {usedId} is already used by another case."));
                continue;
            }
            if (item.Case.ExternalId is { } newExternalId) knownCases.Add(newExternalId);
            foreach (var e in item.Events)
                if (e.EventId is { } eventId) usedEvents.Add(eventId);
            selection.Accepted.Add((i, item));
        }
        return selection with { Skipped = skipped };
    }

    /// <summary>
    /// Writes and commits the batch without the cases in <paramref name="refusedAtWrite"/> (reported as failed); or, when the
    /// database refuses a row, rolls it all back and says which. Each attempt is a write transaction of its own.
    /// </summary>
    private async Task<(ImportResult? Result, WriteRefusal? Refusal)> WriteBatchAsync(DbConnection connection, PreparedImport batch,
        IReadOnlyDictionary<int, string> caseNumbers, IReadOnlyDictionary<int, string> refusedAtWrite, bool caseByCase,
        CancellationToken cancellationToken)
    {
        await using var write = await connections.WriteGate.BeginAsync(connection, cancellationToken);
        var tx = write.Transaction;
        var (accepted, failed, skipped) = await SelectAsync(connection, tx, batch, refusedAtWrite);

        var recordedAt = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime);
        await using ICaseRowWriter writer = connection is SqliteConnection sqlite
            ? new SqliteBulkCaseWriter(sqlite)
            : new BulkCaseWriter(connection, tx, connections.Provider);
        foreach (var (index, item) in accepted)
        {
            try
            {
                // Cases are never deleted, so a case accepted now was accepted when the numbers were taken.
                var caseNo = caseNumbers[index];
                var id = await writer.InsertCaseAsync(caseNo, item.Case, item.StreetId, item.Final, cancellationToken);
                foreach (var e in item.Events)
                    await writer.InsertEventAsync(id, e.EventId ?? CaseService.ReportEventId(caseNo), e.Type, e.At, batch.Actor, e.Data,
                        recordedAt, cancellationToken);
                if (caseByCase) await writer.FlushAsync(cancellationToken);
            }
            catch (Exception ex) when (RefusedRow(ex) is { } reason)
            {
                return (null, new WriteRefusal(caseByCase ? index : null, reason));
            }
        }
        try
        {
            await writer.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (RefusedRow(ex) is { } reason)
        {
            return (null, new WriteRefusal(null, reason));
        }
        await write.CommitAsync(cancellationToken);
        return (new ImportResult(accepted.Count, skipped, failed), null);
    }

    /// <summary>Why the database or the writer refused a row for its values; null for any other error, which stops the import.</summary>
    private static string? RefusedRow(Exception ex) => ex switch
    {
        RefusedRowException refused => refused.Message,
        DbException db when DbErrors.IsRefusedRow(db) => $"The database refused the row: {db.Message}",
        _ => null,
    };

    /// <summary>One case checked and folded: the rows to write, or why it cannot be written.</summary>
    private PreparedCase Prepare(ReferenceData refData, CaseImport item)
    {
        if (PreparedCase.Unstorable(item.Case) is { } unstorable) return PreparedCase.Refused(item.Case, unstorable);
        if (CaseService.UnknownReference(refData, item.Case) is { } unknown) return PreparedCase.Refused(item.Case, unknown);
        var reportedAt = DapperSetup.Normalize(item.Case.ReportedAt);
        var state = CaseState.Reported(reportedAt, item.Case.IsUrgent);
        var events = new List<PreparedEvent>(item.Steps.Count + 1)
        {
            new(null, CaseStep.Report.Code(), reportedAt, EventData.For(new CaseCommand(CaseStep.Report, reportedAt), state).ToJson()),
        };
        foreach (var step in item.Steps)
        {
            var command = CaseService.Complete(refData, calendar, item.Case.CategoryId, item.Case.IsUrgent, state, step.Command);
            if (CaseService.UnknownDepartment(refData, command) is { } department) return PreparedCase.Refused(item.Case, $"Step {step.EventId}: {department}");
            var result = CaseWorkflow.Apply(state, command);
            if (result.State is null) return PreparedCase.Refused(item.Case, $"Step {step.EventId} ({step.Command.Step.Code()}): {result.Refusal}");
            state = result.State;
            events.Add(new PreparedEvent(step.EventId, command.Step.Code(), command.At, EventData.For(command, state).ToJson()));
        }
        var street = refData.StreetOf(refData.RegionsById[item.Case.RegionId])!;
        return new PreparedCase(item.Case, street.Id, _numbers.Day(reportedAt), state, events, null);
    }

    /// <summary>
    /// Which of <paramref name="ids"/> the table already holds, asked in one query: the ids go as one JSON array parameter
    /// (a parameter per id would hit SQL Server's 2,100 limit and make SQLite parse a new text for every batch).
    /// </summary>
    private static async Task<HashSet<string>> ExistingIdsAsync(DbConnection connection, DbTransaction tx, string sql, IEnumerable<string> ids)
    {
        var json = JsonSerializer.Serialize(ids);
        return new HashSet<string>(await connection.QueryAsync<string>(sql, new { Ids = json }, tx), StringComparer.Ordinal);
    }

    /// <summary>An event id the case repeats or another case already uses, or null.</summary>
    private static string? ReusedEventId(IReadOnlyList<PreparedEvent> events, HashSet<string> used)
    {
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
            if (e.EventId is { } id && (used.Contains(id) || !own.Add(id))) return id;
        return null;
    }

    // SQL Server: the ids looked up stay locked (UPDLOCK, HOLDLOCK: the keys and the gaps where absent ones would go) until
    // the batch commits, so an API create or step with one of them waits for the import and then finds the row, instead of
    // inserting it between the check and the import's insert (2601/2627 would abort the batch). SQLite: the write
    // transaction holds the file.
    internal static readonly DialectSql ExistingExternalIdsSql = new(
        "SELECT external_id FROM cases WHERE external_id IN (SELECT value FROM json_each(@Ids))",
        "SELECT external_id FROM cases WITH (UPDLOCK, HOLDLOCK) WHERE external_id IN (SELECT id FROM OPENJSON(@Ids) WITH (id NVARCHAR(100) '$'))");

    internal static readonly DialectSql ExistingEventIdsSql = new(
        "SELECT event_id FROM case_events WHERE event_id IN (SELECT value FROM json_each(@Ids))",
        "SELECT event_id FROM case_events WITH (UPDLOCK, HOLDLOCK) WHERE event_id IN (SELECT id FROM OPENJSON(@Ids) WITH (id NVARCHAR(100) '$'))");
}
