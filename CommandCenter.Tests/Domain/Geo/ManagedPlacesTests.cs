using CommandCenter.Domain.Geo;

namespace CommandCenter.Tests.Domain.Geo;

/// <summary>The season rule (wrapping the new year) and "近便民疏导点" (a 占道经营 case near an in-season sale point), without a database.</summary>
public class ManagedPlacesTests
{
    private static Season S(string text) => Season.TryParse(text, out var s) ? s : throw new ArgumentException(text);

    private static readonly GeoPoint Origin = new(36.95, 117.10);

    // About 1 m of latitude is 1/111,195 degrees on the authalic sphere.
    private static GeoPoint North(double metres) => new(Origin.Lat + metres / (GeoMath.EarthRadiusKm * 1000 * Math.PI / 180), Origin.Lng);

    private static PlaceLayer Layer(string season, params ManagedPlace[] places) =>
        new(1, "melon", "便民疏导点", PlaceLayer.SalePoint, true, season.Length == 0 ? null : S(season), ["street-vending"], places);

    [Theory]
    [InlineData("06-01..09-30", "2026-06-01", true)]
    [InlineData("06-01..09-30", "2026-09-30", true)]
    [InlineData("06-01..09-30", "2026-05-31", false)]
    [InlineData("06-01..09-30", "2026-10-01", false)]
    [InlineData("11-01..02-28", "2026-12-03", true)]
    [InlineData("11-01..02-28", "2027-01-15", true)]
    [InlineData("11-01..02-28", "2026-11-01", true)]
    [InlineData("11-01..02-28", "2028-02-29", false)]
    [InlineData("11-01..02-29", "2028-02-29", true)]
    [InlineData("11-01..02-28", "2026-03-01", false)]
    [InlineData("11-01..02-28", "2026-10-31", false)]
    [InlineData("07-04..07-04", "2026-07-04", true)]
    [InlineData("07-04..07-04", "2026-07-05", false)]
    public void Season_ContainsItsDays_AndWrapsTheNewYear(string season, string date, bool expected) =>
        Assert.Equal(expected, S(season).Contains(DateOnly.Parse(date)));

    [Theory]
    [InlineData("6-01..09-30")]
    [InlineData("06-01")]
    [InlineData("13-01..09-30")]
    [InlineData("06-31..09-30")]
    [InlineData("02-30..03-01")]
    [InlineData("")]
    public void Season_BadText_IsRefused(string text) => Assert.False(Season.TryParse(text, out _));

    [Fact]
    public void Season_Stored_NeedsBothEnds()
    {
        Assert.Null(Season.FromStored(null, null));
        Assert.Null(Season.FromStored("06-01", null));
        Assert.Equal("06-01..09-30", Season.FromStored("06-01", "09-30")!.Value.ToString());
    }

    [Fact]
    public void APlacesOwnSeason_ReplacesItsLayers()
    {
        var winter = new ManagedPlace(2, "烤红薯点", Origin, Season: S("11-15..02-28"));
        var layer = Layer("06-01..09-30", new ManagedPlace(1, "西瓜点", Origin), winter);
        Assert.False(layer.InSeason(winter, new DateOnly(2026, 7, 1)));
        Assert.True(layer.InSeason(winter, new DateOnly(2026, 12, 1)));
        Assert.True(layer.InSeason(layer.Places[0], new DateOnly(2026, 7, 1)));
        Assert.True(Layer("", layer.Places[0]).InSeason(layer.Places[0], new DateOnly(2026, 3, 3)));
    }

    [Fact]
    public void NearPlace_IsTheNearestInSeasonPlace_WithinTheMetres()
    {
        var far = new ManagedPlace(1, "北口", North(45));
        var near = new ManagedPlace(2, "南口", North(-30));
        var layers = new[] { Layer("06-01..09-30", far, near) };
        var july = new DateOnly(2026, 7, 1);

        var found = NearPlaces.Of(true, Origin, "street-vending", layers, july, 50);
        Assert.NotNull(found);
        Assert.Equal("南口", found.Place.Name);
        Assert.Equal(30, found.Metres);

        Assert.Null(NearPlaces.Of(true, Origin, "street-vending", layers, july, 29));
        Assert.Null(NearPlaces.Of(true, Origin, "street-vending", layers, new DateOnly(2026, 12, 1), 50));
        Assert.Null(NearPlaces.Of(true, Origin, "garbage", layers, july, 50));
        Assert.Null(NearPlaces.Of(false, Origin, "street-vending", layers, july, 50));
        Assert.Null(NearPlaces.Of(true, null, "street-vending", layers, july, 50));
    }

    [Fact]
    public void NearPlace_AtExactlyTheLimit_Counts_AndJustBeyond_DoesNot()
    {
        var layers = new[] { Layer("", new ManagedPlace(1, "口", North(50))) };
        var day = new DateOnly(2026, 7, 1);
        Assert.Equal(50, NearPlaces.Of(true, North(0.01), "street-vending", layers, day, 50)!.Metres);
        Assert.Null(NearPlaces.Of(true, North(-0.5), "street-vending", layers, day, 50));
    }

    [Fact]
    public void ALayerWithoutNearCategories_MarksNothing()
    {
        var layer = Layer("", new ManagedPlace(1, "口", Origin)) with { NearCategories = [] };
        Assert.Null(NearPlaces.Of(true, Origin, "street-vending", [layer], new DateOnly(2026, 7, 1), 50));
    }

    [Fact]
    public void Count_IsTheOpenCasesNearAnInSeasonPlace_EachOnce()
    {
        // Two places 20 m apart: a case between them is near both and counts once.
        var layers = new[] { Layer("06-01..09-30", new ManagedPlace(1, "甲", Origin), new ManagedPlace(2, "乙", North(20))) };
        var cases = new[]
        {
            new NearCandidate(true, North(10), "street-vending"),
            new NearCandidate(true, North(-40), "street-vending"),
            new NearCandidate(true, North(-60), "street-vending"),
            new NearCandidate(false, North(5), "street-vending"),
            new NearCandidate(true, North(5), "garbage"),
            new NearCandidate(true, null, "street-vending"),
        };
        Assert.Equal(2, NearPlaces.Count(cases, layers, new DateOnly(2026, 8, 1), 50));
        Assert.Equal(0, NearPlaces.Count(cases, layers, new DateOnly(2026, 10, 1), 50));
    }
}
