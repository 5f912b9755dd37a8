using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.AsyncPresentations;

/// <summary>
/// Every event of a cohort's asynchronous presentations lives on the cohort's one stream, so a decision (may this
/// reviewer still give feedback? is this upload the presenter's?) is taken against everything before it.
/// </summary>
public static class AsyncPresentationStreams
{
    public static string Cohort(string cohortId) => "async-" + cohortId;
}

/// <summary>An event of a cohort's asynchronous presentations (on <see cref="AsyncPresentationStreams.Cohort"/>).</summary>
public abstract record AsyncPresentationEvent : DomainEvent;

/// <summary>
/// A file a learner uploaded, stored outside the log under <paramref name="UploadId"/> before this was appended.
/// <paramref name="ContentType"/> is the type its bytes were found to be; <paramref name="FileName"/> is the name it
/// came with, cleaned.
/// </summary>
public sealed record UploadStored(
    string UploadId, string OwnerId, string CohortId, string FileName, string ContentType, long Size, string Sha256) : AsyncPresentationEvent;

/// <summary>
/// An upload removed: by its owner, a coach of its cohort or an admin, or (<paramref name="ByUserId"/> null) by the
/// server, once nothing had used it for the retention set. Its file is deleted from disk only after this is durable.
/// </summary>
public sealed record UploadRemoved(string UploadId, string? ByUserId) : AsyncPresentationEvent;

/// <summary>A learner's presentation for the cohort's peers: slides in Markdown (each rendered once) and/or uploaded files.</summary>
public sealed record AsyncPresentationSubmitted(
    string PresentationId, string CohortId, string PresenterId, string Title, string SlidesMarkdown, IReadOnlyList<string> SlidesHtml,
    IReadOnlyList<string> UploadIds) : AsyncPresentationEvent;

/// <summary>How reviewers are chosen for a feedback round.</summary>
public enum ReviewerChoice
{
    /// <summary>Every learner of the cohort reviews every presentation but their own.</summary>
    AllPeers,

    /// <summary>Each presentation gets k reviewers, drawn with the recorded seed so the load is spread evenly.</summary>
    RandomPeers,
}

/// <summary>Who reviews one presentation in a round.</summary>
public sealed record ReviewAssignment(string PresentationId, IReadOnlyList<string> ReviewerIds);

/// <summary>
/// A coach opened asynchronous feedback on some of the cohort's presentations, against a copy of one rubric version,
/// until <paramref name="Deadline"/>. The assignment is recorded as drawn (from <paramref name="Seed"/>), so every node
/// reads the same reviewers.
/// </summary>
public sealed record AsyncReviewOpened(
    string RoundId, string CohortId, Rubric Rubric, DateTimeOffset Deadline, ReviewerChoice Choice, int? ReviewersPerPresentation, int Seed,
    IReadOnlyList<ReviewAssignment> Assignments, string ByUserId) : AsyncPresentationEvent;

/// <summary>A reviewer's feedback on one presentation, or their revision of it (the latest counts).</summary>
public sealed record AsyncFeedbackGiven(
    string RoundId, string PresentationId, string ReviewerId, int Revision, IReadOnlyDictionary<string, int> Scores,
    IReadOnlyList<FeedbackAnswer> Answers) : AsyncPresentationEvent;

/// <summary>
/// The round ended: a coach closed it early, or (<paramref name="ByUserId"/> null) its deadline passed. Presenters then see
/// their feedback.
/// </summary>
public sealed record AsyncReviewClosed(string RoundId, string? ByUserId) : AsyncPresentationEvent;

/// <summary>The presenter rated how helpful one reviewer's feedback was (1 to <see cref="FeedbackLimits.MaxHelpfulness"/>).</summary>
public sealed record AsyncFeedbackRated(string PresentationId, string ReviewerId, int Helpfulness) : AsyncPresentationEvent;

/// <summary>The presenter's reflection on the feedback (may be rewritten).</summary>
public sealed record AsyncReflectionWritten(string PresentationId, string Markdown, string Html) : AsyncPresentationEvent;

public static class AsyncPresentationEventTypes
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(UploadStored), typeof(UploadRemoved), typeof(AsyncPresentationSubmitted), typeof(AsyncReviewOpened), typeof(AsyncFeedbackGiven),
        typeof(AsyncReviewClosed), typeof(AsyncFeedbackRated), typeof(AsyncReflectionWritten),
    ];
}

/// <summary>How much a presentation may carry.</summary>
public static class AsyncPresentationLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxSlidesBytes = 64 * 1024;
    public const int MaxSlides = 100;
    public const int MaxUploads = 10;
    public const int MaxFileNameLength = 120;
    public static readonly TimeSpan MaxDeadlineAhead = TimeSpan.FromDays(366);
}
