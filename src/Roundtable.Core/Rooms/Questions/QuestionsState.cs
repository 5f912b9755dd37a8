namespace Roundtable.Core.Rooms;

public sealed class Question(long id, string userId, string displayName, string markdown, string html, bool anonymous, DateTimeOffset at)
{
    public long Id { get; } = id;
    public string UserId { get; } = userId;
    public string DisplayName { get; } = displayName;
    public string Markdown { get; } = markdown;
    public string Html { get; } = html;
    public bool Anonymous { get; } = anonymous;
    public DateTimeOffset At { get; } = at;
    public HashSet<string> Voters { get; } = new(StringComparer.Ordinal);
    public bool Answered { get; set; }
    public bool Pinned { get; set; }
    public bool Dismissed { get; set; }
    /// <summary>Asked while the review queue was on and not approved yet: only staff and the asker see it.</summary>
    public bool AwaitingReview { get; set; }

    /// <summary>Whether <paramref name="viewer"/> may see this question's text (dismissed and unapproved ones are hidden from peers).</summary>
    public bool VisibleTo(Viewer viewer) =>
        viewer.IsStaff || (!Dismissed && (!AwaitingReview || (viewer.UserId is not null && viewer.UserId == UserId)));
}

/// <summary>
/// A question as a viewer may see it: <see cref="UserId"/> and <see cref="DisplayName"/> are null when it is anonymous
/// and the viewer is a participant; <see cref="AskedByViewer"/> and <see cref="UpvotedByViewer"/> are about the viewer.
/// </summary>
public sealed record QuestionView(
    long Id, string? UserId, string? DisplayName, string Markdown, string Html, bool Anonymous, DateTimeOffset At,
    int Votes, bool UpvotedByViewer, bool AskedByViewer, bool Answered, bool Pinned, bool Dismissed, bool AwaitingReview = false);

/// <summary>The questions the viewer may see; <see cref="QuestionReview"/> is whether new questions wait for a coach's approval.</summary>
public sealed record QuestionsSnapshot(IReadOnlyList<QuestionView> Questions, bool QuestionReview = false);

/// <summary>The room's questions, by id (the seq that asked each).</summary>
public sealed class QuestionsState
{
    internal readonly Dictionary<long, Question> ById = [];

    /// <summary>Whether learners' and managers' new questions wait for a coach's approval.</summary>
    public bool Review { get; internal set; }

    public IReadOnlyCollection<Question> Questions => ById.Values;

    public Question? Find(long id) => ById.GetValueOrDefault(id);
}
