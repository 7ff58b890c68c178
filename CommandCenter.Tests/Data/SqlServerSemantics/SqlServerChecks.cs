using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CommandCenter.Tests.Data.SqlServerSemantics;

/// <summary>One thing SQL Server would get wrong: which rule, where (a query field or a table), and what.</summary>
public sealed record Finding(string Rule, string Where, string What)
{
    public override string ToString() => $"[{Rule}] {Where}: {What}";
}

/// <summary>
/// The semantic rules every SQL Server text and the schema must keep (README "SQL Server semantic checks"). Each rule is a
/// function of the schema replayed from the migrations (<see cref="SqlServerSchema"/>) and of a text's ScriptDom tree.
/// </summary>
public static class SqlServerChecks
{
    public const string AnsiParameter = "ansi-parameter";
    public const string TopWithoutOrderBy = "top-without-order-by";
    public const string UnfilteredNullableUnique = "unfiltered-nullable-unique";
    public const string UnguardedInsertIfAbsent = "unguarded-insert-if-absent";
    public const string IdCollation = "id-collation";
    public const string NameCollation = "name-collation";

    /// <summary>
    /// A parameter compared with a CHAR/VARCHAR column, or inserted into one a unique key uses. Dapper sends a .NET string as
    /// NVARCHAR(4000); NVARCHAR outranks VARCHAR, so SQL Server converts the column on every row (CONVERT_IMPLICIT) and,
    /// under any SQL_* collation, seeks no index; inserted, the value is narrowed to the column's code page first, and two
    /// different ids can meet in the key as the same '?'. The checker cannot see the C# call site, so it accepts no DbString/AnsiString
    /// claim: a text that means to compare ANSI converts the parameter itself (<c>CAST(@P AS VARCHAR(n))</c>, converted once),
    /// which is not a bare parameter and so passes; the columns this project compares are NVARCHAR/NCHAR instead.
    /// A column of a derived table that is a bare parameter (<c>USING (SELECT @Day AS day) AS s</c>) counts as the parameter.
    /// </summary>
    public static IEnumerable<Finding> AnsiParameters(SqlServerSchema schema, string where, string sql)
    {
        foreach (var statement in Statements(sql, where))
        {
            var scope = Scope.Of(schema, statement);
            foreach (var node in SqlText.Descendants(statement))
            {
                switch (node)
                {
                    case BooleanComparisonExpression c:
                        if (scope.AnsiColumnAgainstParameter(c.FirstExpression, c.SecondExpression) is { } a) yield return Compared(a);
                        else if (scope.AnsiColumnAgainstParameter(c.SecondExpression, c.FirstExpression) is { } b) yield return Compared(b);
                        break;
                    case InPredicate { Values.Count: > 0 } @in:
                        foreach (var value in @in.Values)
                            if (scope.AnsiColumnAgainstParameter(@in.Expression, value) is { } inColumn)
                            {
                                yield return Compared(inColumn);
                                break;
                            }
                        break;
                    case LikePredicate like when scope.AnsiColumnAgainstParameter(like.FirstExpression, like.SecondExpression) is { } likeColumn:
                        yield return Compared(likeColumn);
                        break;
                    case BooleanTernaryExpression between
                        when (scope.AnsiColumnAgainstParameter(between.FirstExpression, between.SecondExpression)
                              ?? scope.AnsiColumnAgainstParameter(between.FirstExpression, between.ThirdExpression)) is { } betweenColumn:
                        yield return Compared(betweenColumn);
                        break;
                    case InsertSpecification insert when insert.Target is NamedTableReference target:
                        foreach (var column in scope.AnsiKeyColumnsGivenParameters(target.SchemaObject.BaseIdentifier.Value, insert.Columns,
                                     insert.InsertSource))
                            yield return Inserted(column);
                        break;
                    case MergeSpecification { Target: NamedTableReference mergeTarget } merge:
                        foreach (var action in merge.ActionClauses.Select(a => a.Action).OfType<InsertMergeAction>())
                            foreach (var column in scope.AnsiKeyColumnsGivenParameters(mergeTarget.SchemaObject.BaseIdentifier.Value,
                                         action.Columns, action.Source))
                                yield return Inserted(column);
                        break;
                }
            }

            Finding Compared(SchemaColumn column) => new(AnsiParameter, where,
                $"{column} compared with an NVARCHAR parameter in: {SqlText.TextOf(statement)}");
            Finding Inserted(SchemaColumn column) => new(AnsiParameter, where,
                $"{column} (unique key) given an NVARCHAR parameter in: {SqlText.TextOf(statement)}");
        }
    }

    /// <summary>
    /// TOP or OFFSET without ORDER BY returns whichever rows the plan reaches first: a different page, cursor or "latest" from
    /// one plan to the next. An UPDATE/DELETE TOP cannot be ordered at all.
    /// </summary>
    public static IEnumerable<Finding> TopsWithoutOrderBy(string where, string sql)
    {
        foreach (var statement in Statements(sql, where))
            foreach (var node in SqlText.Descendants(statement))
            {
                var unordered = node switch
                {
                    QuerySpecification q => (q.TopRowFilter is not null || q.OffsetClause is not null) && q.OrderByClause is null,
                    UpdateDeleteSpecificationBase u => u.TopRowFilter is not null,
                    _ => false,
                };
                if (unordered) yield return new(TopWithoutOrderBy, where, $"TOP/OFFSET without ORDER BY in: {SqlText.TextOf(node)}");
            }
    }

    /// <summary>
    /// <c>INSERT … SELECT … WHERE NOT EXISTS (…)</c> is check-then-act: two sessions both see "absent". Safe only when a unique
    /// key over the inserted columns turns the loser into a duplicate-key error, or when the check takes a range lock
    /// (UPDLOCK/HOLDLOCK/SERIALIZABLE) that the other session must wait for.
    /// </summary>
    public static IEnumerable<Finding> UnguardedInsertsIfAbsent(SqlServerSchema schema, string where, string sql)
    {
        foreach (var statement in Statements(sql, where))
        {
            var nodes = SqlText.Descendants(statement);
            foreach (var insert in nodes.OfType<InsertSpecification>())
            {
                if (insert.InsertSource is not SelectInsertSource select || insert.Target is not NamedTableReference target) continue;
                var checksAbsence = SqlText.Descendants(select).OfType<BooleanNotExpression>()
                    .Any(n => Unwrap(n.Expression) is ExistsPredicate);
                if (!checksAbsence) continue;
                var locked = nodes.OfType<NamedTableReference>().SelectMany(t => t.TableHints)
                    .Any(h => h.HintKind is TableHintKind.UpdLock or TableHintKind.HoldLock or TableHintKind.Serializable);
                var table = target.SchemaObject.BaseIdentifier.Value;
                var inserted = insert.Columns.Select(c => c.MultiPartIdentifier.Identifiers[^1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var keyed = schema.Indexes.Any(i => i.Unique && i.Table.Equals(table, StringComparison.OrdinalIgnoreCase)
                    && i.Columns.All(inserted.Contains)
                    && !i.Columns.All(c => schema.Column(table, c)?.Identity ?? false));
                if (!locked && !keyed)
                    yield return new(UnguardedInsertIfAbsent, where,
                        $"INSERT … WHERE NOT EXISTS into {table} with neither a unique key over its columns nor a locking hint: {SqlText.TextOf(statement)}");
            }
        }
    }

    /// <summary>A UNIQUE index or constraint admits one NULL on SQL Server (any number on SQLite): a nullable one must be filtered.</summary>
    public static IEnumerable<Finding> UnfilteredNullableUniques(SqlServerSchema schema) =>
        schema.Indexes
            .Where(i => i.Unique && !i.Filtered && i.Columns.Any(c => schema.Column(i.Table, c)?.Nullable ?? false))
            .Select(i => new Finding(UnfilteredNullableUnique, i.Table,
                $"{i.Name} ({string.Join(", ", i.Columns)}) is unique over a nullable column without a WHERE … IS NOT NULL filter"));

    /// <summary>
    /// Ids, hashes and case numbers are compared ordinally (docs/domain.md "The same id"): a string column named <c>case_no</c>,
    /// <c>…_id</c> or <c>…_hash</c>, or one of <paramref name="alsoIds"/>, has an explicit binary collation (…_BIN2), never the
    /// database's default.
    /// </summary>
    public static IEnumerable<Finding> IdColumnsNotBinary(SqlServerSchema schema, IReadOnlyCollection<string> alsoIds) =>
        schema.Columns
            .Where(c => c.IsString && (c.Name.Equals("case_no", StringComparison.OrdinalIgnoreCase)
                || c.Name.EndsWith("_id", StringComparison.OrdinalIgnoreCase) || c.Name.EndsWith("_hash", StringComparison.OrdinalIgnoreCase)
                || alsoIds.Contains($"{c.Table}.{c.Name}", StringComparer.OrdinalIgnoreCase)))
            .Where(c => c.Collation?.EndsWith("_BIN2", StringComparison.OrdinalIgnoreCase) != true)
            .Select(c => new Finding(IdCollation, $"{c.Table}.{c.Name}", $"{c} is an id: it needs an explicit binary (…_BIN2) collation"));

    /// <summary>
    /// Account and device names match whatever their case (SQLite: COLLATE NOCASE): a column named <c>user_name</c>, or one of
    /// <paramref name="alsoNames"/>, has an explicit case-insensitive collation, never the database's default.
    /// </summary>
    public static IEnumerable<Finding> NameColumnsNotCaseInsensitive(SqlServerSchema schema, IReadOnlyCollection<string> alsoNames) =>
        schema.Columns
            .Where(c => c.IsString && (c.Name.Equals("user_name", StringComparison.OrdinalIgnoreCase)
                || alsoNames.Contains($"{c.Table}.{c.Name}", StringComparer.OrdinalIgnoreCase)))
            .Where(c => c.Collation?.Contains("_CI_", StringComparison.OrdinalIgnoreCase) != true)
            .Select(c => new Finding(NameCollation, $"{c.Table}.{c.Name}", $"{c} is a name matched case-insensitively: it needs an explicit …_CI_… collation"));

    private static IEnumerable<TSqlStatement> Statements(string sql, string where) =>
        SqlText.Parse(sql, where).Batches.SelectMany(b => b.Statements);

    private static ScalarExpression Unwrap(ScalarExpression e)
    {
        while (e is ParenthesisExpression p) e = p.Expression;
        return e;
    }

    private static BooleanExpression Unwrap(BooleanExpression e)
    {
        while (e is BooleanParenthesisExpression p) e = p.Expression;
        return e;
    }

    /// <summary>The tables a statement names (by alias and by name) and the columns of its derived tables that are bare parameters.</summary>
    private sealed class Scope(SqlServerSchema schema)
    {
        private readonly Dictionary<string, string> _tableByAlias = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, HashSet<string>> _parameterColumnsByAlias = new(StringComparer.OrdinalIgnoreCase);

        public static Scope Of(SqlServerSchema schema, TSqlStatement statement)
        {
            var scope = new Scope(schema);
            foreach (var node in SqlText.Descendants(statement))
                switch (node)
                {
                    case NamedTableReference t when schema.HasTable(t.SchemaObject.BaseIdentifier.Value):
                        var table = t.SchemaObject.BaseIdentifier.Value;
                        scope._tableByAlias[table] = table;
                        if (t.Alias is not null) scope._tableByAlias[t.Alias.Value] = table;
                        break;
                    case MergeSpecification { Target: NamedTableReference target, TableAlias: { } alias }
                        when schema.HasTable(target.SchemaObject.BaseIdentifier.Value):
                        scope._tableByAlias[alias.Value] = target.SchemaObject.BaseIdentifier.Value;
                        break;
                    case QueryDerivedTable { Alias: { } derivedAlias, QueryExpression: QuerySpecification q }:
                        scope._parameterColumnsByAlias[derivedAlias.Value] = q.SelectElements.OfType<SelectScalarExpression>()
                            .Where(s => s.ColumnName is not null && Unwrap(s.Expression) is VariableReference)
                            .Select(s => s.ColumnName.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
                        break;
                }
            return scope;
        }

        /// <summary>The CHAR/VARCHAR column <paramref name="column"/> names when <paramref name="other"/> is a parameter.</summary>
        public SchemaColumn? AnsiColumnAgainstParameter(ScalarExpression column, ScalarExpression other) =>
            IsParameter(other) && Unwrap(column) is ColumnReferenceExpression reference && Resolve(reference) is { IsAnsi: true } c ? c : null;

        /// <summary>The CHAR/VARCHAR columns of a unique key that an INSERT gives a bare parameter.</summary>
        public IEnumerable<SchemaColumn> AnsiKeyColumnsGivenParameters(string table, IList<ColumnReferenceExpression> columns, InsertSource? source)
        {
            IReadOnlyList<ScalarExpression> values = source switch
            {
                ValuesInsertSource v when v.RowValues.Count > 0 => [.. v.RowValues[0].ColumnValues],
                SelectInsertSource { Select: QuerySpecification q } => q.SelectElements
                    .Select(e => e is SelectScalarExpression s ? s.Expression : null).OfType<ScalarExpression>().ToList(),
                _ => [],
            };
            for (var i = 0; i < Math.Min(columns.Count, values.Count); i++)
            {
                if (!IsParameter(values[i])) continue;
                var name = columns[i].MultiPartIdentifier.Identifiers[^1].Value;
                if (schema.Column(table, name) is { IsAnsi: true } c && schema.IndexesOn(table, name).Any(i => i.Unique)) yield return c;
            }
        }

        private bool IsParameter(ScalarExpression e) => Unwrap(e) switch
        {
            VariableReference => true,
            ColumnReferenceExpression { MultiPartIdentifier.Identifiers: { Count: 2 } ids } =>
                _parameterColumnsByAlias.TryGetValue(ids[0].Value, out var columns) && columns.Contains(ids[1].Value),
            _ => false,
        };

        private SchemaColumn? Resolve(ColumnReferenceExpression reference)
        {
            if (reference.MultiPartIdentifier?.Identifiers is not { Count: > 0 } ids) return null;
            var name = ids[^1].Value;
            if (ids.Count >= 2)
                return _tableByAlias.TryGetValue(ids[^2].Value, out var table) ? schema.Column(table, name) : null;
            // Unqualified: the statement's table that has the column; a name several of its tables share (each in its own
            // subquery) counts as ANSI when any of them is, so the rule errs towards a finding.
            var candidates = _tableByAlias.Values.Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(t => schema.Column(t, name)).OfType<SchemaColumn>().ToList();
            return candidates.Count == 1 ? candidates[0] : candidates.FirstOrDefault(c => c.IsAnsi);
        }
    }
}
