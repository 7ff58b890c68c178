using System.Reflection;
using CommandCenter.Apis;
using CommandCenter.Cli;
using CommandCenter.Data;
using CommandCenter.Features.Account;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Schedule;

namespace CommandCenter.Tests.Data.SqlServerSemantics;

/// <summary>
/// What SQL Server would get wrong and a parse does not see, checked here without a server: the schema is replayed from the
/// SQL Server migrations (<see cref="SqlServerSchema"/>) and every text SQL Server executes (the set
/// <see cref="SqlServerScriptsParseTests"/> parses) is checked against it (<see cref="SqlServerChecks"/>).
/// </summary>
public sealed class SqlServerSemanticsTests
{
    private static readonly SqlServerSchema Schema = SqlServerSchema.FromMigrations();

    private static IEnumerable<(string Field, string Sql)> Texts =>
        SqlServerScriptsParseTests.QueryTexts.Select(t => (t.Key, SqlServerScriptsParseTests.ExpandDapperLists(t.Value)));

    /// <summary>A case number's day is part of the case number, so it is an id too (its name does not say so).</summary>
    private static readonly string[] AlsoIds = ["case_no_sequences.day"];

    /// <summary>Names SQLite declares COLLATE NOCASE besides user_name: a key's and a wall screen's name.</summary>
    private static readonly string[] AlsoNames = ["api_keys.name", "display_devices.name"];

    /// <summary>
    /// Every validation limit and the columns it guards: the limit is read from the C# constant, the width from the schema,
    /// so no pair of numbers is kept by hand. <see cref="ValidationLimits_EveryMaxLengthConstant_IsListed"/> makes sure a new
    /// limit is added here.
    /// </summary>
    public static readonly TheoryData<string, int, string> Limits = new()
    {
        { nameof(IntakeRequests.MaxIdLength), IntakeRequests.MaxIdLength, "cases.external_id" },
        { nameof(IntakeRequests.MaxIdLength), IntakeRequests.MaxIdLength, "case_events.event_id" },
        { nameof(IntakeRequests.MaxIdLength), IntakeRequests.MaxIdLength, "patrols.external_id" },
        { nameof(IntakeRequests.MaxDescriptionLength), IntakeRequests.MaxDescriptionLength, "cases.description" },
        { nameof(IntakeRequests.MaxAddressLength), IntakeRequests.MaxAddressLength, "cases.address" },
        { nameof(IntakeRequests.MaxPhoneLength), IntakeRequests.MaxPhoneLength, "cases.reporter_phone" },
        // A lifecycle step's reason is kept in the event's JSON data.
        { nameof(IntakeRequests.MaxReasonLength), IntakeRequests.MaxReasonLength, "case_events.data" },
        { nameof(ReferenceValidation.CodeMaxLength), ReferenceValidation.CodeMaxLength, "regions.code" },
        { nameof(ReferenceValidation.CodeMaxLength), ReferenceValidation.CodeMaxLength, "departments.code" },
        { nameof(ReferenceValidation.CodeMaxLength), ReferenceValidation.CodeMaxLength, "categories.code" },
        { nameof(ReferenceValidation.CodeMaxLength), ReferenceValidation.CodeMaxLength, "roads.code" },
        { nameof(ReferenceValidation.CodeMaxLength), ReferenceValidation.CodeMaxLength, "leaders.code" },
        { nameof(ReferenceValidation.NameMaxLength), ReferenceValidation.NameMaxLength, "regions.name" },
        { nameof(ReferenceValidation.NameMaxLength), ReferenceValidation.NameMaxLength, "departments.name" },
        { nameof(ReferenceValidation.NameMaxLength), ReferenceValidation.NameMaxLength, "categories.name" },
        { nameof(ReferenceValidation.NameMaxLength), ReferenceValidation.NameMaxLength, "roads.name" },
        { nameof(ReferenceValidation.NameMaxLength), ReferenceValidation.NameMaxLength, "leaders.name" },
        { nameof(ReferenceValidation.NameMaxLength), ReferenceValidation.NameMaxLength, "leaders.title" },
        { nameof(PatrolPlanStore.NoteMaxLength), PatrolPlanStore.NoteMaxLength, "patrol_plans.note" },
        { nameof(WorkCalendarStore.NameMaxLength), WorkCalendarStore.NameMaxLength, "work_calendar.name" },
        // A name typed at sign-in is recorded before anything checks it.
        { nameof(LoginPage.MaxUserNameLength), LoginPage.MaxUserNameLength, "sign_in_attempts.user_name" },
        { nameof(LoginPage.MaxUserNameLength), LoginPage.MaxUserNameLength, "sign_in_account_failures.user_name" },
        { nameof(LoginPage.MaxUserNameLength), LoginPage.MaxUserNameLength, "sign_in_known_clients.user_name" },
        { nameof(LoginPage.MaxUserNameLength), LoginPage.MaxUserNameLength, "audit_log.actor" },
        { nameof(LoginPage.MaxUserNameLength), LoginPage.MaxUserNameLength, "audit_log.target" },
        { nameof(CommandLine.MaxImportFileNameLength), CommandLine.MaxImportFileNameLength, "audit_log.target" },
        // The audit detail is free text of any size (a week's plan copied for every leader): only MAX fits.
        { "AuditLog.WriteAsync detail", int.MaxValue, "audit_log.detail" },
    };

    [Fact]
    public void QueryTexts_NoParameter_MeetsAnAnsiColumn()
    {
        var findings = Texts.SelectMany(t => SqlServerChecks.AnsiParameters(Schema, t.Field, t.Sql));

        AssertNone(findings);
    }

    [Fact]
    public void QueryTexts_EveryTopAndOffset_HasOrderBy()
    {
        var findings = Texts.SelectMany(t => SqlServerChecks.TopsWithoutOrderBy(t.Field, t.Sql));

        AssertNone(findings);
    }

    [Fact]
    public void QueryTexts_EveryInsertIfAbsent_IsBackedByAUniqueKeyOrALock()
    {
        var findings = Texts.SelectMany(t => SqlServerChecks.UnguardedInsertsIfAbsent(Schema, t.Field, t.Sql));

        AssertNone(findings);
    }

    [Fact]
    public void Schema_EveryUniqueOverANullableColumn_IsFiltered()
    {
        AssertNone(SqlServerChecks.UnfilteredNullableUniques(Schema));
    }

    [Fact]
    public void Schema_EveryIdHashAndCaseNumberColumn_HasABinaryCollation()
    {
        AssertNone(SqlServerChecks.IdColumnsNotBinary(Schema, AlsoIds));
    }

    [Fact]
    public void Schema_EveryNameColumn_HasACaseInsensitiveCollation()
    {
        AssertNone(SqlServerChecks.NameColumnsNotCaseInsensitive(Schema, AlsoNames));
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void ValidationLimit_FitsItsColumn(string constant, int limit, string column)
    {
        var c = Schema.RequiredColumn(column);

        Assert.True(c.IsString, $"{column} is not a string column: {c}");
        Assert.True(c.Length == -1 || c.Length >= limit, $"{constant} = {limit} does not fit {c}");
        // VARCHAR/CHAR widths are bytes, and non-ASCII text does not survive a non-UTF-8 code page: what users type is
        // Unicode. The one exception is the reporter's phone, which IntakeRequests admits as ASCII digits, spaces and + - ( ) only.
        Assert.True(!c.IsAnsi || constant == nameof(IntakeRequests.MaxPhoneLength), $"{column} holds what users type: make it NVARCHAR ({c})");
    }

    /// <summary>Length limits on input that is searched with but never written, each with the reason.</summary>
    private static readonly Dictionary<string, string> NeverStored = new(StringComparer.Ordinal)
    {
        [nameof(CommandCenter.Features.Cases.CaseFilters.MaxTextLength)] = "the case list's search text: only compared with LIKE",
    };

    /// <summary>A limit nobody maps to its column is a hand-kept number again: every <c>const int</c> named like a length limit is
    /// listed (or named as never stored).</summary>
    [Fact]
    public void ValidationLimits_EveryMaxLengthConstant_IsListed()
    {
        var listed = Limits.Select(row => (string)row[0]).Concat(NeverStored.Keys).ToHashSet(StringComparer.Ordinal);
        var constants = typeof(DatabaseMigrator).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(int)
                && (f.Name.EndsWith("MaxLength", StringComparison.Ordinal)
                    || (f.Name.StartsWith("Max", StringComparison.Ordinal) && f.Name.EndsWith("Length", StringComparison.Ordinal))))
            .Select(f => f.Name);

        Assert.All(constants, c => Assert.Contains(c, listed));
    }

    // The rules themselves, on texts and schemas made to break them: each must be able to fail.

    private static readonly SqlServerSchema Legacy = SqlServerSchema.FromScripts([("legacy.sql", """
        CREATE TABLE seq (day CHAR(8) NOT NULL CONSTRAINT pk_seq PRIMARY KEY, last_no INT NOT NULL);
        CREATE TABLE items (
            id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_items PRIMARY KEY,
            case_no VARCHAR(32) NOT NULL CONSTRAINT uq_items_case_no UNIQUE,
            external_id NVARCHAR(100) NULL CONSTRAINT uq_items_external_id UNIQUE,
            user_name NVARCHAR(100) NOT NULL,
            note VARCHAR(100) NULL,
            address NVARCHAR(400) NULL);
        """)]);

    [Theory]
    [InlineData("SELECT id FROM items WHERE case_no = @CaseNo")]
    [InlineData("SELECT i.id FROM items AS i WHERE @CaseNo = (i.case_no)")]
    [InlineData("SELECT id FROM items WHERE case_no IN (@A, @B)")]
    [InlineData("SELECT id FROM items WHERE case_no LIKE @Prefix")]
    [InlineData("INSERT INTO items (case_no, user_name) VALUES (@CaseNo, N'x')")]
    [InlineData("MERGE seq WITH (HOLDLOCK) AS t USING (SELECT @Day AS day) AS s ON t.day = s.day WHEN NOT MATCHED THEN INSERT (day, last_no) VALUES (s.day, 1);")]
    public void AnsiParameters_ParameterAgainstVarcharKey_IsFound(string sql)
    {
        Assert.NotEmpty(SqlServerChecks.AnsiParameters(Legacy, "t", sql));
    }

    [Theory]
    [InlineData("SELECT id FROM items WHERE case_no = CAST(@CaseNo AS VARCHAR(32))")]
    [InlineData("SELECT id FROM items WHERE external_id = @Id")]
    [InlineData("SELECT id FROM items WHERE case_no = 'X'")]
    [InlineData("INSERT INTO items (note, user_name) VALUES (@Note, N'x')")]
    public void AnsiParameters_ConvertedOrUnicodeOrUnindexed_IsNotFound(string sql)
    {
        Assert.Empty(SqlServerChecks.AnsiParameters(Legacy, "t", sql));
    }

    [Theory]
    [InlineData("SELECT TOP (1) id FROM items", 1)]
    [InlineData("SELECT TOP (1) id FROM items ORDER BY id", 0)]
    [InlineData("SELECT id FROM items WHERE EXISTS (SELECT TOP (1) 1 FROM seq)", 1)]
    [InlineData("UPDATE TOP (5) items SET note = NULL", 1)]
    [InlineData("SELECT id FROM items ORDER BY id OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY", 0)]
    public void TopsWithoutOrderBy_CountsUnorderedOnes(string sql, int expected)
    {
        Assert.Equal(expected, SqlServerChecks.TopsWithoutOrderBy("t", sql).Count());
    }

    [Theory]
    [InlineData("INSERT INTO items (user_name, note) SELECT @U, @N WHERE NOT EXISTS (SELECT 1 FROM items WHERE user_name = @U)", 1)]
    [InlineData("INSERT INTO items (user_name, note) SELECT @U, @N WHERE NOT EXISTS (SELECT 1 FROM items WITH (UPDLOCK, HOLDLOCK) WHERE user_name = @U)", 0)]
    [InlineData("INSERT INTO items (case_no, user_name) SELECT @C, @U WHERE NOT EXISTS (SELECT 1 FROM items WHERE case_no = @C)", 0)]
    public void UnguardedInsertsIfAbsent_NeedsAKeyOrALock(string sql, int expected)
    {
        Assert.Equal(expected, SqlServerChecks.UnguardedInsertsIfAbsent(Legacy, "t", sql).Count());
    }

    [Fact]
    public void SchemaRules_OnALegacySchema_FindEachProblem()
    {
        Assert.Equal(["items"], SqlServerChecks.UnfilteredNullableUniques(Legacy).Select(f => f.Where));
        Assert.Equal(["items.case_no", "items.external_id", "seq.day"],
            SqlServerChecks.IdColumnsNotBinary(Legacy, ["seq.day"]).Select(f => f.Where).Order(StringComparer.Ordinal));
        Assert.Equal(["items.user_name"], SqlServerChecks.NameColumnsNotCaseInsensitive(Legacy, []).Select(f => f.Where));
    }

    [Fact]
    public void Schema_AlterColumnUnderAnIndex_IsRefusedLikeSqlServerDoes()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SqlServerSchema.FromScripts([("bad.sql", """
            CREATE TABLE t (k VARCHAR(10) NOT NULL CONSTRAINT uq_t_k UNIQUE);
            ALTER TABLE t ALTER COLUMN k NVARCHAR(10) NOT NULL;
            """)]));

        Assert.Contains("uq_t_k", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_AlterColumnAfterDroppingItsIndex_TakesTheNewTypeCollationAndNullability()
    {
        var schema = SqlServerSchema.FromScripts([("ok.sql", """
            CREATE TABLE t (k VARCHAR(10) NOT NULL CONSTRAINT uq_t_k UNIQUE, n NVARCHAR(5) NOT NULL);
            ALTER TABLE t DROP CONSTRAINT uq_t_k;
            ALTER TABLE t ALTER COLUMN k NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
            ALTER TABLE t ALTER COLUMN n NVARCHAR(MAX);
            ALTER TABLE t ADD CONSTRAINT uq_t_k UNIQUE (k);
            """)]);

        Assert.Equal("t.k NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL", schema.RequiredColumn("t.k").ToString());
        Assert.Equal("t.n NVARCHAR(MAX) NULL", schema.RequiredColumn("t.n").ToString());
        Assert.Single(schema.IndexesOn("t", "k"));
    }

    private static void AssertNone(IEnumerable<Finding> findings)
    {
        var open = findings.Distinct().ToList();
        Assert.True(open.Count == 0, $"{open.Count} finding(s):\n{string.Join("\n", open)}");
    }
}
