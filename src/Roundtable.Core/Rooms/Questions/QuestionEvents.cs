using System.Text.Json.Serialization;
using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>
/// A question; its id is the seq of this event. The stored event always names the asker; when <see cref="Anonymous"/>,
/// participants get a view with <see cref="UserId"/> and <see cref="DisplayName"/> left out. When
/// <see cref="AwaitingReview"/>, only staff and the asker see its text until a <see cref="QuestionApproved"/>.
/// </summary>
public sealed record QuestionAsked(string? UserId, string? DisplayName, string Markdown, string Html, bool Anonymous,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool AwaitingReview = false) : RoomEvent;

public sealed record QuestionUpvoted(long QuestionId, string UserId) : RoomEvent;

public sealed record QuestionUpvoteWithdrawn(long QuestionId, string UserId) : RoomEvent;

public sealed record QuestionAnswered(long QuestionId, string ByUserId) : RoomEvent;

public sealed record QuestionPinned(long QuestionId, bool Pinned, string ByUserId) : RoomEvent;

/// <summary>The question disappears for participants; staff still see it, marked dismissed.</summary>
public sealed record QuestionDismissed(long QuestionId, string ByUserId) : RoomEvent;

/// <summary>The review queue was turned on or off (questions asked while it was on stay waiting until approved).</summary>
public sealed record QuestionReviewChanged(bool On, string ByUserId) : RoomEvent;

/// <summary>
/// A question waiting for review goes to the room. The stored event names only the question; the participants'
/// view carries the question itself (<see cref="Question"/>), since until now they had only a placeholder for it.
/// </summary>
public sealed record QuestionApproved(long QuestionId, string ByUserId, QuestionView? Question = null) : RoomEvent;
