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
        _ => "结案",
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
}
