using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;

namespace CommandCenter.Features.Reports;

/// <summary>
/// The Chinese vocabulary of the report files (xlsx, CSV): the 月报 is a Chinese document whatever the viewer's UI
/// language, with the terms of GB/T 30428 that staff, leaders and auditors read. The pages use the resource files; the
/// road status is the one set of labels of <see cref="RoadStatusLabels"/>, read in <see cref="Culture"/>.
/// </summary>
public static class ReportLabels
{
    /// <summary>The language of the report files.</summary>
    public static readonly System.Globalization.CultureInfo Culture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");

    public static string Of(CaseSource source) => source switch
    {
        CaseSource.Supervisor => "监督员巡查",
        CaseSource.Hotline => "12345热线",
        CaseSource.Grid => "网格员",
        CaseSource.Leader => "领导巡查",
        CaseSource.Sensor => "物联感知",
        _ => "市民随手拍",
    };

    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.Reported => "上报",
        CaseStatus.Registered => "立案",
        CaseStatus.Rejected => "不予立案",
        CaseStatus.Dispatched => "派遣",
        CaseStatus.Resolved => "处置",
        CaseStatus.OnHold => "缓办",
        CaseStatus.Void => "作废",
        _ => "结案",
    };

    /// <summary>A lifecycle step's name (延期申请 …).</summary>
    public static string Of(CaseStep step) => step switch
    {
        CaseStep.ExtendRequest => "延期申请",
        CaseStep.ExtendApprove => "延期批准",
        CaseStep.ExtendRefuse => "延期不批准",
        CaseStep.Suspend => "缓办",
        CaseStep.Resume => "恢复办理",
        CaseStep.Return => "回退",
        CaseStep.Void => "作废",
        CaseStep.Report => "上报",
        CaseStep.Register => "立案",
        CaseStep.Reject => "不予立案",
        CaseStep.Dispatch => "派遣",
        CaseStep.Escalate => "升级",
        CaseStep.Resolve => "处置",
        CaseStep.Verify => "核查",
        _ => "回访",
    };

    /// <summary>A time limit's unit (工作时, 工作日, 自然时).</summary>
    public static string Of(TimeLimitUnit unit) => unit switch
    {
        TimeLimitUnit.WorkingHours => "工作时",
        TimeLimitUnit.WorkingDays => "工作日",
        _ => "自然时",
    };

    public static string Of(ResolutionMethod method) => method switch
    {
        ResolutionMethod.Service => "服务",
        ResolutionMethod.Management => "管理",
        _ => "执法",
    };

    public static string Of(SatisfactionRating rating) => rating switch
    {
        SatisfactionRating.VerySatisfied => "非常满意",
        SatisfactionRating.Satisfied => "满意",
        _ => "不满意",
    };

    /// <summary>A code from the database as its label, or the code itself when it is not a known one.</summary>
    public static string Source(string? code) => DomainCodes.TryParse<CaseSource>(code, out var s) ? Of(s) : code ?? "";

    /// <summary>
    /// The 明细's figure columns: each holds what one case adds to a figure of the report (0 or 1; hours for 处置时长), so the
    /// column's sum is the figure of 汇总 (or, filtered by street or department, of the ranking). Headers say what they count.
    /// </summary>
    public static class DetailFigures
    {
        public const string Reported = "计入上报数";
        public const string Registered = "计入立案数";
        public const string Due = "计入应结案数";
        public const string Closed = "计入结案数";
        public const string ClosedOnTime = "计入按期结案数";
        /// 结案 − 按期结案
        public const string ClosedLate = "超期结案";
        /// 应结案 − 结案
        public const string DueNotClosed = "应结未结";
        /// The numerator of 返工率 (its denominator is 结案).
        public const string ClosedReworked = "计入返工结案数";
        public const string Callbacks = "计入回访数";
        /// The numerator of 满意率 (its denominator is 回访).
        public const string Satisfied = "计入满意数";
        /// The denominator of 平均处置时长 (resolved in the month after a dispatch).
        public const string Resolved = "计入处置数";
        public const string ResolutionHours = "处置时长（小时）";
        /// 处置超期 (<see cref="Overdue.IsResolvedLate"/>): counted by no figure of 汇总; it judges the department's resolution.
        public const string ResolvedLate = "处置超期（处置晚于时限）";
        /// The numerator of 延期率 (its denominator is 应结案).
        public const string Extended = "计入延期数";
        public const string Held = "计入缓办数";
        public const string Returned = "计入回退数";
        /// The numerator of 作废率 (its denominator is 立案 + 作废).
        public const string Voided = "计入作废数";
    }
}
