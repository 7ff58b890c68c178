using CommandCenter.Security;

namespace CommandCenter.Tests.Security;

/// <summary>One user-name rule for /admin/users and <c>user add</c>: a trailing newline or space is not part of a name.</summary>
public class UserNameRuleTests
{
    [Theory]
    [InlineData("wang", true)]
    [InlineData("li.na_2-b", true)]
    [InlineData("ab", true)]
    [InlineData("a", false)]
    [InlineData("wang\n", false)]
    [InlineData("wang\r\n", false)]
    [InlineData("wang ", false)]
    [InlineData("王立新", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidUserName_Value_FollowsTheRule(string? userName, bool valid) =>
        Assert.Equal(valid, UserStore.IsValidUserName(userName));

    [Fact]
    public void IsValidUserName_FiftyCharacters_IsTheLongest()
    {
        Assert.True(UserStore.IsValidUserName(new string('a', 50)));
        Assert.False(UserStore.IsValidUserName(new string('a', 51)));
    }
}
