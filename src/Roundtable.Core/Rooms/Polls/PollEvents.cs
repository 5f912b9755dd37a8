using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>What a poll asks for: one of its options (or several), a value on a 1–5 scale, or a few words.</summary>
public enum PollKind
{
    Choice,
    Rating,
    Text,
}

/// <summary>Who sees a poll's results while it is open (staff always do, and everyone once it is closed).</summary>
public enum PollResultsVisibility
{
    /// <summary>Everyone, as the votes come in.</summary>
    Live,

    /// <summary>Each person once they have voted.</summary>
    AfterVoting,

    /// <summary>Nobody but staff until the poll closes.</summary>
    WhenClosed,
}

/// <summary>
/// A poll; its id is the seq of this event. A rating poll's options are "1" to "5"; an open-text poll has none.
/// Events stored before kinds and visibility existed read as a live single- or multiple-choice poll.
/// </summary>
public sealed record PollOpened(
    string ByUserId, string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous,
    PollKind Kind = PollKind.Choice, PollResultsVisibility Visibility = PollResultsVisibility.Live) : RoomEvent;

/// <summary>
/// A vote (replacing the voter's earlier one) and the counts per option after it, so every client shows live results
/// without knowing who voted; for an open-text poll, the answer (<see cref="Text"/>) and no counts. In an anonymous
/// poll every audience gets a view without <see cref="UserId"/>; a viewer who may not see the results yet gets one
/// without choices, counts or text. <see cref="Results"/> is never stored: a viewer's view of an open-text poll's vote
/// carries the poll's answers and top words as they stand.
/// </summary>
public sealed record PollVoted(
    long PollId, string? UserId, IReadOnlyList<int> Choices, IReadOnlyList<int> Counts, string? Text = null, PollResults? Results = null) : RoomEvent;

/// <summary>
/// The poll's final counts (an open-text poll's final answers), with its question and options, so the transcript line
/// stands on its own. <see cref="Results"/> is never stored: the views of an open-text poll's close carry its top words.
/// </summary>
public sealed record PollClosed(
    long PollId, string ByUserId, string Question, IReadOnlyList<string> Options, IReadOnlyList<int> Counts,
    IReadOnlyList<string>? Answers = null, PollResults? Results = null) : RoomEvent;
