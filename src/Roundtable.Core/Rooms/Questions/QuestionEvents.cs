using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>
/// A question; its id is the seq of this event. The stored event always names the asker; when <see cref="Anonymous"/>,
/// participants get a view with <see cref="UserId"/> and <see cref="DisplayName"/> left out.
/// </summary>
public sealed record QuestionAsked(string? UserId, string? DisplayName, string Markdown, string Html, bool Anonymous) : RoomEvent;

public sealed record QuestionUpvoted(long QuestionId, string UserId) : RoomEvent;

public sealed record QuestionUpvoteWithdrawn(long QuestionId, string UserId) : RoomEvent;

public sealed record QuestionAnswered(long QuestionId, string ByUserId) : RoomEvent;

public sealed record QuestionPinned(long QuestionId, bool Pinned, string ByUserId) : RoomEvent;

/// <summary>The question disappears for participants; staff still see it, marked dismissed.</summary>
public sealed record QuestionDismissed(long QuestionId, string ByUserId) : RoomEvent;
