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
}

/// <summary>
/// A question as a viewer may see it: <see cref="UserId"/> and <see cref="DisplayName"/> are null when it is anonymous
/// and the viewer is a participant; <see cref="AskedByViewer"/> and <see cref="UpvotedByViewer"/> are about the viewer.
/// </summary>
public sealed record QuestionView(
    long Id, string? UserId, string? DisplayName, string Markdown, string Html, bool Anonymous, DateTimeOffset At,
    int Votes, bool UpvotedByViewer, bool AskedByViewer, bool Answered, bool Pinned, bool Dismissed);

public sealed record QuestionsSnapshot(IReadOnlyList<QuestionView> Questions);

/// <summary>The room's questions, by id (the seq that asked each).</summary>
public sealed class QuestionsState
{
    internal readonly Dictionary<long, Question> ById = [];

    public IReadOnlyCollection<Question> Questions => ById.Values;

    public Question? Find(long id) => ById.GetValueOrDefault(id);
}
