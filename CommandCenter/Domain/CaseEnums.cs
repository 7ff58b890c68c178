namespace CommandCenter.Domain;

/// <summary>Where a case comes from (案件来源). Stored and sent as the lower-case name.</summary>
public enum CaseSource
{
    /// 监督员巡查
    Supervisor,
    /// 12345 热线
    Hotline,
    /// 网格员
    Grid,
    /// 领导巡查
    Leader,
    /// 物联感知 (smart manhole covers, 5G poles)
    Sensor,
    /// 市民随手拍
    App,
}

/// <summary>Where a case stands in the closed loop (闭环). Stored as the lower-case name.</summary>
public enum CaseStatus
{
    /// 上报
    Reported,
    /// 立案
    Registered,
    /// 不予立案 — terminal.
    Rejected,
    /// 派遣 — with a department and a deadline; also the state after a failed verification (返工).
    Dispatched,
    /// 处置 — waiting for verification.
    Resolved,
    /// 结案 — terminal apart from the satisfaction callback.
    Closed,
    /// 缓办 — a dispatched case the centre put on hold: its deadline's clock stands still until it is resumed.
    OnHold,
    /// 作废 — registered in error and voided by the centre: terminal, and out of 立案 and every count after it.
    Void,
}

/// <summary>A workflow step, as named in <c>case_events.type</c> and in the API (<c>type</c>).</summary>
public enum CaseStep
{
    /// 上报 — the event that creates a case.
    Report,
    /// 立案
    Register,
    /// 不予立案
    Reject,
    /// 派遣
    Dispatch,
    /// 升级 (三级处置: grid → community → street)
    Escalate,
    /// 处置
    Resolve,
    /// 核查 — passed closes the case, failed sends it back (返工).
    Verify,
    /// 回访
    Satisfaction,
    /// 延期申请 — the department asks for more time (<c>extra</c>, in the category's unit).
    ExtendRequest,
    /// 延期批准 — the centre grants the pending request: the deadline moves by its extra time.
    ExtendApprove,
    /// 延期不批准 — the centre refuses the pending request.
    ExtendRefuse,
    /// 缓办 — the centre puts a dispatched case on hold.
    Suspend,
    /// 恢复 — the centre takes the case off hold: the deadline moves by the time on hold.
    Resume,
    /// 回退 — the department hands back a case sent to the wrong unit; it is registered again, waiting for a new dispatch.
    Return,
    /// 作废 — the centre voids a case registered in error.
    Void,
}

/// <summary>三级处置: the level that handles a case.</summary>
public enum EscalationLevel
{
    /// 网格
    Grid = 1,
    /// 社区
    Community = 2,
    /// 街道
    Street = 3,
}

/// <summary>The "721 method" (721工作法): 70 % service, 20 % management, 10 % enforcement.</summary>
public enum ResolutionMethod
{
    /// 服务
    Service,
    /// 管理
    Management,
    /// 执法
    Enforcement,
}

/// <summary>回访 result.</summary>
public enum SatisfactionRating
{
    /// 非常满意
    VerySatisfied,
    /// 满意
    Satisfied,
    /// 不满意
    Dissatisfied,
}

/// <summary>部件 (components such as manhole covers) or 事件 (events such as street vending).</summary>
public enum CategoryKind
{
    Component,
    Event,
}

/// <summary>How a leader patrolled the road (步行、骑行、驾车).</summary>
public enum PatrolMode
{
    Walk,
    Bike,
    Drive,
}

/// <summary>
/// The text form of the domain's enums in the database and the API: the lower-case name (<c>verysatisfied</c>,
/// <c>onhold</c>), which Dapper reads back into the enum; only a step's words are joined by a hyphen (<c>extend-request</c>,
/// the API's <c>type</c>), and steps are read with <see cref="TryParse{TEnum}"/>.
/// </summary>
public static class DomainCodes
{
    public static string Code<TEnum>(this TEnum value) where TEnum : struct, Enum => CodeTable<TEnum>.CodeOf(value);

    public static string? Code<TEnum>(this TEnum? value) where TEnum : struct, Enum => value is { } v ? CodeTable<TEnum>.CodeOf(v) : null;

    /// <summary>Parses a code (case-insensitive, names only — "1" is not a code).</summary>
    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return code is not null && CodeTable<TEnum>.ByCode.TryGetValue(code, out value);
    }

    /// <summary>The codes of one enum, worked out once.</summary>
    private static class CodeTable<TEnum> where TEnum : struct, Enum
    {
        private static readonly bool Hyphenated = typeof(TEnum) == typeof(CaseStep);
        private static readonly Dictionary<TEnum, string> Codes = Enum.GetValues<TEnum>().ToDictionary(v => v, Spell);
        public static readonly Dictionary<string, TEnum> ByCode =
            Codes.ToDictionary(e => e.Value, e => e.Key, StringComparer.OrdinalIgnoreCase);

        public static string CodeOf(TEnum value) => Codes.TryGetValue(value, out var code) ? code : value.ToString().ToLowerInvariant();

        private static string Spell(TEnum value)
        {
            var name = value.ToString();
            if (!Hyphenated) return name.ToLowerInvariant();
            var code = new System.Text.StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i])) code.Append('-');
                code.Append(char.ToLowerInvariant(name[i]));
            }
            return code.ToString();
        }
    }
}
