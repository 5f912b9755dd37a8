using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Replay;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms.Replay;

/// <summary>
/// An ended roundtable, for its replay page: the events as this reader may see them, the room's snapshot for them
/// every <see cref="CheckpointEvery"/> events, the feedback updates they would have received live, and the
/// timeline's markers. <see cref="Role"/> and <see cref="UserId"/>: whom the page replays it for (their own role, acting
/// on nothing).
/// </summary>
public sealed record ReplayDto(
    RoundtableDto Roundtable,
    RoomRole Role,
    string UserId,
    int CheckpointEvery,
    IReadOnlyList<RoomEventEnvelope> Events,
    IReadOnlyList<RoomSnapshot> Checkpoints,
    IReadOnlyList<FeedbackUpdate> FeedbackUpdates,
    IReadOnlyList<ReplayMarker> Markers);

public static class ReplayApi
{
    /// <summary>
    /// Rebuilding a moment applies at most this many events after the nearest snapshot. Measured on a 10,000-event
    /// room (docs/BENCHMARKS.md): 250 keeps a scrub's rebuild in the browser well under a frame budget's worth of
    /// work per panel while the 41 snapshots add about a fifth to the response.
    /// </summary>
    public const int CheckpointEvery = 250;

    public static IEndpointRouteBuilder MapReplayApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/roundtables/{roundtableId}/replay", GetReplay).WithTags("Rooms")
            .WithDescription("An ended roundtable's log as the reader may replay it: events, snapshots every few events, feedback updates and markers.");
        return app;
    }

    private static async Task<Results<Ok<ReplayDto>, ProblemHttpResult>> GetReplay(
        string roundtableId, ClaimsPrincipal principal, RoomAccess access, IEventLog log, RoomCommandRunner runner,
        IOptions<RoomsOptions> options, CancellationToken cancellationToken)
    {
        // The transcript's rule: who may read the transcript may replay it, and sees what the transcript shows them.
        var admission = await access.DecideAsync(principal.UserId()!, roundtableId, cancellationToken);
        if (!admission.Allowed)
        {
            return admission.ToProblem(roundtableId);
        }
        var roundtable = admission.Roundtable!;
        var stored = await TranscriptApi.ReadAllAsync(log, StreamNames.Room(roundtable.Id), cancellationToken);
        // The room's own status: the directory's record follows it through the projection and can lag behind.
        var status = await runner.ReadAsync(roundtable.Id, state => state.Status, cancellationToken);
        if (status != RoomStatus.Ended)
        {
            return TypedResults.Problem("A roundtable can be replayed once it has ended.", statusCode: StatusCodes.Status409Conflict, title: "Not ended");
        }
        var replay = RoomReplay.Build(roundtable.Id, stored, Viewer.Of(admission.Actor!), CheckpointEvery, options.Value.SnapshotMessages);
        return TypedResults.Ok(new ReplayDto(
            RoundtableDto.From(roundtable) with { Status = status }, admission.Actor!.Role, admission.Actor.UserId, CheckpointEvery,
            [.. replay.Events.Select(RoomEventEnvelope.From)], replay.Checkpoints, replay.FeedbackUpdates, replay.Markers));
    }
}
