using CommandCenter.Domain;

namespace CommandCenter.Tests.Features.Wall;

public sealed class ChangeMeaningsTests
{
    [Theory]
    [InlineData(DayFigure.Closed, 3, ChangeMeaning.Good)]
    [InlineData(DayFigure.Closed, -3, ChangeMeaning.Bad)]
    [InlineData(DayFigure.Overdue, 2, ChangeMeaning.Bad)]
    [InlineData(DayFigure.Overdue, -2, ChangeMeaning.Good)]
    [InlineData(DayFigure.UrgentOpen, 1, ChangeMeaning.Bad)]
    [InlineData(DayFigure.UrgentOpen, -1, ChangeMeaning.Good)]
    [InlineData(DayFigure.Reported, 28, ChangeMeaning.Neutral)]
    [InlineData(DayFigure.Reported, -28, ChangeMeaning.Neutral)]
    [InlineData(DayFigure.Registered, 5, ChangeMeaning.Neutral)]
    [InlineData(DayFigure.Dispatched, -10, ChangeMeaning.Neutral)]
    [InlineData(DayFigure.InProgress, 4, ChangeMeaning.Neutral)]
    [InlineData(DayFigure.Closed, 0, ChangeMeaning.Neutral)]
    [InlineData(DayFigure.Overdue, 0, ChangeMeaning.Neutral)]
    public void Change_OfAFigure_MeansWhatARiseOfThatFigureMeans(DayFigure figure, long change, ChangeMeaning expected) =>
        Assert.Equal(expected, ChangeMeanings.Of(figure, change));

    [Fact]
    public void Rise_MoreClosuresIsGood_MoreOverdueIsBad_MoreReportsIsNeither()
    {
        Assert.Equal(ChangeMeaning.Good, ChangeMeanings.OfRise(DayFigure.Closed));
        Assert.Equal(ChangeMeaning.Bad, ChangeMeanings.OfRise(DayFigure.Overdue));
        Assert.Equal(ChangeMeaning.Neutral, ChangeMeanings.OfRise(DayFigure.Reported));
    }
}
