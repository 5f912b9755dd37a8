using Roundtable.Core.Events;
using Roundtable.Core.Log;

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

public sealed partial record RoomSnapshot
{
    public IReadOnlyList<QuestionView>? Questions { get; init; }
}

public sealed partial class RoomState
{
    private readonly Dictionary<long, Question> _questions = [];

    public IReadOnlyCollection<Question> Questions => _questions.Values;

    public Question? FindQuestion(long id) => _questions.GetValueOrDefault(id);

    private bool ApplyQuestions(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case QuestionAsked e:
                _questions[stored.Seq] = new Question(stored.Seq, e.UserId ?? "", e.DisplayName ?? "", e.Markdown, e.Html, e.Anonymous, stored.At);
                return true;
            case QuestionUpvoted e:
                _questions[e.QuestionId].Voters.Add(e.UserId);
                return true;
            case QuestionUpvoteWithdrawn e:
                _questions[e.QuestionId].Voters.Remove(e.UserId);
                return true;
            case QuestionAnswered e:
                _questions[e.QuestionId].Answered = true;
                return true;
            case QuestionPinned e:
                _questions[e.QuestionId].Pinned = e.Pinned;
                return true;
            case QuestionDismissed e:
                _questions[e.QuestionId].Dismissed = true;
                return true;
            default:
                return false;
        }
    }

    private DomainEvent? ViewQuestions(StoredEvent stored, Viewer viewer)
    {
        if (viewer.IsStaff || stored.Event is not QuestionAsked asked)
        {
            return null;
        }
        // A question dismissed since it was asked stays out of sight for participants (catch-up, transcript).
        if (FindQuestion(stored.Seq) is { Dismissed: true })
        {
            return asked with { UserId = null, DisplayName = null, Markdown = "", Html = "" };
        }
        if (asked.Anonymous && (viewer.UserId is null || viewer.UserId != asked.UserId))
        {
            return asked with { UserId = null, DisplayName = null };
        }
        return null;
    }

    private RoomSnapshot WithQuestions(RoomSnapshot snapshot, Viewer viewer) => snapshot with
    {
        Questions = _questions.Values
            .Where(q => viewer.IsStaff || !q.Dismissed)
            .OrderBy(q => q.Id)
            .Select(q =>
            {
                var mine = viewer.UserId is not null && viewer.UserId == q.UserId;
                var named = !q.Anonymous || viewer.IsStaff || mine;
                return new QuestionView(q.Id, named ? q.UserId : null, named ? q.DisplayName : null, q.Markdown, q.Html, q.Anonymous, q.At,
                    q.Voters.Count, viewer.UserId is not null && q.Voters.Contains(viewer.UserId), mine, q.Answered, q.Pinned, q.Dismissed);
            })
            .ToList(),
    };
}
