using System.Globalization;
using CommandCenter.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tests.Components;

/// <summary>The one duration formatter (<see cref="DurationText"/>) in both UI languages, through the real resources.</summary>
public sealed class DurationTextTests : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider();

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _previous;
        _services.Dispose();
    }

    private string Text(string culture, TimeSpan span)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        return DurationText.Of(span, _services.GetRequiredService<IStringLocalizer<SharedResource>>());
    }

    [Theory]
    [InlineData("zh-CN", 32 * 60, "1天8小时")]
    [InlineData("zh-CN", 5 * 60 + 3, "5小时03分")]
    [InlineData("zh-CN", 23 * 60 + 59, "23小时59分")]
    [InlineData("zh-CN", 24 * 60, "1天0小时")]
    [InlineData("zh-CN", 0, "0小时00分")]
    [InlineData("en", 32 * 60, "1 d 8 h")]
    [InlineData("en", 5 * 60 + 3, "5 h 03 min")]
    [InlineData("en", 3 * 24 * 60 + 59, "3 d 0 h")]
    [InlineData("en", 47, "0 h 47 min")]
    public void Duration_ReadsInTheUiLanguage(string culture, int minutes, string expected) =>
        Assert.Equal(expected, Text(culture, TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Duration_CutsTheSecondsAndReadsANegativeSpanAsZero()
    {
        Assert.Equal("5小时03分", Text("zh-CN", TimeSpan.FromMinutes(5 * 60 + 3) + TimeSpan.FromSeconds(59)));
        Assert.Equal("0 h 00 min", Text("en", TimeSpan.FromMinutes(-90)));
    }
}
