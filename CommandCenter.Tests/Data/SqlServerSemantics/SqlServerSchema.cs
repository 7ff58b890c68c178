using CommandCenter.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CommandCenter.Tests.Data.SqlServerSemantics;

/// <summary>A column as the SQL Server migrations leave it. <see cref="Length"/>: null without one, -1 for MAX.</summary>
public sealed record SchemaColumn(string Table, string Name, SqlDataTypeOption Type, int? Length, bool Nullable, string? Collation,
    bool Identity)
{
    public bool IsString => Type is SqlDataTypeOption.Char or SqlDataTypeOption.VarChar or SqlDataTypeOption.NChar
        or SqlDataTypeOption.NVarChar or SqlDataTypeOption.Text or SqlDataTypeOption.NText;

    /// <summary>CHAR/VARCHAR: compared with an NVARCHAR parameter, every row is converted (CONVERT_IMPLICIT) under a SQL_* collation.</summary>
    public bool IsAnsi => Type is SqlDataTypeOption.Char or SqlDataTypeOption.VarChar or SqlDataTypeOption.Text;

    public override string ToString() =>
        $"{Table}.{Name} {Type.ToString().ToUpperInvariant()}{(Length is { } l ? $"({(l < 0 ? "MAX" : l)})" : "")}"
        + (Collation is null ? "" : $" COLLATE {Collation}") + (Nullable ? " NULL" : " NOT NULL");
}

/// <summary>An index or a PRIMARY KEY/UNIQUE constraint (both are indexes to SQL Server).</summary>
public sealed record SchemaIndex(string Table, string Name, IReadOnlyList<string> Columns, bool Unique, bool PrimaryKey, bool Filtered);

/// <summary>
/// The schema the SQL Server migrations build, replayed in memory from their ScriptDom trees: tables, columns (type, length,
/// nullability, collation) and indexes. No server needed. Replaying also checks what a server would refuse and a parse does
/// not see: altering a column that an index or constraint still uses, dropping what does not exist.
/// </summary>
public sealed class SqlServerSchema
{
    private readonly Dictionary<string, Dictionary<string, SchemaColumn>> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SchemaIndex> _indexes = [];

    public IReadOnlyList<SchemaIndex> Indexes => _indexes;
    public IEnumerable<SchemaColumn> Columns => _tables.Values.SelectMany(t => t.Values);

    public static SqlServerSchema FromMigrations() =>
        FromScripts(DatabaseMigrator.Scripts(DatabaseProvider.SqlServer).Select(s => (s.Name, s.Sql)));

    public static SqlServerSchema FromScripts(IEnumerable<(string Name, string Sql)> scripts)
    {
        var schema = new SqlServerSchema();
        foreach (var (name, sql) in scripts)
        {
            var script = SqlText.Parse(sql, name);
            foreach (var statement in script.Batches.SelectMany(b => b.Statements))
            {
                try
                {
                    schema.Apply(statement);
                }
                catch (InvalidOperationException ex)
                {
                    throw new InvalidOperationException($"{name}, line {statement.StartLine}: {ex.Message}", ex);
                }
            }
        }
        return schema;
    }

    public bool HasTable(string table) => _tables.ContainsKey(table);

    public SchemaColumn? Column(string table, string column) =>
        _tables.TryGetValue(table, out var columns) && columns.TryGetValue(column, out var c) ? c : null;

    public SchemaColumn RequiredColumn(string tableDotColumn)
    {
        var parts = tableDotColumn.Split('.');
        return Column(parts[0], parts[1]) ?? throw new InvalidOperationException($"No column {tableDotColumn} in the SQL Server schema.");
    }

    /// <summary>Indexes (and key constraints) that use the column.</summary>
    public IEnumerable<SchemaIndex> IndexesOn(string table, string column) =>
        _indexes.Where(i => i.Table.Equals(table, StringComparison.OrdinalIgnoreCase)
            && i.Columns.Contains(column, StringComparer.OrdinalIgnoreCase));

    private void Apply(TSqlStatement statement)
    {
        switch (statement)
        {
            case CreateTableStatement create:
                var table = create.SchemaObjectName.BaseIdentifier.Value;
                _tables[table] = new Dictionary<string, SchemaColumn>(StringComparer.OrdinalIgnoreCase);
                AddElements(table, create.Definition);
                break;
            case AlterTableAddTableElementStatement add:
                AddElements(add.SchemaObjectName.BaseIdentifier.Value, add.Definition);
                break;
            case AlterTableAlterColumnStatement alter:
                AlterColumn(alter);
                break;
            case AlterTableDropTableElementStatement drop:
                var dropTable = drop.SchemaObjectName.BaseIdentifier.Value;
                foreach (var element in drop.AlterTableDropTableElements)
                    if (element.TableElementType == TableElementType.Column) DropColumn(dropTable, element.Name.Value);
                    else if (element.TableElementType is TableElementType.Constraint or TableElementType.Index or TableElementType.NotSpecified)
                        DropIndex(dropTable, element.Name.Value, mustExist: false); // a DEFAULT or CHECK constraint is no index
                break;
            case DropIndexStatement dropIndex:
                foreach (var clause in dropIndex.DropIndexClauses.OfType<DropIndexClause>())
                    DropIndex(clause.Object.BaseIdentifier.Value, clause.Index.Value, mustExist: !dropIndex.IsIfExists);
                break;
            case CreateIndexStatement index:
                _indexes.Add(new SchemaIndex(index.OnName.BaseIdentifier.Value, index.Name.Value,
                    index.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value).ToList(),
                    index.Unique, PrimaryKey: false, Filtered: index.FilterPredicate is not null));
                break;
        }
    }

    private void AddElements(string table, TableDefinition definition)
    {
        var columns = Table(table);
        foreach (var column in definition.ColumnDefinitions)
        {
            var name = column.ColumnIdentifier.Value;
            var key = column.Constraints.OfType<UniqueConstraintDefinition>().FirstOrDefault();
            var nullable = column.Constraints.OfType<NullableConstraintDefinition>().FirstOrDefault()?.Nullable
                ?? !(key?.IsPrimaryKey ?? false);
            var (type, length) = TypeOf(column.DataType);
            columns[name] = new SchemaColumn(table, name, type, length, nullable, column.Collation?.Value, column.IdentityOptions is not null);
            if (key is not null)
                _indexes.Add(new SchemaIndex(table, key.ConstraintIdentifier?.Value ?? $"{table}.{name}", [name], Unique: true,
                    key.IsPrimaryKey, Filtered: false));
        }
        foreach (var key in definition.TableConstraints.OfType<UniqueConstraintDefinition>())
            _indexes.Add(new SchemaIndex(table, key.ConstraintIdentifier.Value,
                key.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value).ToList(), Unique: true, key.IsPrimaryKey,
                Filtered: false));
    }

    private void AlterColumn(AlterTableAlterColumnStatement alter)
    {
        var table = alter.SchemaObjectName.BaseIdentifier.Value;
        var name = alter.ColumnIdentifier.Value;
        var old = Column(table, name) ?? throw new InvalidOperationException($"ALTER COLUMN {table}.{name}: no such column.");
        // SQL Server refuses to change the type, length or collation of a column an index or key uses (error 5074).
        if (IndexesOn(table, name).Select(i => i.Name).ToList() is { Count: > 0 } users)
            throw new InvalidOperationException($"ALTER COLUMN {table}.{name} while {string.Join(", ", users)} still use it: drop them first.");
        var (type, length) = TypeOf(alter.DataType);
        // Without NULL or NOT NULL, ALTER COLUMN makes the column nullable (ANSI_NULL_DFLT_ON).
        Table(table)[name] = old with
        {
            Type = type, Length = length, Collation = alter.Collation?.Value,
            Nullable = alter.AlterTableAlterColumnOption != AlterTableAlterColumnOption.NotNull,
        };
    }

    private void DropColumn(string table, string name)
    {
        if (!Table(table).Remove(name)) throw new InvalidOperationException($"DROP COLUMN {table}.{name}: no such column.");
    }

    private void DropIndex(string table, string name, bool mustExist)
    {
        var removed = _indexes.RemoveAll(i => i.Table.Equals(table, StringComparison.OrdinalIgnoreCase)
            && i.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (removed == 0 && mustExist) throw new InvalidOperationException($"DROP INDEX {name} ON {table}: no such index.");
    }

    private Dictionary<string, SchemaColumn> Table(string table) =>
        _tables.TryGetValue(table, out var columns) ? columns : throw new InvalidOperationException($"No table {table}.");

    internal static (SqlDataTypeOption Type, int? Length) TypeOf(DataTypeReference reference)
    {
        if (reference is not SqlDataTypeReference sql) throw new InvalidOperationException($"Unsupported type {reference.Name.BaseIdentifier.Value}.");
        int? length = sql.Parameters.FirstOrDefault() switch
        {
            MaxLiteral => -1,
            IntegerLiteral i when sql.SqlDataTypeOption is SqlDataTypeOption.Char or SqlDataTypeOption.VarChar
                or SqlDataTypeOption.NChar or SqlDataTypeOption.NVarChar => int.Parse(i.Value, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        return (sql.SqlDataTypeOption, length);
    }
}

/// <summary>Parsing T-SQL the way SQL Server 2022 does (quoted identifiers on).</summary>
public static class SqlText
{
    public static TSqlScript Parse(string sql, string name)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        if (errors.Count > 0)
            throw new InvalidOperationException($"{name} does not parse: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}");
        return (TSqlScript)fragment;
    }

    /// <summary>Every node under <paramref name="root"/>, itself included.</summary>
    public static List<TSqlFragment> Descendants(TSqlFragment root)
    {
        var all = new List<TSqlFragment>();
        root.Accept(new Collector(all));
        return all;
    }

    /// <summary>The statement's own text, on one line, for a finding.</summary>
    public static string TextOf(TSqlFragment fragment)
    {
        var tokens = fragment.ScriptTokenStream;
        var text = string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
            .Select(i => tokens[i].Text));
        return string.Join(' ', text.Split((char[])['\r', '\n', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private sealed class Collector(List<TSqlFragment> all) : TSqlFragmentVisitor
    {
        public override void Visit(TSqlFragment node) => all.Add(node);
    }
}
