using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>A code is a name of the enum in any case, and nothing else: no numbers, no lists, no unknown names.</summary>
public sealed class DomainCodesTests
{
    [Theory]
    [InlineData("registered", true, CaseStatus.Registered)]
    [InlineData("REGISTERED", true, CaseStatus.Registered)]
    [InlineData("Closed", true, CaseStatus.Closed)]
    [InlineData("1", false, CaseStatus.Reported)]
    [InlineData("reported,registered", false, CaseStatus.Reported)]
    [InlineData("registered ", false, CaseStatus.Reported)]
    [InlineData("nosuch", false, CaseStatus.Reported)]
    [InlineData("", false, CaseStatus.Reported)]
    [InlineData(null, false, CaseStatus.Reported)]
    public void TryParse_OnlyANameIsACode(string? code, bool parsed, CaseStatus value)
    {
        Assert.Equal(parsed, DomainCodes.TryParse<CaseStatus>(code, out var result));
        Assert.Equal(value, result);
    }
}
