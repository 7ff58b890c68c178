using System.Data.Common;
using System.Globalization;
using CommandCenter.Data;
using CommandCenter.Domain;
using Dapper;

namespace CommandCenter.Features.Cases;

/// <summary>
/// 案件编号 — a case's number: the local day it was reported and its place in that day, <c>20261122-00042</c>. The numbers of
/// a day are taken from <c>case_no_sequences</c>. A case created online takes its number inside its own transaction, so a
/// rolled-back create gives its number back; an import takes its numbers in a short transaction before it writes the batch
/// (<see cref="BulkImport"/>), so a case it then does not write leaves a gap. Numbers are unique and increase within a day.
/// </summary>
public sealed class CaseNumbering(DbConnectionFactory connections, BusinessCalendar calendar)
{
    /// <summary>The local day of a case number, e.g. 20261122.</summary>
    public string Day(DateTime reportedAtUtc) => calendar.LocalDate(reportedAtUtc).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The <paramref name="sequence"/>th case number of <paramref name="day"/>.</summary>
    public static string Format(string day, int sequence) => $"{day}-{sequence:D5}";

    /// <summary>Takes the next number of <paramref name="day"/>.</summary>
    public async Task<string> NextAsync(DbConnection connection, DbTransaction tx, string day) =>
        Format(day, await connection.ExecuteScalarAsync<int>(connections.Sql(NextCaseNoSql), new { Day = day }, tx));

    /// <summary>Takes <paramref name="count"/> numbers of <paramref name="day"/> at once and returns the first of them.</summary>
    public async Task<int> NextBlockAsync(DbConnection connection, DbTransaction tx, string day, int count)
    {
        var last = await connection.ExecuteScalarAsync<int>(connections.Sql(NextCaseNoBlockSql), new { Day = day, Count = count }, tx);
        return last - count + 1;
    }

    internal static readonly DialectSql NextCaseNoSql = new(
        """
        INSERT INTO case_no_sequences (day, last_no) VALUES (@Day, 1)
        ON CONFLICT (day) DO UPDATE SET last_no = last_no + 1
        RETURNING last_no;
        """,
        """
        MERGE case_no_sequences WITH (HOLDLOCK) AS t
        USING (SELECT @Day AS day) AS s ON t.day = s.day
        WHEN MATCHED THEN UPDATE SET last_no = t.last_no + 1
        WHEN NOT MATCHED THEN INSERT (day, last_no) VALUES (s.day, 1)
        OUTPUT INSERTED.last_no;
        """);

    /// <summary>Takes <c>@Count</c> numbers of a day at once and returns the last of them.</summary>
    internal static readonly DialectSql NextCaseNoBlockSql = new(
        """
        INSERT INTO case_no_sequences (day, last_no) VALUES (@Day, @Count)
        ON CONFLICT (day) DO UPDATE SET last_no = last_no + @Count
        RETURNING last_no;
        """,
        """
        MERGE case_no_sequences WITH (HOLDLOCK) AS t
        USING (SELECT @Day AS day, @Count AS n) AS s ON t.day = s.day
        WHEN MATCHED THEN UPDATE SET last_no = t.last_no + s.n
        WHEN NOT MATCHED THEN INSERT (day, last_no) VALUES (s.day, s.n)
        OUTPUT INSERTED.last_no;
        """);
}
