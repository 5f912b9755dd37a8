using System.Text;
using Microsoft.Extensions.Options;
using Roundtable.Core.Discussions;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Discussions;

/// <summary>What a person is to a thread's place (a cohort, or one of its circles): it decides what they may do there.</summary>
public enum DiscussionRole
{
    /// <summary>Cannot see it: answered exactly as for an id that does not exist.</summary>
    None,
    /// <summary>An observer of the cohort: reads, follows and marks read; posts and reacts not.</summary>
    Reader,
    /// <summary>A learner or manager of the cohort (or a circle's member or mentor): posts, replies, reacts.</summary>
    Member,
    /// <summary>The cohort's coaches and admins: also edit and remove any post, pin and lock, and reply in locked threads.</summary>
    Staff,
}

/// <summary>What a write decided: the events to append (none: nothing to do), or the refusal.</summary>
public readonly record struct ThreadDecision(IReadOnlyList<DomainEvent> Events, ApiProblem? Problem)
{
    public static implicit operator ThreadDecision(ApiProblem problem) => new([], problem);

    public static implicit operator ThreadDecision(DiscussionEvent e) => new([e], null);

    public static ThreadDecision Nothing => new([], null);
}

/// <summary>
/// The one way into discussions: check the caller (their role in the thread's cohort or circle) and the input, render
/// the Markdown once (mentions resolved among those who may read the thread), fold the thread's stream as the log has
/// it, decide, append expecting that version (deciding again if another write landed first), and answer once this
/// node's read models hold the write.
/// </summary>
public sealed partial class DiscussionWriter(
    RoundtableDb db, CohortAccess access, EventStreamWriter streams, MarkdownRenderer markdown, IOptions<DiscussionsOptions> options,
    TimeProvider time, ILogger<DiscussionWriter> logger)
{
    private static readonly StreamWriteOptions Writes = new() { ReadYourWrite = true };

    public DiscussionsOptions Options => options.Value;

    public TimeProvider Time => time;

    /// <summary>The caller's role where a thread lives: the cohort, or (with <paramref name="circleId"/>) one of its circles.</summary>
    public DiscussionRole RoleIn(string cohortId, string? circleId, string userId)
    {
        var role = access.RoomRoleIn(cohortId, userId);
        if (role is RoomRole.Admin or RoomRole.Coach)
        {
            return DiscussionRole.Staff;
        }
        if (role is null)
        {
            return DiscussionRole.None;
        }
        if (circleId is not null)
        {
            var circle = db.Circles.FindById(circleId);
            if (circle is null || circle.CohortId != cohortId || (circle.MentorId != userId && !circle.MemberIds.Contains(userId)))
            {
                return DiscussionRole.None;
            }
        }
        return role == RoomRole.Observer ? DiscussionRole.Reader : DiscussionRole.Member;
    }

    /// <summary>The thread and the caller's role in it; null when it does not exist or the caller may not see it.</summary>
    public (DiscussionThreadRecord Thread, DiscussionRole Role)? Find(string threadId, string userId)
    {
        if (!Ids.IsWellFormed(threadId) || db.DiscussionThreads.FindById(threadId) is not { } thread)
        {
            return null;
        }
        var role = RoleIn(thread.CohortId, thread.CircleId, userId);
        return role == DiscussionRole.None ? null : (thread, role);
    }

    public static ApiProblem NotFound(string threadId) => ApiProblem.NotFound($"There is no discussion thread '{threadId}' that you can see.");

    /// <summary>Starts a thread under a given id (a new one, or a roundtable's own, so that it is started once). Answers whether this call started it.</summary>
    public async Task<(bool Started, ApiProblem? Problem)> StartAsync(ThreadStarted started, CancellationToken cancellationToken)
    {
        var write = await streams.ExecuteAsync(Fold(started.ThreadId),
            state => state.Exists ? StreamDecision.Nothing(false) : StreamDecision.Append(true, started), Writes, cancellationToken);
        if (write.Busy)
        {
            return (false, Busy());
        }
        if (write.Answer)
        {
            LogStarted(logger, started.ThreadId, started.CohortId);
        }
        return (write.Answer, null);
    }

    /// <summary>Any other write to an existing thread the caller may see: <paramref name="decide"/> gets the folded thread and the caller's role.</summary>
    public async Task<ApiProblem?> WriteAsync(
        string threadId, string callerId, Func<DiscussionThreadState, DiscussionRole, ThreadDecision> decide, CancellationToken cancellationToken)
    {
        if (Find(threadId, callerId) is not { } found)
        {
            return NotFound(threadId);
        }
        var write = await streams.ExecuteAsync(Fold(threadId), state =>
        {
            var decision = decide(state, found.Role);
            return decision.Problem is { } problem || decision.Events.Count == 0
                ? StreamDecision.Nothing(decision.Problem)
                : StreamDecision.Append<ApiProblem?>(null, decision.Events);
        }, Writes, cancellationToken);
        if (write.Busy)
        {
            LogBusy(logger, threadId);
            return Busy();
        }
        return write.Answer;
    }

    private static FoldedStream<DiscussionThreadState> Fold(string threadId) =>
        FoldedStream.Of<DiscussionThreadState>(StreamNames.Thread(threadId), new(), (state, stored) => state.Apply(stored));

    private static ApiProblem Busy() => ApiProblem.Busy("This thread is changing very quickly right now; nothing was saved. Try again.");

    /// <summary>A post's Markdown rendered once, mentions marked; or the field's problem (empty, too long, nested too deep).</summary>
    public (string Html, IReadOnlyList<string> Mentioned, string? Problem) Render(string cohortId, string? circleId, string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ("", [], $"Write the {what}; it cannot be empty.");
        }
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > Options.MaxPostBytes)
        {
            return ("", [], $"The {what} is {bytes / 1024.0:0.#} KB; the limit is {Options.MaxPostBytes / 1024} KB. Nothing was saved.");
        }
        string html;
        try
        {
            html = markdown.Render(text);
        }
        catch (MarkdownTooDeepException)
        {
            return ("", [], $"The {what} nests quotes or lists more than {MarkdownRenderer.MaxNestingDepth} levels deep.");
        }
        var (marked, mentioned) = Mentions.Mark(html, Mentionable(cohortId, circleId));
        return (marked, mentioned, null);
    }

    /// <summary>Who may be mentioned in a thread: those who may read it (the cohort's members; in a circle, its people and the cohort's staff).</summary>
    public List<Mentionable> Mentionable(string cohortId, string? circleId) =>
    [
        .. db.Memberships.Find(m => m.CohortId == cohortId).ToList()
            .Where(m => circleId is null || RoleIn(cohortId, circleId, m.UserId) != DiscussionRole.None)
            .Select(m => access.User(m.UserId))
            .OfType<UserRecord>()
            .Select(u => new Mentionable(u.Id, u.DisplayName)),
    ];

    [LoggerMessage(EventId = 8300, Level = LogLevel.Information, Message = "Discussion thread {ThreadId} started in cohort {CohortId}")]
    private static partial void LogStarted(ILogger logger, string threadId, string cohortId);

    [LoggerMessage(EventId = 8301, Level = LogLevel.Warning, Message = "A write to discussion thread {ThreadId} gave up after repeated conflicts")]
    private static partial void LogBusy(ILogger logger, string threadId);
}
