using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Discussions;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Discussions;

public sealed record OpenRoundtableDiscussionRequest(string? AgendaItemId);

public sealed record RoundtableThreadDto(string ThreadId);

public sealed record TopicThreadDto(string AgendaItemId, string Label, int Messages, bool Started);

/// <summary>A roundtable's own thread (started or not yet) and, once the session has ended, a thread per agenda topic.</summary>
public sealed record RoundtableDiscussionsDto(bool Started, bool MayStart, bool Ended, IReadOnlyList<TopicThreadDto> Topics);

/// <summary>
/// "Continue the discussion": each roundtable has one thread, and after the session each agenda topic may have one
/// quoting what was said in the chat while it was current. Opening one that does not exist yet starts it, under an id
/// derived from the roundtable (and topic), so it is started once however many people open it at the same time.
/// </summary>
public static class RoundtableDiscussionsApi
{
    private const int ReadPage = 5000;

    public static IEndpointRouteBuilder MapRoundtableDiscussionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/roundtables/{roundtableId}").WithTags("Discussions");
        api.MapGet("/discussions", List).WithDescription("Whether the roundtable's thread exists, and after the session its agenda topics and their threads.");
        api.MapPost("/discussion", Open).WithDescription("Opens the roundtable's thread (or, with agendaItemId, a topic's), starting it on first use.");
        return app;
    }

    /// <summary>The thread id of a roundtable, or of one of its agenda topics: the same on every node and every call.</summary>
    public static string ThreadIdFor(string roundtableId, string? agendaItemId)
    {
        var key = agendaItemId is null ? $"roundtable:{roundtableId}" : $"roundtable:{roundtableId}:topic:{agendaItemId}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    private static async Task<Results<Ok<RoundtableDiscussionsDto>, ProblemHttpResult>> List(
        string roundtableId, ClaimsPrincipal principal, CohortAccess access, DiscussionWriter writer, RoundtableDb db, IEventLog log, CancellationToken cancellationToken)
    {
        if (Place(roundtableId, principal.UserId()!, access, writer) is not { } place)
        {
            return Problems.NotFound("roundtable", roundtableId);
        }
        var ended = place.Roundtable.Status == RoomStatus.Ended;
        var topics = ended
            ? TopicExcerpts.Of(await ReadAllAsync(log, place.Roundtable.Id, cancellationToken))
                .Select(t => new TopicThreadDto(t.ItemId, t.Label, t.Messages.Count, db.DiscussionThreads.FindById(ThreadIdFor(place.Roundtable.Id, t.ItemId)) is not null))
                .ToList()
            : [];
        return TypedResults.Ok(new RoundtableDiscussionsDto(
            db.DiscussionThreads.FindById(ThreadIdFor(place.Roundtable.Id, null)) is not null, place.Role != DiscussionRole.Reader, ended, topics));
    }

    private static async Task<Results<Ok<RoundtableThreadDto>, Created<RoundtableThreadDto>, ProblemHttpResult>> Open(
        string roundtableId, OpenRoundtableDiscussionRequest? request, ClaimsPrincipal principal, CohortAccess access, DiscussionWriter writer,
        RoundtableDb db, IEventLog log, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (Place(roundtableId, userId, access, writer) is not { } place)
        {
            return Problems.NotFound("roundtable", roundtableId);
        }
        var roundtable = place.Roundtable;
        var itemId = string.IsNullOrEmpty(request?.AgendaItemId) ? null : request.AgendaItemId;
        var threadId = ThreadIdFor(roundtable.Id, itemId);
        if (db.DiscussionThreads.FindById(threadId) is not null)
        {
            return TypedResults.Ok(new RoundtableThreadDto(threadId));
        }
        if (place.Role == DiscussionRole.Reader)
        {
            return ApiProblem.Forbidden("This discussion has not been started yet; observers read discussions but do not start them.").ToResult();
        }
        string title, markdown;
        if (itemId is null)
        {
            title = Shorten(roundtable.Title, writer.Options.MaxTitleLength);
            markdown = $"Continuing the discussion of the roundtable “{roundtable.Title}” of {roundtable.ScheduledStart.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}.";
        }
        else
        {
            if (roundtable.Status != RoomStatus.Ended)
            {
                return ApiProblem.Conflict("An agenda topic's thread opens after the session, with what was said about it.").ToResult();
            }
            var topic = TopicExcerpts.Of(await ReadAllAsync(log, roundtable.Id, cancellationToken)).FirstOrDefault(t => t.ItemId == itemId);
            if (topic is null)
            {
                return Problems.Invalid("agendaItemId", "Choose one of the session's agenda topics.");
            }
            title = Shorten($"{roundtable.Title}: {topic.Label}", writer.Options.MaxTitleLength);
            markdown = TopicPost(roundtable.Title, topic, writer.Options.MaxPostBytes);
        }
        var (html, _, problem) = writer.Render(roundtable.CohortId, place.CircleId, markdown, "post");
        if (problem is not null)
        {
            return Problems.Invalid("agendaItemId", problem);
        }
        // Nobody is notified of mentions quoted from the session: the chat was said there, not written to them here.
        var started = new ThreadStarted(threadId, roundtable.CohortId, place.CircleId, roundtable.Id, itemId, title, markdown, html, userId, []);
        var (didStart, refused) = await writer.StartAsync(started, cancellationToken);
        if (refused is not null)
        {
            return refused.ToResult();
        }
        return didStart
            ? TypedResults.Created($"/api/discussions/{threadId}", new RoundtableThreadDto(threadId))
            : TypedResults.Ok(new RoundtableThreadDto(threadId));
    }

    /// <summary>The topic's prompt, then what was said while it was current, quoted with who said it, within the post limit.</summary>
    private static string TopicPost(string roundtableTitle, TopicExcerpt topic, int maxBytes)
    {
        var post = new StringBuilder($"From the roundtable “{roundtableTitle}”, agenda topic **{topic.Label}**.\n\n");
        if (!string.IsNullOrWhiteSpace(topic.PromptMarkdown))
        {
            post.Append(topic.PromptMarkdown.Trim()).Append("\n\n");
        }
        if (topic.Messages.Count == 0)
        {
            return post.Append("Nothing was said in the chat during this topic.").ToString();
        }
        post.Append("What was said in the chat:\n\n");
        var budget = maxBytes - 200;
        for (var i = 0; i < topic.Messages.Count; i++)
        {
            var (name, text) = topic.Messages[i];
            var quoted = "> **" + Escape(name) + "**: " + string.Join("\n> ", text.Trim().Split('\n')) + "\n\n";
            if (Encoding.UTF8.GetByteCount(post.ToString()) + Encoding.UTF8.GetByteCount(quoted) > budget)
            {
                return post.Append($"…and {topic.Messages.Count - i} more messages in the transcript.").ToString();
            }
            post.Append(quoted);
        }
        return post.ToString().TrimEnd();
    }

    private static string Escape(string name) => name.Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private sealed record RoundtablePlace(RoundtableRecord Roundtable, string? CircleId, DiscussionRole Role);

    /// <summary>The roundtable whose thread this is (a breakout's is its session's), where the thread lives and the caller's role there; null for those who may not see it.</summary>
    private static RoundtablePlace? Place(string roundtableId, string userId, CohortAccess access, DiscussionWriter writer)
    {
        if (!Ids.IsWellFormed(roundtableId) || access.Roundtable(roundtableId) is not { } roundtable || !access.CanSeeRoom(roundtable, userId))
        {
            return null;
        }
        if (roundtable.Kind == RoundtableKind.Breakout && roundtable.ParentId is { } sessionId && access.Roundtable(sessionId) is { } session)
        {
            roundtable = session;
        }
        var circleId = roundtable.Kind == RoundtableKind.Circle ? roundtable.ParentId : null;
        var role = writer.RoleIn(roundtable.CohortId, circleId, userId);
        return role == DiscussionRole.None ? null : new RoundtablePlace(roundtable, circleId, role);
    }

    private static async Task<List<StoredEvent>> ReadAllAsync(IEventLog log, string roundtableId, CancellationToken cancellationToken)
    {
        var all = new List<StoredEvent>();
        while (true)
        {
            var page = await log.ReadStreamAsync(StreamNames.Room(roundtableId), all.Count == 0 ? 0 : all[^1].Seq, ReadPage, cancellationToken);
            all.AddRange(page);
            if (page.Count < ReadPage)
            {
                return all;
            }
        }
    }
}
