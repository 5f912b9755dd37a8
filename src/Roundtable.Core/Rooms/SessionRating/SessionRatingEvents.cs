using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>
/// A learner's rating of the ended roundtable, replacing any earlier one of theirs; the comment is rendered (sanitised)
/// once, here. Participants get a view with no name, no rating and no comment (see <see cref="SessionRatingFeature"/>).
/// </summary>
public sealed record SessionRated(string UserId, string DisplayName, int Rating, string? CommentMarkdown, string? CommentHtml) : RoomEvent;
