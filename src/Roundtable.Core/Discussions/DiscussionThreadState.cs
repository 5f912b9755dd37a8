using Roundtable.Core.Log;

namespace Roundtable.Core.Discussions;

/// <summary>One post as a write decides on it.</summary>
public sealed class PostState
{
    public required string Id { get; init; }
    public required long Number { get; init; }
    public string? ParentPostId { get; init; }
    public required string AuthorId { get; init; }
    public required DateTimeOffset PostedAt { get; init; }
    public string Markdown { get; set; } = "";
    /// <summary>0 as posted, then 1, 2, ... per edit: what an edit names as the version it was written from.</summary>
    public long Revision { get; set; }
    public bool Removed { get; set; }
    /// <summary>"{userId} {emoji}" for every reaction on.</summary>
    public HashSet<string> Reactions { get; } = new(StringComparer.Ordinal);
}

/// <summary>A thread folded from its stream: what the discussion writer decides against.</summary>
public sealed class DiscussionThreadState
{
    public ThreadStarted? Started { get; private set; }
    public bool Exists => Started is not null;
    public bool Pinned { get; private set; }
    public bool Locked { get; private set; }
    public long LastNumber { get; private set; }
    public Dictionary<string, PostState> Posts { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Followers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> ReadUpTo { get; } = new(StringComparer.Ordinal);

    public void Apply(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case ThreadStarted e:
                Started = e;
                LastNumber = 1;
                Posts[e.ThreadId] = new PostState { Id = e.ThreadId, Number = 1, AuthorId = e.AuthorId, PostedAt = stored.At, Markdown = e.Markdown };
                Followers.Add(e.AuthorId);
                ReadUpTo[e.AuthorId] = 1;
                break;
            case ReplyPosted e:
                LastNumber = e.Number;
                Posts[e.PostId] = new PostState
                {
                    Id = e.PostId, Number = e.Number, ParentPostId = e.ParentPostId, AuthorId = e.AuthorId, PostedAt = stored.At, Markdown = e.Markdown,
                };
                Followers.Add(e.AuthorId);
                break;
            case PostEdited e when Posts.TryGetValue(e.PostId, out var post):
                post.Markdown = e.Markdown;
                post.Revision++;
                break;
            case PostRemoved e when Posts.TryGetValue(e.PostId, out var post):
                post.Removed = true;
                break;
            case ReactionToggled e when Posts.TryGetValue(e.PostId, out var post):
                if (e.On)
                {
                    post.Reactions.Add($"{e.UserId} {e.Emoji}");
                }
                else
                {
                    post.Reactions.Remove($"{e.UserId} {e.Emoji}");
                }
                break;
            case ThreadPinned e:
                Pinned = e.Pinned;
                break;
            case ThreadLocked e:
                Locked = e.Locked;
                break;
            case ThreadFollowed e:
                if (e.Following)
                {
                    Followers.Add(e.UserId);
                }
                else
                {
                    Followers.Remove(e.UserId);
                }
                break;
            case ThreadRead e:
                ReadUpTo[e.UserId] = Math.Max(e.LastNumber, ReadUpTo.GetValueOrDefault(e.UserId));
                break;
        }
    }

    public long ReadBy(string userId) => ReadUpTo.GetValueOrDefault(userId);
}
