using Roundtable.Core.Feedback;

namespace Roundtable.Core.Rooms;

/// <summary>One person's feedback on a presentation, at its latest revision, with what the presenter and coach made of it.</summary>
public sealed class FeedbackSubmission(long id, FeedbackKind kind, string userId, string displayName)
{
    public long Id { get; } = id;
    public FeedbackKind Kind { get; } = kind;
    public string UserId { get; } = userId;
    public string DisplayName { get; } = displayName;
    public IReadOnlyDictionary<string, int> Scores { get; set; } = new Dictionary<string, int>();
    public IReadOnlyList<FeedbackAnswer> Answers { get; set; } = [];
    public int Revision { get; set; }
    public DateTimeOffset At { get; set; }
    public int? Helpfulness { get; set; }
    public string? FlagReason { get; set; }
    public bool Hidden { get; set; }

    /// <summary>The words the presenter may see: all of them, or in a window held for review the last approved.</summary>
    public IReadOnlyList<FeedbackAnswer> ApprovedAnswers { get; set; } = [];

    /// <summary>Words the presenter may not see yet: a coach has neither approved them nor hidden the comment.</summary>
    public bool Held => AwaitingReview && !Hidden;

    internal bool AwaitingReview { get; set; }

    internal void Approve()
    {
        ApprovedAnswers = Answers;
        AwaitingReview = false;
    }
}

/// <summary>Feedback on one presentation: its rubric, its state, every submission, and the peers' running tally.</summary>
public sealed class FeedbackWindow(FeedbackWindowOpened opened, DateTimeOffset openedAt)
{
    private readonly Dictionary<string, FeedbackSubmission> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<long, FeedbackSubmission> _byId = [];

    public string PresentationId { get; } = opened.PresentationId;
    public string PresenterUserId { get; } = opened.PresenterUserId;
    public string PresenterName { get; } = opened.PresenterName;
    public Rubric Rubric { get; } = opened.Rubric;
    public FeedbackAnonymity Anonymity { get; } = opened.Anonymity;
    public FeedbackModeration Moderation { get; } = opened.Moderation;
    public DateTimeOffset OpenedAt { get; } = openedAt;
    public DateTimeOffset? ClosesAt { get; } = opened.AutoCloseSeconds is { } s ? openedAt.AddSeconds(s) : null;
    public bool Closed { get; set; }
    public bool Released { get; set; }

    /// <summary>The peers' aggregate is on everyone's stage.</summary>
    public bool OnStage { get; set; }

    public FeedbackTally PeerTally { get; } = new(opened.Rubric);
    public Reflection? Reflection { get; set; }

    public IEnumerable<FeedbackSubmission> Submissions => _byId.Values;

    public FeedbackSubmission? FindByUser(string userId) => _byUser.GetValueOrDefault(userId);

    public FeedbackSubmission? Find(long submissionId) => _byId.GetValueOrDefault(submissionId);

    /// <summary>Closed, or past its deadline (the closing event may not be in the log yet).</summary>
    public bool IsClosedAt(DateTimeOffset now) => Closed || ClosesAt <= now;

    internal void Apply(long seq, DateTimeOffset at, FeedbackSubmitted e)
    {
        if (!_byUser.TryGetValue(e.UserId!, out var submission))
        {
            submission = new FeedbackSubmission(e.SubmissionId ?? seq, e.Kind, e.UserId!, e.DisplayName!);
            _byUser[submission.UserId] = submission;
            _byId[submission.Id] = submission;
        }
        if (e.Kind == FeedbackKind.Peer)
        {
            PeerTally.Replace(submission.Revision > 0 ? submission.Scores : null, e.Scores);
        }
        submission.Scores = e.Scores;
        submission.Answers = e.Answers;
        submission.Revision = e.Revision;
        submission.At = at;
        if (Moderation != FeedbackModeration.HeldForReview || e.Kind != FeedbackKind.Peer || e.Answers.Count == 0)
        {
            // Nothing to review; a peer who took their words back has none left to show either.
            submission.Approve();
        }
        else
        {
            submission.AwaitingReview = !SameWords(e.Answers, submission.ApprovedAnswers);
        }
    }

    private static bool SameWords(IReadOnlyList<FeedbackAnswer> a, IReadOnlyList<FeedbackAnswer> b) =>
        a.Select(x => (x.PromptId, x.Markdown)).SequenceEqual(b.Select(x => (x.PromptId, x.Markdown)));
}

public sealed record Reflection(string Markdown, string Html, DateTimeOffset At);

/// <param name="Feedback">Feedback on each presentation, as the viewer may see it.</param>
/// <param name="MyFeedback">The viewer's own feedback on each presentation they gave feedback on.</param>
public sealed record FeedbackSnapshot(IReadOnlyList<FeedbackView> Feedback, IReadOnlyList<FeedbackEntryView> MyFeedback);

/// <summary>Feedback on each presentation of the room (its window), by presentation id.</summary>
public sealed class FeedbackState(RoomState room)
{
    internal readonly Dictionary<string, FeedbackWindow> ByPresentation = new(StringComparer.Ordinal);

    public IEnumerable<FeedbackWindow> Windows => ByPresentation.Values;

    public FeedbackWindow? Find(string presentationId) => ByPresentation.GetValueOrDefault(presentationId);

    /// <summary>The window whose aggregate is on the stage, if any (one at a time).</summary>
    public FeedbackWindow? OnStage => ByPresentation.Values.FirstOrDefault(w => w.OnStage);

    /// <summary>How many peers feedback is expected from: learners here now (not the presenter), and any who gave it and left.</summary>
    public int ExpectedPeers(FeedbackWindow window)
    {
        var expected = 0;
        foreach (var p in room.Participants)
        {
            if (p.Role == RoomRole.Learner && p.UserId != window.PresenterUserId && window.FindByUser(p.UserId) is null)
            {
                expected++;
            }
        }
        return expected + window.PeerTally.Submissions;
    }

    /// <summary>Feedback on every presentation as <paramref name="viewer"/> may see it, and the viewer's own submissions.</summary>
    public (IReadOnlyList<FeedbackView> Feedback, IReadOnlyList<FeedbackEntryView> Mine) FeedbackFor(Viewer viewer) =>
    (
        [.. ByPresentation.Values.Select(w => FeedbackViews.For(room, w, FeedbackViews.AudienceOf(w, viewer), null))],
        viewer.UserId is null
            ? []
            : [.. ByPresentation.Values.Where(w => w.FindByUser(viewer.UserId) is not null).Select(w => FeedbackViews.Mine(w, w.FindByUser(viewer.UserId)!))]
    );
}
