using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

public sealed class ReporterPhoneTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData(" 13812345678 ", "138****5678")]
    [InlineData("053112345678", "053*****5678")]
    [InlineData("12345", "***45")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_Phone_KeepsOnlyPrefixAndSuffix(string? phone, string expected) =>
        Assert.Equal(expected, ReporterPhone.Mask(phone));

    [Fact]
    public void ForViewer_WithoutPii_IsMasked() =>
        Assert.Equal("138****5678", ReporterPhone.ForViewer("13812345678", hasPii: false));

    [Fact]
    public void ForViewer_WithPii_IsWhole() =>
        Assert.Equal("13812345678", ReporterPhone.ForViewer("13812345678", hasPii: true));
}
