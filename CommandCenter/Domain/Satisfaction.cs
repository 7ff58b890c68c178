namespace CommandCenter.Domain;

/// <summary>满意 (satisfied): a callback answered 非常满意 or 满意; the numerator of 满意率 and of the 100 % streak.</summary>
public static class Satisfaction
{
    public static bool IsSatisfied(SatisfactionRating? rating) =>
        rating is SatisfactionRating.VerySatisfied or SatisfactionRating.Satisfied;

    /// <summary><see cref="IsSatisfied"/> in SQL, on the stored rating code.</summary>
    public const string IsSatisfiedCondition = "rating IN ('verysatisfied', 'satisfied')";
}
