using Roundtable.Core.Events;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

/// <summary>One learner's rating of the roundtable, at its latest.</summary>
public sealed record SessionRatingView(string UserId, string DisplayName, int Rating, string? CommentMarkdown, string? CommentHtml, DateTimeOffset At);

/// <summary>The viewer's own part: whether they were in the roundtable (a learner who was may rate it once it has ended), and their rating if any.</summary>
public sealed record MySessionRatingView(bool WasPresent, SessionRatingView? Rating);

/// <summary>Every learner's rating, oldest first, and their average (null before the first).</summary>
public sealed record SessionRatingsView(double? Average, IReadOnlyList<SessionRatingView> Ratings);

public sealed partial record RoomSnapshot
{
    /// <summary>The viewer's own rating of the roundtable; null when the viewer is not a person.</summary>
    public MySessionRatingView? MySessionRating { get; init; }

    /// <summary>Every learner's rating; for staff only.</summary>
    public SessionRatingsView? SessionRatings { get; init; }
}

public sealed partial class RoomState
{
    private readonly Dictionary<string, SessionRatingView> _sessionRatings = new(StringComparer.Ordinal);

    public SessionRatingView? FindSessionRating(string userId) => _sessionRatings.GetValueOrDefault(userId);

    public SessionRatingsView SessionRatings()
    {
        var ratings = _sessionRatings.Values.OrderBy(r => r.At).ToList();
        return new SessionRatingsView(ratings.Count == 0 ? null : ratings.Average(r => r.Rating), ratings);
    }

    private bool ApplySessionRating(StoredEvent stored)
    {
        if (stored.Event is not SessionRated e)
        {
            return false;
        }
        _sessionRatings[e.UserId] = new SessionRatingView(e.UserId, e.DisplayName, e.Rating, e.CommentMarkdown, e.CommentHtml, stored.At);
        return true;
    }

    // Participants learn only that something happened at this seq; even the rater's own rating comes to them in the snapshot.
    private static DomainEvent? ViewSessionRating(StoredEvent stored, Viewer viewer) =>
        stored.Event is SessionRated e && !viewer.IsStaff
            ? e with { UserId = "", DisplayName = "", Rating = 0, CommentMarkdown = null, CommentHtml = null }
            : null;

    private RoomSnapshot WithSessionRating(RoomSnapshot snapshot, Viewer viewer) => snapshot with
    {
        MySessionRating = viewer.UserId is null ? null : new MySessionRatingView(WasPresent(viewer.UserId), FindSessionRating(viewer.UserId)),
        SessionRatings = viewer.IsStaff ? SessionRatings() : null,
    };
}
