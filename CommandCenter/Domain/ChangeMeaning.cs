namespace CommandCenter.Domain;

/// <summary>增减含义: what a change of a figure means for the bureau — good news, bad news, or neither. It decides the colour of ▲ / ▼.</summary>
public enum ChangeMeaning
{
    Neutral,
    Good,
    Bad,
}

/// <summary>今日: the day's figures of the overview board (综合态势).</summary>
public enum DayFigure
{
    /// 今日上报
    Reported,
    /// 今日立案
    Registered,
    /// 今日派遣
    Dispatched,
    /// 处置中
    InProgress,
    /// 今日结案
    Closed,
    /// 超期未处置
    Overdue,
    /// 紧急未结
    UrgentOpen,
}

/// <summary>
/// The one rule of whether a rise of a figure is good: more 结案 is work done; more 超期未处置 or 紧急未结 is trouble; more
/// 上报, 立案, 派遣 or 处置中 follows what the city reports and is neither (a busy day is not a bad one). A fall means the
/// opposite of a rise, no change means nothing.
/// </summary>
public static class ChangeMeanings
{
    public static ChangeMeaning OfRise(DayFigure figure) => figure switch
    {
        DayFigure.Closed => ChangeMeaning.Good,
        DayFigure.Overdue or DayFigure.UrgentOpen => ChangeMeaning.Bad,
        _ => ChangeMeaning.Neutral,
    };

    /// <summary>What a change of <paramref name="change"/> (today − yesterday) of the figure means.</summary>
    public static ChangeMeaning Of(DayFigure figure, long change) => (change, OfRise(figure)) switch
    {
        (0, _) or (_, ChangeMeaning.Neutral) => ChangeMeaning.Neutral,
        ( > 0, var rise) => rise,
        (_, ChangeMeaning.Good) => ChangeMeaning.Bad,
        _ => ChangeMeaning.Good,
    };
}
