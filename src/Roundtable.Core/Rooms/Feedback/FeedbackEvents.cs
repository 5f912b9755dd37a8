using Roundtable.Core.Events;
using Roundtable.Core.Feedback;

namespace Roundtable.Core.Rooms;

/// <summary>
/// Feedback on a presentation opened, with a copy of the rubric version it is given against.
/// It closes by itself <see cref="AutoCloseSeconds"/> after this event's time, when set. Windows logged before
/// moderation was a choice show comments at once.
/// </summary>
public sealed record FeedbackWindowOpened(
    string PresentationId, string PresenterUserId, string PresenterName, Rubric Rubric, FeedbackAnonymity Anonymity,
    int? AutoCloseSeconds, string ByUserId, FeedbackModeration Moderation = FeedbackModeration.ShownAtOnce) : RoomEvent;

/// <summary>
/// One person's feedback, or their revision of it (<see cref="Revision"/> above 1; the latest counts, earlier ones stay in
/// the log). <see cref="SubmissionId"/> is the seq of the first version: a stable handle that does not say who gave it.
/// Views leave out <see cref="UserId"/> and <see cref="DisplayName"/> wherever the anonymity mode says so, and leave out
/// scores and answers for the peers.
/// </summary>
public sealed record FeedbackSubmitted(
    string PresentationId, long? SubmissionId, int Revision, FeedbackKind Kind, string? UserId, string? DisplayName,
    IReadOnlyDictionary<string, int> Scores, IReadOnlyList<FeedbackAnswer> Answers) : RoomEvent;

/// <summary>An answer to one of the rubric's prompts, as written and as rendered (sanitised) once, here.</summary>
public sealed record FeedbackAnswer(string PromptId, string Markdown, string Html);

/// <summary>Closed by a coach, or by itself at its deadline (<see cref="ByUserId"/> null).</summary>
public sealed record FeedbackWindowClosed(string PresentationId, string? ByUserId) : RoomEvent;

/// <remarks><paramref name="PresenterUserId"/> names whom to tell (absent from events stored before it was carried).</remarks>
public sealed record FeedbackReleased(string PresentationId, string ByUserId, string? PresenterUserId = null) : RoomEvent;

public sealed record FeedbackRated(string PresentationId, long SubmissionId, int Helpfulness) : RoomEvent;

public sealed record FeedbackFlagged(string PresentationId, long SubmissionId, string Reason) : RoomEvent;

/// <summary>A coach hid (or showed again) one piece of peer feedback; any flag on it is settled.</summary>
public sealed record FeedbackModerated(string PresentationId, long SubmissionId, bool Hidden, string ByUserId) : RoomEvent;

/// <summary>A coach let these held submissions' comments (as they stand now) through to the presenter.</summary>
public sealed record FeedbackApproved(string PresentationId, IReadOnlyList<long> SubmissionIds, string ByUserId) : RoomEvent;

/// <summary>A coach put the peers' aggregate on everyone's stage (or took it down).</summary>
public sealed record FeedbackStageShown(string PresentationId, bool Shown, string ByUserId) : RoomEvent;

public sealed record ReflectionWritten(string PresentationId, string UserId, string Markdown, string Html) : RoomEvent;
