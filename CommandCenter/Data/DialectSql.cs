namespace CommandCenter.Data;

/// <summary>
/// One statement whose text differs between the engines, both texts side by side (for example SQLite's
/// <c>INSERT … RETURNING</c> and SQL Server's <c>OUTPUT INSERTED</c>). Held in a <c>static readonly</c> field and picked with
/// <see cref="DbConnectionFactory.Sql"/>. A text both engines accept stays a plain <c>const string</c> named <c>…Sql</c>.
/// The SQL Server side of every <see cref="DialectSql"/> is parsed as T-SQL in the tests.
/// </summary>
public sealed record DialectSql(string Sqlite, string SqlServer)
{
    public string For(DatabaseProvider provider) => provider == DatabaseProvider.SqlServer ? SqlServer : Sqlite;
}
