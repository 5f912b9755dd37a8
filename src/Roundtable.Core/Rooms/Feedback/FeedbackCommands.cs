using Roundtable.Core.Feedback;

namespace Roundtable.Core.Rooms;

/// <summary>The feedback's commands.</summary>
public abstract record FeedbackCommand : RoomCommand;

/// <summary>Who may see who gave which feedback.</summary>
public enum FeedbackAnonymity
{
    /// <summary>Everyone who sees a comment sees who wrote it.</summary>
    Named,

    /// <summary>The presenter does not see names; coaches and admins do.</summary>
    AnonymousToPresenter,

    /// <summary>Nobody sees names (the log still knows, so each person gives feedback once).</summary>
    FullyAnonymous,
}

/// <summary>Whose feedback it is: peers' is aggregated; the presenter's own and the coach's are kept apart.</summary>
public enum FeedbackKind
{
    Peer,
    Self,
    Coach,
}

/// <summary>When peers' comments reach the presenter.</summary>
public enum FeedbackModeration
{
    /// <summary>At once; a coach may hide any of them afterwards.</summary>
    ShownAtOnce,

    /// <summary>Only once a coach has approved them (each revision that changes the words is held again).</summary>
    HeldForReview,
}

/// <summary>
/// Opens feedback on a presentation against one rubric version (the hub looks the rubric up; the window keeps the copy).
/// With <see cref="AutoCloseMinutes"/> it closes by itself that many minutes later.
/// </summary>
public sealed record OpenFeedback(
    string PresentationId, Rubric Rubric, FeedbackAnonymity Anonymity, int? AutoCloseMinutes,
    FeedbackModeration Moderation = FeedbackModeration.ShownAtOnce) : FeedbackCommand;

/// <summary>
/// Gives (or revises) the caller's feedback: a score for every criterion and answers to any of the prompts (Markdown).
/// A learner's counts as a peer's, a coach's or admin's as the coach's; the presenter cannot rate their own
/// presentation, but gives a self-assessment against the same rubric (<see cref="SelfAssessment"/>).
/// </summary>
public sealed record SubmitFeedback(
    string PresentationId, IReadOnlyDictionary<string, int> Scores, IReadOnlyDictionary<string, string> Answers, bool SelfAssessment = false) : FeedbackCommand;

public sealed record CloseFeedback(string PresentationId) : FeedbackCommand;

/// <summary>Shows the peers' aggregate to the peers.</summary>
public sealed record ReleaseFeedback(string PresentationId) : FeedbackCommand;

/// <summary>The presenter rates how helpful one piece of feedback was (1 to <see cref="FeedbackLimits.MaxHelpfulness"/>).</summary>
public sealed record RateFeedback(string PresentationId, long SubmissionId, int Helpfulness) : FeedbackCommand;

/// <summary>The presenter asks a coach to look at one piece of feedback.</summary>
public sealed record FlagFeedback(string PresentationId, long SubmissionId, string Reason) : FeedbackCommand;

/// <summary>A coach hides one piece of peer feedback from the presenter (or shows it again); settles any flag on it.</summary>
public sealed record ModerateFeedback(string PresentationId, long SubmissionId, bool Hide) : FeedbackCommand;

/// <summary>
/// A coach lets held peer comments through to the presenter: the given submissions, or (none given) every one held.
/// </summary>
public sealed record ApproveFeedback(string PresentationId, IReadOnlyList<long>? SubmissionIds) : FeedbackCommand;

/// <summary>A coach puts the peers' aggregate on everyone's stage, or takes it down.</summary>
public sealed record ShowFeedbackOnStage(string PresentationId, bool Show) : FeedbackCommand;

/// <summary>The presenter's reflection on what they take away, once feedback has closed (may be rewritten).</summary>
public sealed record WriteReflection(string PresentationId, string Markdown) : FeedbackCommand;

public static class FeedbackLimits
{
    /// <summary>The largest answer to one prompt, in UTF-8 bytes of Markdown.</summary>
    public const int MaxAnswerBytes = 4 * 1024;

    public const int MaxReflectionBytes = 8 * 1024;

    public const int MaxFlagReasonLength = 300;

    public const int MaxAutoCloseMinutes = 24 * 60;

    public const int MaxHelpfulness = 3;

    /// <summary>More submission ids than any room's peers give in one call to approve.</summary>
    public const int MaxApprovalsAtOnce = 1000;
}
