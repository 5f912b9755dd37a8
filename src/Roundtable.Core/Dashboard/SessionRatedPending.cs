using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

public sealed record SessionRated(string UserId, string DisplayName, int Rating, string? CommentMarkdown, string? CommentHtml) : RoomEvent;
