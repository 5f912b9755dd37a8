using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Discussions;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Discussions;

public sealed record StartThreadRequest(string? Title, string? Markdown, string? CircleId);

public sealed record ReplyRequest(string? Markdown, string? ParentPostId, string? QuotedPostId, string? QuotedText);

public sealed record EditPostRequest(long? BaseRevision, string? Title, string? Markdown);

public sealed record ReactRequest(string? Emoji);

public sealed record FlagRequest(bool? Value);

public sealed record ReadRequest(long? LastNumber);

public sealed record PlaceDto(string? CircleId, string Name);

public sealed record ThreadSummaryDto(
    string Id, string CohortId, string? CircleId, string? RoundtableId, string Title, string AuthorName, DateTimeOffset StartedAt, DateTimeOffset LastPostAt,
    int Replies, int Unread, bool Pinned, bool Locked, bool Following);

/// <summary>A place's threads (pinned first, then the latest active), the places the caller may choose and whether they may start a thread.</summary>
public sealed record ThreadListDto(string CohortId, string CohortName, string? CircleId, IReadOnlyList<PlaceDto> Places, bool MayStart, IReadOnlyList<ThreadSummaryDto> Threads);

public sealed record ReactionDto(string Emoji, string Symbol, string Label, int Count, bool Mine);

public sealed record QuoteDto(string PostId, string AuthorName, string Text);

public sealed record PostVersionDto(long Revision, string? Title, string Markdown, string Html, DateTimeOffset At);

public sealed record PostDto(
    string Id, long Number, string? ParentPostId, string AuthorId, string AuthorName, string Markdown, string Html, DateTimeOffset PostedAt,
    DateTimeOffset? EditedAt, long Revision, bool Removed, QuoteDto? Quote, IReadOnlyList<ReactionDto> Reactions, IReadOnlyList<PostVersionDto> History,
    bool MayEdit, bool MayRemove);

public sealed record ThreadDetailDto(
    string Id, string CohortId, string CohortName, string? CircleId, string? RoundtableId, string? AgendaItemId, string Title, bool Pinned, bool Locked,
    bool Following, long LastNumber, long ReadUpTo, bool MayReply, bool MayReact, bool MayModerate, IReadOnlyList<PostDto> Posts, long Version);

public sealed record UnreadPlaceDto(string CohortId, string CohortName, int Threads, int Posts);

/// <summary>
/// Cohort discussions: threads per cohort (and per circle), replies one level deep with quotes, @mentions, reactions,
/// edits with history, soft removal, pins, locks, following and unread state. Members of the cohort read and write
/// (observers only read; a circle's threads are its members' and the cohort's staff's); outsiders get 404 as for ids
/// that do not exist. Every write goes through <see cref="DiscussionWriter"/>.
/// </summary>
public static class DiscussionsApi
{
    public static IEndpointRouteBuilder MapDiscussionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Discussions");
        api.MapGet("/cohorts/{cohortId}/discussions", List).WithDescription("The threads of a cohort (or of one of its circles) with the caller's unread counts.");
        api.MapPost("/cohorts/{cohortId}/discussions", Start).WithDescription("Starts a thread in the cohort or one of its circles (members; not observers).");
        api.MapGet("/discussions/{threadId}", Get).WithDescription("A thread with every post, its replies, reactions and edit history.");
        api.MapPost("/discussions/{threadId}/replies", Reply).WithDescription("Replies to the thread or to one of its replies (one level), optionally quoting a post.");
        api.MapPut("/discussions/{threadId}/posts/{postId}", Edit).WithDescription("Edits a post: its author within the edit window, staff any time. The earlier version is kept.");
        api.MapDelete("/discussions/{threadId}/posts/{postId}", Remove).WithDescription("Removes a post (its author or staff); it stays shown as removed.");
        api.MapPost("/discussions/{threadId}/posts/{postId}/reactions", React).WithDescription("Puts the caller's reaction on a post, or takes it off.");
        api.MapPut("/discussions/{threadId}/pinned", Pin).WithDescription("Pins or unpins the thread (the cohort's coaches, admins).");
        api.MapPut("/discussions/{threadId}/locked", Lock).WithDescription("Locks or unlocks the thread (the cohort's coaches, admins).");
        api.MapPut("/discussions/{threadId}/following", Follow).WithDescription("The caller follows the thread (told of new replies) or stops.");
        api.MapPost("/discussions/{threadId}/read", Read).WithDescription("The caller has read the thread up to a post number.");
        api.MapGet("/me/unread-discussions", Unread).WithDescription("Per cohort, the caller's threads and posts not yet read.");
        return app;
    }

    private static Results<Ok<ThreadListDto>, ProblemHttpResult> List(
        string cohortId, string? circleId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer)
    {
        var userId = principal.UserId()!;
        if (!Ids.IsWellFormed(cohortId) || (circleId is not null && !Ids.IsWellFormed(circleId))
            || access.Cohort(cohortId) is not { } cohort || writer.RoleIn(cohortId, circleId, userId) is not (var role and not DiscussionRole.None))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        var threads = db.DiscussionThreads.Find(t => t.CohortId == cohortId).Where(t => t.CircleId == circleId).ToList()
            .Select(t => Summary(db, t, userId))
            .OrderByDescending(t => t.Pinned).ThenByDescending(t => t.LastPostAt)
            .ToList();
        var places = new List<PlaceDto> { new(null, "Whole cohort") };
        places.AddRange(db.Circles.Find(c => c.CohortId == cohortId).ToList()
            .Where(c => writer.RoleIn(cohortId, c.Id, userId) != DiscussionRole.None)
            .Select(c => new PlaceDto(c.Id, $"Circle: {c.Focus}")));
        return TypedResults.Ok(new ThreadListDto(cohortId, cohort.Name, circleId, places, role is DiscussionRole.Member or DiscussionRole.Staff, threads));
    }

    private static async Task<Results<Created<ThreadDetailDto>, ProblemHttpResult>> Start(
        string cohortId, StartThreadRequest? request, ClaimsPrincipal principal, CohortAccess access, DiscussionWriter writer, RoundtableDb db,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var circleId = string.IsNullOrEmpty(request?.CircleId) ? null : request.CircleId;
        if (!Ids.IsWellFormed(cohortId) || access.Cohort(cohortId) is null || (circleId is not null && !Ids.IsWellFormed(circleId)))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        var role = writer.RoleIn(cohortId, circleId, userId);
        if (role == DiscussionRole.None)
        {
            return circleId is null || writer.RoleIn(cohortId, null, userId) == DiscussionRole.None
                ? Problems.NotFound("cohort", cohortId)
                : Problems.Invalid("circleId", "Threads of a circle are started by its members and the cohort's coaches.");
        }
        if (role == DiscussionRole.Reader)
        {
            return Forbidden("Observers read the cohort's discussions; they do not post.");
        }
        var title = request?.Title?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (title.Length == 0 || title.Length > writer.Options.MaxTitleLength)
        {
            errors["title"] = [$"Give a title of 1 to {writer.Options.MaxTitleLength} characters."];
        }
        var (html, mentioned, problem) = writer.Render(cohortId, circleId, request?.Markdown, "post");
        if (problem is not null)
        {
            errors["markdown"] = [problem];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "Some of the thread's fields need fixing. Nothing was posted.");
        }
        var started = new ThreadStarted(Ids.New(), cohortId, circleId, null, null, title, request!.Markdown!, html, userId, mentioned);
        if ((await writer.StartAsync(started, cancellationToken)).Problem is { } refused)
        {
            return refused.ToResult();
        }
        return TypedResults.Created($"/api/discussions/{started.ThreadId}", Detail(db, access, writer, started.ThreadId, userId)!);
    }

    private static Results<Ok<ThreadDetailDto>, ProblemHttpResult> Get(
        string threadId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer) =>
        Detail(db, access, writer, threadId, principal.UserId()!) is { } detail ? TypedResults.Ok(detail) : DiscussionWriter.NotFound(threadId).ToResult();

    private static Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> Reply(
        string threadId, ReplyRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        return WriteAsync(db, access, writer, threadId, userId, (thread, state, role) =>
        {
            if (role == DiscussionRole.Reader)
            {
                return ApiProblem.Forbidden("Observers read the cohort's discussions; they do not post.");
            }
            if (state.Locked && role != DiscussionRole.Staff)
            {
                return ApiProblem.Conflict("This thread is locked: only the cohort's coaches can reply to it now.");
            }
            if (state.Posts.Count - 1 >= writer.Options.MaxRepliesPerThread)
            {
                return ApiProblem.Conflict($"This thread has reached {writer.Options.MaxRepliesPerThread} replies; start a new one.");
            }
            var errors = new Dictionary<string, string[]>();
            string? parentId = string.IsNullOrEmpty(request?.ParentPostId) ? null : request.ParentPostId;
            if (parentId is not null)
            {
                if (!state.Posts.TryGetValue(parentId, out var parent) || parent.Number == 1)
                {
                    errors["parentPostId"] = ["Reply to one of this thread's replies, or to the thread itself."];
                }
                else if (parent.ParentPostId is not null)
                {
                    errors["parentPostId"] = ["Replies nest one level deep: reply to the reply this one answers, and quote it if you like."];
                }
            }
            string? quotedId = string.IsNullOrEmpty(request?.QuotedPostId) ? null : request.QuotedPostId;
            string? quotedText = null;
            if (quotedId is not null)
            {
                if (!state.Posts.TryGetValue(quotedId, out var quoted) || quoted.Removed)
                {
                    errors["quotedPostId"] = ["Quote a post of this thread that is still there."];
                }
                else
                {
                    quotedText = string.IsNullOrWhiteSpace(request!.QuotedText) ? quoted.Markdown : request.QuotedText.Trim();
                    if (!quoted.Markdown.Contains(quotedText, StringComparison.Ordinal))
                    {
                        errors["quotedText"] = ["Quote words the post says."];
                    }
                    else if (quotedText.Length > writer.Options.MaxQuoteLength)
                    {
                        quotedText = quotedText[..writer.Options.MaxQuoteLength].TrimEnd() + "…";
                    }
                }
            }
            var (html, mentioned, problem) = writer.Render(thread.CohortId, thread.CircleId, request?.Markdown, "reply");
            if (problem is not null)
            {
                errors["markdown"] = [problem];
            }
            if (errors.Count > 0)
            {
                return ApiProblem.Invalid(errors, errors.Values.First()[0]);
            }
            return new ReplyPosted(threadId, Ids.New(), state.LastNumber + 1, parentId, quotedId, quotedText, request!.Markdown!, html, userId, mentioned);
        }, cancellationToken);
    }

    private static Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> Edit(
        string threadId, string postId, EditPostRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        return WriteAsync(db, access, writer, threadId, userId, (thread, state, role) =>
        {
            if (!state.Posts.TryGetValue(postId, out var post))
            {
                return ApiProblem.NotFound($"This thread has no post '{postId}'.");
            }
            if (MayEdit(writer, post, role, userId) is { } refusal)
            {
                return refusal;
            }
            var errors = new Dictionary<string, string[]>();
            if (request?.BaseRevision is not >= 0)
            {
                errors["baseRevision"] = ["Give the revision this was edited from."];
            }
            string? title = null;
            if (post.Number == 1)
            {
                title = request?.Title?.Trim() ?? state.Started!.Title;
                if (title.Length == 0 || title.Length > writer.Options.MaxTitleLength)
                {
                    errors["title"] = [$"Give a title of 1 to {writer.Options.MaxTitleLength} characters."];
                }
            }
            var (html, mentioned, problem) = writer.Render(thread.CohortId, thread.CircleId, request?.Markdown, "post");
            if (problem is not null)
            {
                errors["markdown"] = [problem];
            }
            if (errors.Count > 0)
            {
                return ApiProblem.Invalid(errors, errors.Values.First()[0]);
            }
            if (post.Revision != request!.BaseRevision)
            {
                return new ApiProblem(StatusCodes.Status409Conflict, "Conflict",
                    $"This post changed (now revision {post.Revision}) since you opened it (revision {request.BaseRevision}). Nothing was saved: copy your text, reload, and edit again.",
                    null);
            }
            return new PostEdited(threadId, postId, title, request.Markdown!, html, userId, mentioned);
        }, cancellationToken);
    }

    private static ApiProblem? MayEdit(DiscussionWriter writer, PostState post, DiscussionRole role, string userId)
    {
        if (post.Removed)
        {
            return ApiProblem.Conflict("This post was removed; it cannot be edited.");
        }
        if (role == DiscussionRole.Staff)
        {
            return null;
        }
        if (post.AuthorId != userId)
        {
            return ApiProblem.Forbidden("Only its author and the cohort's coaches edit a post.");
        }
        return writer.Time.GetUtcNow() - post.PostedAt > writer.Options.EditWindow
            ? ApiProblem.Forbidden($"Posts can be edited for {Describe(writer.Options.EditWindow)} after posting; this one is older.")
            : null;
    }

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} hours" : $"{span.TotalMinutes:0} minutes";

    private static Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> Remove(
        string threadId, string postId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        return WriteAsync(db, access, writer, threadId, userId, (_, state, role) =>
            !state.Posts.TryGetValue(postId, out var post) ? ApiProblem.NotFound($"This thread has no post '{postId}'.")
            : post.AuthorId != userId && role != DiscussionRole.Staff ? ApiProblem.Forbidden("Only its author and the cohort's coaches remove a post.")
            : post.Removed ? ThreadDecision.Nothing
            : new PostRemoved(threadId, postId, userId), cancellationToken);
    }

    private static Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> React(
        string threadId, string postId, ReactRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        return WriteAsync(db, access, writer, threadId, userId, (_, state, role) =>
            role == DiscussionRole.Reader ? ApiProblem.Forbidden("Observers read the cohort's discussions; they do not react.")
            : !DiscussionReactions.IsKnown(request?.Emoji) ? ApiProblem.Invalid("emoji", $"Choose one of: {string.Join(", ", DiscussionReactions.All.Select(r => r.Key))}.")
            : !state.Posts.TryGetValue(postId, out var post) ? ApiProblem.NotFound($"This thread has no post '{postId}'.")
            : post.Removed ? ApiProblem.Conflict("This post was removed.")
            : new ReactionToggled(threadId, postId, userId, request!.Emoji!, !post.Reactions.Contains($"{userId} {request.Emoji}")), cancellationToken);
    }

    private static Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> Pin(
        string threadId, FlagRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        return WriteAsync(db, access, writer, threadId, userId, (_, state, role) =>
            role != DiscussionRole.Staff ? ApiProblem.Forbidden("Only the cohort's coaches and admins pin threads.")
            : request?.Value is not { } pinned ? ApiProblem.Invalid("value", "Say whether the thread is pinned (true or false).")
            : state.Pinned == pinned ? ThreadDecision.Nothing
            : new ThreadPinned(threadId, pinned, userId), cancellationToken);
    }

    private static Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> Lock(
        string threadId, FlagRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        return WriteAsync(db, access, writer, threadId, userId, (_, state, role) =>
            role != DiscussionRole.Staff ? ApiProblem.Forbidden("Only the cohort's coaches and admins lock threads.")
            : request?.Value is not { } locked ? ApiProblem.Invalid("value", "Say whether the thread is locked (true or false).")
            : state.Locked == locked ? ThreadDecision.Nothing
            : new ThreadLocked(threadId, locked, userId), cancellationToken);
    }

    private static Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> Follow(
        string threadId, FlagRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        return WriteAsync(db, access, writer, threadId, userId, (_, state, _) =>
            request?.Value is not { } following ? ApiProblem.Invalid("value", "Say whether you follow the thread (true or false).")
            : state.Followers.Contains(userId) == following ? ThreadDecision.Nothing
            : new ThreadFollowed(threadId, userId, following), cancellationToken);
    }

    private static Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> Read(
        string threadId, ReadRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        return WriteAsync(db, access, writer, threadId, userId, (_, state, _) =>
            request?.LastNumber is not { } last || last < 1 ? ApiProblem.Invalid("lastNumber", "Give the number of the last post seen.")
            : Math.Min(last, state.LastNumber) <= state.ReadBy(userId) ? ThreadDecision.Nothing
            : new ThreadRead(threadId, userId, Math.Min(last, state.LastNumber)), cancellationToken);
    }

    private static Ok<UnreadPlaceDto[]> Unread(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DiscussionWriter writer)
    {
        var userId = principal.UserId()!;
        var cohortIds = access.IsAdmin(userId)
            ? db.Cohorts.FindAll().Select(c => c.Id).ToList()
            : db.Memberships.Find(m => m.UserId == userId).Select(m => m.CohortId).ToList();
        var places = new List<UnreadPlaceDto>();
        foreach (var cohortId in cohortIds.Distinct())
        {
            if (access.Cohort(cohortId) is not { } cohort)
            {
                continue;
            }
            var unread = db.DiscussionThreads.Find(t => t.CohortId == cohortId).ToList()
                .Where(t => writer.RoleIn(cohortId, t.CircleId, userId) != DiscussionRole.None)
                .Select(t => UnreadIn(db, t, userId)).Where(n => n > 0).ToList();
            places.Add(new UnreadPlaceDto(cohortId, cohort.Name, unread.Count, unread.Sum()));
        }
        return TypedResults.Ok(places.OrderBy(p => p.CohortName, StringComparer.CurrentCultureIgnoreCase).ToArray());
    }

    private delegate ThreadDecision Decide(DiscussionThreadRecord thread, DiscussionThreadState state, DiscussionRole role);

    private static async Task<Results<Ok<ThreadDetailDto>, ProblemHttpResult>> WriteAsync(
        RoundtableDb db, CohortAccess access, DiscussionWriter writer, string threadId, string userId, Decide decide, CancellationToken cancellationToken)
    {
        if (writer.Find(threadId, userId) is not { } found)
        {
            return DiscussionWriter.NotFound(threadId).ToResult();
        }
        if (await writer.WriteAsync(threadId, userId, (state, role) => decide(found.Thread, state, role), cancellationToken) is { } problem)
        {
            return problem.ToResult();
        }
        return TypedResults.Ok(Detail(db, access, writer, threadId, userId)!);
    }

    /// <summary>Posts by others after the last one the person has read.</summary>
    private static int UnreadIn(RoundtableDb db, DiscussionThreadRecord thread, string userId)
    {
        var read = db.DiscussionReads.FindById(DiscussionReadRecord.KeyOf(thread.Id, userId))?.LastNumber ?? 0;
        return read >= thread.LastNumber ? 0 : db.DiscussionPosts.Count(p => p.ThreadId == thread.Id && p.Number > read && p.AuthorId != userId);
    }

    private static ThreadSummaryDto Summary(RoundtableDb db, DiscussionThreadRecord t, string userId) => new(
        t.Id, t.CohortId, t.CircleId, t.RoundtableId, t.Title, NameOf(db, t.AuthorId), t.StartedAt.AsUtc(), t.LastPostAt.AsUtc(), t.Replies,
        UnreadIn(db, t, userId), t.Pinned, t.Locked, t.Followers.Contains(userId));

    internal static ThreadDetailDto? Detail(RoundtableDb db, CohortAccess access, DiscussionWriter writer, string threadId, string userId)
    {
        if (writer.Find(threadId, userId) is not { } found)
        {
            return null;
        }
        var (thread, role) = found;
        var now = writer.Time.GetUtcNow();
        var posts = db.DiscussionPosts.Find(p => p.ThreadId == threadId).OrderBy(p => p.Number).ToList();
        var byId = posts.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var dtos = posts.Select(p => new PostDto(
            p.Id, p.Number, p.ParentPostId, p.AuthorId, NameOf(db, p.AuthorId), p.Removed ? "" : p.Markdown, p.Removed ? "" : p.Html, p.PostedAt.AsUtc(),
            p.EditedAt?.AsUtc(), p.Revision, p.Removed,
            p.QuotedPostId is { } quoted && byId.TryGetValue(quoted, out var source) && !source.Removed
                ? new QuoteDto(quoted, NameOf(db, source.AuthorId), p.QuotedText ?? "") : null,
            [.. DiscussionReactions.All.Select(r => (r, entry: p.Reactions.FirstOrDefault(x => x.Emoji == r.Key)))
                .Where(x => x.entry is { UserIds.Count: > 0 })
                .Select(x => new ReactionDto(x.r.Key, x.r.Emoji, x.r.Label, x.entry!.UserIds.Count, x.entry.UserIds.Contains(userId)))],
            p.Removed ? [] : [.. p.History.Select(h => new PostVersionDto(h.Revision, h.Title, h.Markdown, h.Html, h.At.AsUtc()))],
            !p.Removed && (role == DiscussionRole.Staff || (p.AuthorId == userId && now - p.PostedAt.AsUtc() <= writer.Options.EditWindow)),
            !p.Removed && (role == DiscussionRole.Staff || p.AuthorId == userId))).ToList();
        var read = db.DiscussionReads.FindById(DiscussionReadRecord.KeyOf(threadId, userId))?.LastNumber ?? 0;
        return new ThreadDetailDto(
            thread.Id, thread.CohortId, access.Cohort(thread.CohortId)?.Name ?? "", thread.CircleId, thread.RoundtableId, thread.AgendaItemId, thread.Title,
            thread.Pinned, thread.Locked, thread.Followers.Contains(userId), thread.LastNumber, read,
            role == DiscussionRole.Staff || (role == DiscussionRole.Member && !thread.Locked),
            role is DiscussionRole.Member or DiscussionRole.Staff, role == DiscussionRole.Staff, dtos, thread.Version);
    }

    private static string NameOf(RoundtableDb db, string userId) => db.Users.FindById(userId)?.DisplayName ?? "Unknown";

    private static ProblemHttpResult Forbidden(string detail) => ApiProblem.Forbidden(detail).ToResult();
}
