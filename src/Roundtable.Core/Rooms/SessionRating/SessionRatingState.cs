namespace Roundtable.Core.Rooms;

/// <summary>One learner's rating of the roundtable, at its latest.</summary>
public sealed record SessionRatingView(string UserId, string DisplayName, int Rating, string? CommentMarkdown, string? CommentHtml, DateTimeOffset At);

/// <summary>The viewer's own part: whether they were in the roundtable (a learner who was may rate it once it has ended), and their rating if any.</summary>
public sealed record MySessionRatingView(bool WasPresent, SessionRatingView? Rating);

/// <summary>Every learner's rating, oldest first, and their average (null before the first).</summary>
public sealed record SessionRatingsView(double? Average, IReadOnlyList<SessionRatingView> Ratings);

/// <param name="MySessionRating">The viewer's own rating of the roundtable; null when the viewer is not a person.</param>
/// <param name="SessionRatings">Every learner's rating; for staff only.</param>
public sealed record SessionRatingSnapshot(MySessionRatingView? MySessionRating, SessionRatingsView? SessionRatings);

/// <summary>Each learner's latest rating of the ended roundtable.</summary>
public sealed class SessionRatingState
{
    internal readonly Dictionary<string, SessionRatingView> ByUser = new(StringComparer.Ordinal);

    public SessionRatingView? Find(string userId) => ByUser.GetValueOrDefault(userId);

    public SessionRatingsView All()
    {
        var ratings = ByUser.Values.OrderBy(r => r.At).ToList();
        return new SessionRatingsView(ratings.Count == 0 ? null : ratings.Average(r => r.Rating), ratings);
    }
}
