using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Core.Log;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Search;

public sealed record SearchResultDto(string Kind, string Title, string Link, string CohortId, string CohortName, IReadOnlyList<SearchSegment> TitleSegments, IReadOnlyList<SearchSegment> Snippet);

public sealed record SearchAnswerDto(string Query, int Total, IReadOnlyList<SearchResultDto> Results);

/// <summary>
/// Full-text search over what the searcher may read: the documents of the cohorts they belong to (in any role; admins
/// every cohort), and of a roundtable's transcript only if the transcript's own rule (<see cref="RoomAccess"/>) lets
/// them read it. Found words come back as marked segments of plain text, never as markup.
/// </summary>
public static partial class SearchApi
{
    /// <summary>How long a search waits for the index to catch up with the log (so one finds what one just wrote).</summary>
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Search")
            .MapGet("/search", Search).WithDescription(
                "Full-text search over the wiki pages, discussions and ended roundtables' transcripts the caller may read (admins: every cohort), best first.");
        return app;
    }

    private static async Task<Results<Ok<SearchAnswerDto>, ProblemHttpResult>> Search(
        string? q, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, RoomAccess rooms, SearchIndex index, IEventLog log,
        IOptions<SearchOptions> options, ILogger<SearchIndex> logger, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var text = q?.Trim() ?? "";
        if (text.Length is 0 || text.Length > limits.MaxQueryLength)
        {
            return Problems.Invalid("q", $"Search for 1 to {limits.MaxQueryLength} characters.");
        }
        var userId = principal.UserId()!;
        IReadOnlyCollection<string>? cohortIds = access.IsAdmin(userId)
            ? null
            : db.Memberships.Find(m => m.UserId == userId).Select(m => m.CohortId).ToHashSet(StringComparer.Ordinal);
        await index.WaitForAsync(await log.GetHeadPositionAsync(cancellationToken), CatchUp, cancellationToken);
        var found = index.Search(text, cohortIds, limits.MaxResults);
        // Rarely any: a circle's room, one the searcher was removed from, another breakout group's still open.
        var unreadable = await UnreadableAsync(rooms, userId, found.Roundtables, logger, cancellationToken);
        if (unreadable.Count > 0)
        {
            found = index.Search(text, cohortIds, limits.MaxResults, unreadable);
        }
        return TypedResults.Ok(new SearchAnswerDto(text, found.Total, [.. found.Hits.Select(h => new SearchResultDto(
            h.Kind, h.Title, h.Link, h.CohortId, access.Cohort(h.CohortId)?.Name ?? "", h.TitleSegments, h.Snippet))]));
    }

    /// <summary>The roundtables whose transcript the searcher may not read now, by the transcript endpoint's own check.</summary>
    private static async Task<List<string>> UnreadableAsync(
        RoomAccess rooms, string userId, IEnumerable<string> roundtableIds, ILogger logger, CancellationToken cancellationToken)
    {
        var unreadable = new List<string>();
        foreach (var roundtableId in roundtableIds)
        {
            try
            {
                if (!(await rooms.DecideAsync(userId, roundtableId, cancellationToken)).Allowed)
                {
                    unreadable.Add(roundtableId);
                }
            }
            catch (EventLogUnavailableException)
            {
                // A room too busy to answer now is left out of this search rather than shown unchecked.
                LogRoomBusy(logger, roundtableId);
                unreadable.Add(roundtableId);
            }
        }
        return unreadable;
    }

    [LoggerMessage(EventId = 8420, Level = LogLevel.Warning, Message = "A search left out roundtable {RoundtableId}: the room was too busy to say who may read its transcript")]
    private static partial void LogRoomBusy(ILogger logger, string roundtableId);
}
