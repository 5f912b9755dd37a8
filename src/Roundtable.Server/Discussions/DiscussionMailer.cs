using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Options;
using Roundtable.Core.Discussions;
using Roundtable.Core.Log;
using Roundtable.Server.Email;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Discussions;

/// <summary>
/// Emails the discussion notifications the projection made: a mention (each post that mentions someone, once), and
/// new replies in a followed thread, at most one email per thread and person per
/// <see cref="DiscussionsOptions.ReplyEmailQuietPeriod"/>, gathering the replies since the previous one (the replies
/// held back meanwhile go once the thread has been quiet that long: <see cref="DiscussionReplyDigests"/>). Only to
/// people who may still read the thread; the author is never notified of their own post. The post goes as plain text
/// taken from its sanitised rendering, with the thread's title and a link to it.
/// </summary>
public sealed class DiscussionMailer(RoundtableDb db, DiscussionWriter writer, MailOutbox outbox, IOptions<DiscussionsOptions> options) : IEventMailer
{
    /// <summary>Replies one gathering email quotes in full; the rest are counted.</summary>
    private const int MaxGatheredReplies = 5;

    public async Task OnEventAsync(StoredEvent stored, CancellationToken cancellationToken)
    {
        var postId = stored.Event switch
        {
            ThreadStarted started => started.ThreadId,
            ReplyPosted reply => reply.PostId,
            PostEdited edited => edited.PostId,
            _ => null,
        };
        if (postId is null || db.DiscussionThreads.FindById(((DiscussionEvent)stored.Event).ThreadId) is not { } thread)
        {
            return;
        }
        var notifications = db.Notifications.Find(n => n.Position == stored.Position).ToList()
            .Where(n => n.Kind is DiscussionProjection.MentionKind or DiscussionProjection.ReplyKind)
            // Someone who has since left the cohort (or the circle) is not sent what they may no longer read.
            .Where(n => writer.Find(thread.Id, n.UserId) is not null)
            .ToList();
        var link = outbox.Link(DiscussionProjection.ThreadLink(thread.Id));
        foreach (var notification in notifications)
        {
            if (notification.Kind == DiscussionProjection.MentionKind)
            {
                await outbox.SendOnceAsync($"notification:{notification.Id}", notification.UserId, EmailKinds.DiscussionMentions, _ =>
                    new EmailMessage(SubjectOf(notification.Text), Body(notification.Text, [Post(postId)], 0, link)), cancellationToken);
            }
            else
            {
                await SendRepliesAsync(thread, notification.UserId, stored.At, stored.Position, stored.Position - 1, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Emails <paramref name="userId"/> the replies they were notified of in <paramref name="thread"/> up to log position
    /// <paramref name="mark"/> that no earlier email told them of (after <paramref name="firstFrom"/> when none went
    /// yet), unless one went within the quiet period before <paramref name="at"/>.
    /// </summary>
    public Task<MailOutcome> SendRepliesAsync(
        DiscussionThreadRecord thread, string userId, DateTimeOffset at, long mark, long firstFrom, CancellationToken cancellationToken) =>
        outbox.SendAtMostEveryAsync($"discussion-replies:{thread.Id}:{userId}", options.Value.ReplyEmailQuietPeriod, at, mark, userId,
            EmailKinds.DiscussionReplies, (_, previous) => RepliesEmail(thread, Covered(thread, userId, previous, firstFrom, mark)), cancellationToken);

    /// <summary>
    /// The replies (with the notification each made) after what the previous email covered, up to <paramref name="mark"/>,
    /// in order; not removed ones. A previous email from before coverage was recorded counts by its time.
    /// </summary>
    private List<(NotificationRecord Notification, DiscussionPostRecord Post)> Covered(
        DiscussionThreadRecord thread, string userId, EmailCoverage? previous, long firstFrom, long mark)
    {
        var lower = previous is null ? firstFrom : previous.Mark ?? 0;
        var link = DiscussionProjection.ThreadLink(thread.Id);
        var notifications = db.Notifications.Find(n => n.UserId == userId && n.Position > lower && n.Position <= mark).ToList()
            .Where(n => n.Kind == DiscussionProjection.ReplyKind && n.Link == link && (previous is not { Mark: null } || n.At > previous.At.UtcDateTime))
            .OrderBy(n => n.Position)
            .ToList();
        if (notifications.Count == 0)
        {
            return [];
        }
        var positions = notifications.Select(n => n.Position).ToHashSet();
        var posts = db.DiscussionPosts.Find(p => p.ThreadId == thread.Id && p.Number > 1).ToList()
            .Where(p => positions.Contains(p.Position) && !p.Removed)
            .ToDictionary(p => p.Position);
        return [.. notifications.Where(n => posts.ContainsKey(n.Position)).Select(n => (n, posts[n.Position]))];
    }

    /// <summary>One reply as its notification says it; several gathered (the latest few in full); none: nothing to send.</summary>
    private EmailMessage? RepliesEmail(DiscussionThreadRecord thread, List<(NotificationRecord Notification, DiscussionPostRecord Post)> replies)
    {
        var link = outbox.Link(DiscussionProjection.ThreadLink(thread.Id));
        switch (replies.Count)
        {
            case 0:
                return null;
            case 1:
                var (notification, post) = replies[0];
                return new EmailMessage(SubjectOf(notification.Text), Body(notification.Text, [post], 0, link));
            default:
                var summary = $"{replies.Count} new replies in “{thread.Title}”.";
                return new EmailMessage(SubjectOf(summary), Body(summary, [.. replies.TakeLast(MaxGatheredReplies).Select(r => r.Post)], replies.Count - MaxGatheredReplies, link));
        }
    }

    private DiscussionPostRecord? Post(string postId) => db.DiscussionPosts.FindById(postId);

    private string Body(string headline, IReadOnlyList<DiscussionPostRecord?> posts, int more, string link)
    {
        var text = new StringBuilder(headline).Append("\n\n");
        if (more > 0)
        {
            text.Append(more == 1 ? "(1 earlier reply is in the thread.)" : $"({more} earlier replies are in the thread.)").Append("\n\n");
        }
        foreach (var post in posts.OfType<DiscussionPostRecord>().Where(p => !p.Removed))
        {
            text.Append(db.Users.FindById(post.AuthorId)?.DisplayName ?? "Someone").Append(" wrote:\n");
            foreach (var line in PostText.Of(post.Html).Split('\n'))
            {
                text.Append("> ").Append(line).Append('\n');
            }
            text.Append('\n');
        }
        return text.Append("Open the thread: ").Append(link).ToString();
    }

    private static string SubjectOf(string text) => text.Length <= 120 ? text : text[..117] + "…";
}

/// <summary>A post as plain text, for an email: the text of its sanitised HTML with paragraphs and list items kept apart, shortened.</summary>
public static partial class PostText
{
    public const int MaxLength = 2000;

    private static readonly HtmlParser Parser = new();
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "hr",
    };

    public static string Of(string html)
    {
        var text = new StringBuilder();
        Append(Parser.ParseDocument($"<body>{html}</body>").Body!, text);
        var plain = ManyBlankLines().Replace(text.ToString(), "\n\n").Trim();
        return plain.Length <= MaxLength ? plain : plain[..(MaxLength - 1)].TrimEnd() + "…";
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText words)
            {
                text.Append(words.Data);
            }
            else if (child is IElement element)
            {
                if (element.LocalName == "br")
                {
                    text.Append('\n');
                    continue;
                }
                var block = Blocks.Contains(element.LocalName);
                if (block && text.Length > 0 && text[^1] != '\n')
                {
                    text.Append('\n');
                }
                if (element.LocalName == "li")
                {
                    text.Append("- ");
                }
                Append(element, text);
                if (block)
                {
                    text.Append('\n');
                }
            }
        }
    }

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ManyBlankLines();
}
