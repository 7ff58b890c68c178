using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Reports;
using static CommandCenter.Tests.Features.Reports.ReportWorkbookFile;

namespace CommandCenter.Tests.Features.Reports;

/// <summary>
/// The monthly workbook read back with the lifecycle: the 汇总's 延期数 / 延期率 / 缓办数 / 回退数 / 作废数 / 作废率, the same
/// columns in the street ranking, and the sheet of the month's extensions, holds, returns and voids. The cases are written
/// through the write path (<see cref="CaseService"/>), so their columns and events are what the API would have written.
/// </summary>
public sealed class ReportLifecycleTests : IDisposable
{
    private static readonly Period October = Period.Month(2026, 10);
    private static readonly DateTime Now = new(2026, 11, 5, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Day = new(2026, 10, 12, 1, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public void Dispose() => _db.Dispose();

    private async Task<string> CaseAsync(CaseService cases, string id, params CaseCommand[] steps)
    {
        var created = await cases.CreateAsync(new NewCase(id, CaseSource.Hotline, ReportTestCity.Manhole, ReportTestCity.StreetA, null, "井盖缺失",
            null, null, null, null, false, Day), "test");
        var n = 0;
        foreach (var step in steps)
        {
            var result = await cases.ApplyAsync(created.Case.CaseNo, new CaseStepRequest($"{id}-{n++}", step), "test");
            Assert.True(result.Outcome == StepOutcome.Applied, $"{id} {step.Step}: {result.Reason}");
        }
        return created.Case.CaseNo;
    }

    [Fact]
    public async Task Workbook_MonthWithEveryLifecycleStep_ShowsTheFiguresTheRankingColumnsAndTheSheetOfSteps()
    {
        await ReportTestCity.InsertReferenceAsync(_db.Connections);
        var cases = new CaseService(_db.Connections, new ReferenceCatalog(_db.Connections), new FixedClock(Now), ReportTestCity.Calendar);
        CaseCommand Register(int h) => new(CaseStep.Register, Day.AddHours(h));
        CaseCommand Dispatch(int h) => new(CaseStep.Dispatch, Day.AddHours(h), DepartmentId: ReportTestCity.Municipal);
        var extended = await CaseAsync(cases, "extended", Register(1), Dispatch(2),
            new(CaseStep.ExtendRequest, Day.AddHours(3), Reason: "需调机械", Extra: 24),
            new(CaseStep.ExtendApprove, Day.AddHours(4)),
            new(CaseStep.Resolve, Day.AddHours(30), Method: ResolutionMethod.Service),
            new(CaseStep.Verify, Day.AddHours(31), Passed: true));
        var held = await CaseAsync(cases, "held", Register(1), Dispatch(2), new(CaseStep.Suspend, Day.AddHours(5), Reason: "等待产权单位"),
            new(CaseStep.Resume, Day.AddHours(53)));
        var returned = await CaseAsync(cases, "returned", Register(1), Dispatch(2), new(CaseStep.Return, Day.AddHours(6), Reason: "不属本单位职责"), Dispatch(7));
        var voided = await CaseAsync(cases, "voided", Register(1), new(CaseStep.Void, Day.AddHours(8), Reason: "重复立案"));

        using var file = await WriteAsync(_db.Connections, new MonthlyReportRequest(October, ReportScope.City), Now, new CompositeWeights());

        var summary = Sheet(file, "汇总").Skip(1).ToDictionary(r => (string)r["指标"]!, r => r["本月"]);
        Assert.Equal(3, Number(summary["立案数"]));
        Assert.Equal(3, Number(summary["应结案数"]));
        Assert.Equal(1, Number(summary["延期数"]));
        AssertFigure(1.0 / 3, summary["延期率"]);
        Assert.Equal(1, Number(summary["缓办数"]));
        Assert.Equal(1, Number(summary["回退数"]));
        Assert.Equal(1, Number(summary["作废数"]));
        AssertFigure(1.0 / 4, summary["作废率"]);

        // The 明细 counts each case as the 汇总 does: the voided case is out of 立案, the held one shows its status.
        var detail = Sheet(file, "明细");
        Assert.Equal(3, detail.Sum(r => Number(r["计入立案数"])));
        Assert.Equal(3, detail.Sum(r => Number(r["计入应结案数"])));
        Assert.Equal("作废", detail.Single(r => Number(r["计入立案数"]) == 0)["状态"]);
        // Each lifecycle count is the sum of its 计入 column, as the 汇总's 明细核对 says, and each case counts in its own.
        var checks = Sheet(file, "汇总").Skip(1).ToDictionary(r => (string)r["指标"]!, r => (string?)r["明细核对"]);
        foreach (var (figure, column, caseNo) in new[] { ("延期数", "计入延期数", extended), ("缓办数", "计入缓办数", held),
                     ("回退数", "计入回退数", returned), ("作废数", "计入作废数", voided) })
        {
            Assert.Equal(Number(summary[figure]), detail.Sum(r => Number(r[column])));
            Assert.Equal($"明细“{column}”之和", checks[figure]);
            Assert.Equal(caseNo, (string)detail.Single(r => Number(r[column]) == 1)["案件编号"]!);
        }
        Assert.Equal("延期数 ÷ 应结案数", checks["延期率"]);
        Assert.Equal("作废数 ÷（立案数＋作废数）", checks["作废率"]);

        var street = Sheet(file, "街道排名").Single(r => (string?)r["街道"] == "济阳街道");
        Assert.Equal((1, 1, 1, 1), (Number(street["延期数"]), Number(street["缓办数"]), Number(street["回退数"]), Number(street["作废数"])));
        AssertFigure(1.0 / 4, street["作废率"]);

        var steps = Sheet(file, MonthlyReportWorkbook.LifecycleSheet);
        Assert.Equal(["延期申请", "延期批准", "缓办", "回退", "作废", "恢复办理"], steps.Select(r => (string)r["环节"]!));
        var request = steps[0];
        Assert.Equal((extended, "需调机械", 24.0, "自然时", "市政"),
            ((string)request["案件编号"]!, (string)request["原因"]!, Number(request["申请延期"]), (string)request["时限单位"]!, (string)request["责任部门"]!));
        // Local times (Shanghai): dispatched at 11:00 with a 48 h limit, extended by 24 自然时 at 13:00.
        Assert.Equal("2026-10-15 11:00:00", steps[1]["新处置时限"]);
        Assert.Equal("2026-10-12 13:00:00", steps[1]["时间"]);
    }

    [Fact]
    public async Task Workbook_MonthWithoutLifecycleSteps_SaysSoOnItsSheet()
    {
        await ReportTestCity.InsertReferenceAsync(_db.Connections);

        using var file = await WriteAsync(_db.Connections, new MonthlyReportRequest(October, ReportScope.City), Now, new CompositeWeights());

        Assert.Equal("本月无延期、缓办、回退、作废", Assert.Single(Sheet(file, MonthlyReportWorkbook.LifecycleSheet))["案件编号"]);
    }
}
