using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Security;
using Dapper;

namespace CommandCenter.Features.Reference;

/// <summary>
/// Reads and writes <c>work_calendar</c> (节假日与调休). Every write goes through the write gate in one transaction, then applies
/// the change feed here (a trigger recorded the edit: this node reloads <see cref="ReferenceCatalog"/> at once, every other node
/// at its next poll), so the next dispatch's deadline counts the new calendar without a restart. Deadlines already set stay.
/// </summary>
public sealed class WorkCalendarStore(DbConnectionFactory connections, SecurityChangeFeed changes)
{
    /// <summary>The audit action of an import of a year (page or CLI).</summary>
    public const string ImportAction = "reference.calendar.import";

    /// <summary>The width of <c>work_calendar.name</c>.</summary>
    public const int NameMaxLength = 100;

    /// <summary>The named days of a year, in date order.</summary>
    public async Task<IReadOnlyList<CalendarDay>> YearAsync(int year, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<WorkCalendarRow>(new CommandDefinition(YearSql,
            new { From = new DateOnly(year, 1, 1), To = new DateOnly(year + 1, 1, 1) }, cancellationToken: ct));
        return rows.Select(r => r.ToDay()).ToList();
    }

    /// <summary>The years the calendar names days in, in order.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var days = await connection.QueryAsync<DateOnly>(new CommandDefinition(DaysSql, cancellationToken: ct));
        return days.Select(d => d.Year).Distinct().Order().ToList();
    }

    /// <summary>Names one day (a new one, or another name or kind for a day already named).</summary>
    public Task SaveDayAsync(CalendarDay day, CancellationToken ct = default) => WriteAsync(async (connection, tx) =>
    {
        await connection.ExecuteAsync(new CommandDefinition(DeleteDaySql, new { day.Date }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, Row(day), tx, cancellationToken: ct));
    }, ct);

    /// <summary>Forgets a named day: it works or rests as its weekday does.</summary>
    public Task DeleteDayAsync(DateOnly date, CancellationToken ct = default) => WriteAsync((connection, tx) =>
        connection.ExecuteAsync(new CommandDefinition(DeleteDaySql, new { Date = date }, tx, cancellationToken: ct)), ct);

    /// <summary>Replaces a whole year with the file's days (<see cref="WorkCalendarFile"/>), in one transaction.</summary>
    public Task ImportYearAsync(WorkCalendarYear year, CancellationToken ct = default) => WriteAsync(async (connection, tx) =>
    {
        await connection.ExecuteAsync(new CommandDefinition(DeleteYearSql,
            new { From = new DateOnly(year.Year, 1, 1), To = new DateOnly(year.Year + 1, 1, 1) }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, year.Days.Select(Row), tx, cancellationToken: ct));
    }, ct);

    private async Task WriteAsync(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task> work, CancellationToken ct)
    {
        await using (var write = await connections.WriteGate.BeginAsync(ct))
        {
            var (connection, tx) = write;
            await work(connection, tx);
            await write.CommitAsync(ct);
        }
        await changes.ApplyOwnChangeAsync();
    }

    private static object Row(CalendarDay day) => new { day.Date, day.Name, day.IsOffDay };

    private const string YearSql = """
        SELECT day AS Day, name AS Name, is_off_day AS IsOffDay FROM work_calendar WHERE day >= @From AND day < @To ORDER BY day
        """;
    private const string DaysSql = "SELECT day FROM work_calendar ORDER BY day";
    private const string InsertSql = "INSERT INTO work_calendar (day, name, is_off_day) VALUES (@Date, @Name, @IsOffDay)";
    private const string DeleteDaySql = "DELETE FROM work_calendar WHERE day = @Date";
    private const string DeleteYearSql = "DELETE FROM work_calendar WHERE day >= @From AND day < @To";
}
