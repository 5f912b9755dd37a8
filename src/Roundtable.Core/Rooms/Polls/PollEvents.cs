using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>A poll; its id is the seq of this event.</summary>
public sealed record PollOpened(string ByUserId, string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous) : RoomEvent;

/// <summary>
/// A vote (replacing the voter's earlier one) and the counts per option after it, so every client shows live results
/// without knowing who voted. In an anonymous poll every audience gets a view without <see cref="UserId"/>.
/// </summary>
public sealed record PollVoted(long PollId, string? UserId, IReadOnlyList<int> Choices, IReadOnlyList<int> Counts) : RoomEvent;

/// <summary>The poll's final counts, with its question and options, so the transcript line stands on its own.</summary>
public sealed record PollClosed(long PollId, string ByUserId, string Question, IReadOnlyList<string> Options, IReadOnlyList<int> Counts) : RoomEvent;
