using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

public sealed record TranscriptDto(RoundtableDto Roundtable, IReadOnlyList<RoomEventEnvelope> Events);

public static class TranscriptApi
{
    private const int ReadPage = 5000;

    public static IEndpointRouteBuilder MapTranscriptApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/roundtables/{roundtableId}/transcript", GetTranscript).WithTags("Rooms")
            .WithDescription("The room's log rendered; format=markdown (default), html or json.");
        return app;
    }

    private static async Task<Results<Ok<TranscriptDto>, ContentHttpResult, ProblemHttpResult>> GetTranscript(
        string roundtableId, string? format, ClaimsPrincipal principal, RoomAccess access, IEventLog log, RoomCommandRunner runner,
        TranscriptRenderer transcript, CancellationToken cancellationToken)
    {
        var admission = await access.DecideAsync(principal.UserId()!, roundtableId, cancellationToken);
        if (!admission.Allowed)
        {
            return admission.ToProblem(roundtableId);
        }
        var roundtable = admission.Roundtable!;
        var stored = await ReadAllAsync(log, StreamNames.Room(roundtable.Id), cancellationToken);
        // Each reader gets the transcript as they may see it (e.g. learners without hidden messages).
        var viewer = Viewer.Of(admission.Actor!);
        // The room's status from the room itself: the directory's record follows it through the projection and can lag
        // behind a roundtable that has just ended.
        var (events, status) = await runner.ReadAsync(
            roundtable.Id, state => (stored.Select(e => e with { Event = state.View(e, viewer) }).ToList(), state.Status), cancellationToken);
        return (format ?? "markdown").ToLowerInvariant() switch
        {
            "markdown" or "md" => TypedResults.Text(transcript.ToMarkdown(roundtable.Title, events), "text/markdown; charset=utf-8"),
            "html" => TypedResults.Text(transcript.ToHtml(roundtable.Title, events), "text/html; charset=utf-8"),
            "json" => TypedResults.Ok(new TranscriptDto(RoundtableDto.From(roundtable) with { Status = status }, events.Select(RoomEventEnvelope.From).ToList())),
            _ => TypedResults.Problem("format is markdown, html or json.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid input"),
        };
    }

    /// <summary>A room's whole log, read in pages.</summary>
    internal static async Task<List<StoredEvent>> ReadAllAsync(IEventLog log, string stream, CancellationToken cancellationToken)
    {
        var all = new List<StoredEvent>();
        while (true)
        {
            var page = await log.ReadStreamAsync(stream, all.Count == 0 ? 0 : all[^1].Seq, ReadPage, cancellationToken);
            all.AddRange(page);
            if (page.Count < ReadPage)
            {
                return all;
            }
        }
    }
}
