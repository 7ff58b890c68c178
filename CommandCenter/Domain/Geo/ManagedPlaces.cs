using System.Globalization;

namespace CommandCenter.Domain.Geo;

/// <summary>A day of the year without a year (月-日), as a season's ends are written: <c>MM-DD</c>.</summary>
public readonly record struct MonthDay(int Month, int Day) : IComparable<MonthDay>
{
    public static MonthDay Of(DateOnly date) => new(date.Month, date.Day);

    /// <summary>Reads <c>MM-DD</c> (02-29 allowed: in a common year the season simply has no such day).</summary>
    public static bool TryParse(string? text, out MonthDay value)
    {
        value = default;
        if (text is not { Length: 5 } || text[2] != '-'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2000, month))
            return false;
        value = new MonthDay(month, day);
        return true;
    }

    public int CompareTo(MonthDay other) => Month != other.Month ? Month.CompareTo(other.Month) : Day.CompareTo(other.Day);

    public override string ToString() => $"{Month:00}-{Day:00}";
}

/// <summary>
/// A season (季节) of a layer or a place: from one month-day to another, both included. It may wrap the new year
/// (<c>11-15..02-28</c> is in season in December and January); a season whose ends are equal is that one day.
/// </summary>
public readonly record struct Season(MonthDay From, MonthDay To)
{
    /// <summary>Whether a business-local date lies in the season.</summary>
    public bool Contains(DateOnly date)
    {
        var day = MonthDay.Of(date);
        return From.CompareTo(To) <= 0
            ? day.CompareTo(From) >= 0 && day.CompareTo(To) <= 0
            : day.CompareTo(From) >= 0 || day.CompareTo(To) <= 0;
    }

    /// <summary>Reads <c>MM-DD..MM-DD</c>.</summary>
    public static bool TryParse(string? text, out Season season)
    {
        season = default;
        var parts = text?.Split("..", StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 } || !MonthDay.TryParse(parts[0], out var from) || !MonthDay.TryParse(parts[1], out var to)) return false;
        season = new Season(from, to);
        return true;
    }

    /// <summary>Both ends, or null for "all year" when neither is stored; one end without the other is no season.</summary>
    public static Season? FromStored(string? from, string? to) =>
        MonthDay.TryParse(from, out var f) && MonthDay.TryParse(to, out var t) ? new Season(f, t) : null;

    public override string ToString() => $"{From}..{To}";
}

/// <summary>A managed place (管理点位): a named point of a layer, with a note and, when it differs from its layer's, its own season.</summary>
public sealed record ManagedPlace(long Id, string Name, GeoPoint Point, string? Note = null, Season? Season = null);

/// <summary>
/// A layer of managed places (e.g. 便民疏导点, the "西瓜地图"): its season (null: all year), whether the wall shows it, and
/// the case categories (codes) whose open cases near one of its in-season places are marked (empty: the layer marks none).
/// </summary>
public sealed record PlaceLayer(long Id, string Code, string Name, string Kind, bool ShownOnWall, Season? Season,
    IReadOnlyList<string> NearCategories, IReadOnlyList<ManagedPlace> Places)
{
    /// <summary>The kind of the seasonal sale points (便民疏导点).</summary>
    public const string SalePoint = "sale_point";

    /// <summary>The place's own season if it has one, else its layer's; in season on a date (all year without either).</summary>
    public bool InSeason(ManagedPlace place, DateOnly date) => (place.Season ?? Season) is not { } season || season.Contains(date);

    /// <summary>Any place of the layer in season on the date.</summary>
    public bool AnyInSeason(DateOnly date) => Places.Any(p => InSeason(p, date));
}

/// <summary>What <see cref="NearPlaces"/> needs to know of a case.</summary>
public readonly record struct NearCandidate(bool Open, GeoPoint? Point, string? CategoryCode);

/// <summary>Where a case is near a managed place: the layer, the place and the distance in whole metres.</summary>
public sealed record NearPlace(PlaceLayer Layer, ManagedPlace Place, int Metres);

/// <summary>
/// "近便民疏导点" (near a sale point): an open case of a category a layer names (<see cref="PlaceLayer.NearCategories"/>,
/// e.g. 占道经营 for the sale points) lying within <c>Map:NearPlaceMetres</c> (default 50 m) of one of that layer's places
/// in season on the business-local date. The nearest such place is the one named. Distances are great-circle
/// (<see cref="GeoMath.DistanceKm"/>).
/// </summary>
public static class NearPlaces
{
    public const int DefaultMetres = 50;

    /// <summary>The nearest in-season place within <paramref name="metres"/> of a case, or null.</summary>
    /// <param name="open">The case is open (reported, registered, dispatched or resolved): closed ones are never marked.</param>
    public static NearPlace? Of(bool open, GeoPoint? point, string? categoryCode, IEnumerable<PlaceLayer> layers, DateOnly date, int metres)
    {
        if (!open || point is not { } p || !p.IsValid || categoryCode is null) return null;
        NearPlace? nearest = null;
        var best = double.MaxValue;
        foreach (var layer in layers)
        {
            if (!layer.NearCategories.Contains(categoryCode, StringComparer.Ordinal)) continue;
            foreach (var place in layer.Places)
            {
                if (!layer.InSeason(place, date)) continue;
                var m = GeoMath.DistanceKm(p, place.Point) * 1000;
                if (m <= metres && m < best)
                {
                    best = m;
                    nearest = new NearPlace(layer, place, (int)Math.Round(m, MidpointRounding.AwayFromZero));
                }
            }
        }
        return nearest;
    }

    /// <summary>
    /// "N 件近疏导点", the figure of the wall's map board: the open cases near an in-season place
    /// (<see cref="Of"/> not null), counted once each however many places they are near.
    /// </summary>
    public static int Count(IEnumerable<NearCandidate> cases, IReadOnlyList<PlaceLayer> layers, DateOnly date, int metres) =>
        cases.Count(c => Of(c.Open, c.Point, c.CategoryCode, layers, date, metres) is not null);
}

/// <summary>Why a place cannot be stored.</summary>
public enum PlaceProblem
{
    NoName,
    NameTooLong,
    NoteTooLong,
    OutOfRange,
    OutsideDistrict,
}

/// <summary>What a place must be, whether it comes from a file or from a click on the map.</summary>
public static class PlaceRules
{
    public const int MaxName = 100;
    public const int MaxNote = 500;

    /// <param name="district">The district's stored shape, when there is one: the place must lie in it.</param>
    public static PlaceProblem? Check(string? name, string? note, GeoPoint point, GeoArea? district)
    {
        if (string.IsNullOrWhiteSpace(name)) return PlaceProblem.NoName;
        if (name.Trim().Length > MaxName) return PlaceProblem.NameTooLong;
        if (note is { Length: > MaxNote }) return PlaceProblem.NoteTooLong;
        if (!point.IsValid) return PlaceProblem.OutOfRange;
        if (district is not null && !district.Contains(point)) return PlaceProblem.OutsideDistrict;
        return null;
    }
}
