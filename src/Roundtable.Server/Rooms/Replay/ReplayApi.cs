using System.IO.Compression;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Replay;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms.Replay;

/// <summary>
/// An ended roundtable, for its replay page: the events as this reader may see them, the room's snapshot for them at
/// the moment the page opens at (all the snapshots, one every <see cref="CheckpointEvery"/> events, come from
/// <c>/replay/checkpoints</c> meanwhile), the feedback updates they would have received live, and the timeline's
/// markers. <see cref="Role"/> and <see cref="UserId"/>: whom the page replays it for (their own role, acting on nothing).
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
            .WithDescription("An ended roundtable's log as the reader may replay it: events, the snapshot for the moment at (default: when it started), feedback updates and markers.");
        app.MapGet("/api/roundtables/{roundtableId}/replay/checkpoints", GetCheckpoints).WithTags("Rooms")
            .WithDescription("Every snapshot of an ended roundtable's replay, one every few events, as the reader may see them.");
        return app;
    }

    /// <summary>
    /// What opens the replay at once. The snapshots are about half of a long session's replay, and a page needs only the
    /// one before its first moment to show it (and the empty room's, small, to fall back on): the rest follow through
    /// <see cref="GetCheckpoints"/>.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetReplay(
        string roundtableId, long? at, ClaimsPrincipal principal, HttpContext http, RoomAccess access, IEventLog log,
        IOptions<RoomsOptions> options, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var built = await BuildAsync(roundtableId, principal, access, log, options, cancellationToken);
        if (built.Problem is { } problem)
        {
            return problem;
        }
        var (roundtable, actor, replay) = (built.Roundtable!, built.Actor!, built.Replay!);
        var moment = at ?? replay.Markers.FirstOrDefault(m => m.Kind == ReplayMarkerKind.Started)?.Seq ?? 0;
        var opening = replay.Checkpoints.LastOrDefault(c => c.Seq <= moment) ?? replay.Checkpoints[0];
        var dto = new ReplayDto(
            RoundtableDto.From(roundtable) with { Status = replay.Status }, actor.Role, actor.UserId, CheckpointEvery,
            [.. replay.Events.Select(RoomEventEnvelope.From)], [.. new[] { replay.Checkpoints[0], opening }.Distinct()], replay.FeedbackUpdates, replay.Markers);
        return TypedResults.Bytes(await EncodeAsync(http, dto, json.Value.SerializerOptions, cancellationToken), "application/json");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetCheckpoints(
        string roundtableId, ClaimsPrincipal principal, HttpContext http, RoomAccess access, IEventLog log,
        IOptions<RoomsOptions> options, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var built = await BuildAsync(roundtableId, principal, access, log, options, cancellationToken);
        return built.Problem is { } problem
            ? problem
            : TypedResults.Bytes(await EncodeAsync(http, built.Replay!.Checkpoints, json.Value.SerializerOptions, cancellationToken), "application/json");
    }

    private sealed record Built(RoundtableRecord? Roundtable, Actor? Actor, RoomReplay? Replay, ProblemHttpResult? Problem);

    private static async Task<Built> BuildAsync(
        string roundtableId, ClaimsPrincipal principal, RoomAccess access, IEventLog log, IOptions<RoomsOptions> options,
        CancellationToken cancellationToken)
    {
        // The transcript's rule: who may read the transcript may replay it, and sees what the transcript shows them.
        var admission = await access.DecideAsync(principal.UserId()!, roundtableId, cancellationToken);
        if (!admission.Allowed)
        {
            return new Built(null, null, null, admission.ToProblem(roundtableId));
        }
        var roundtable = admission.Roundtable!;
        var stored = await TranscriptApi.ReadAllAsync(log, StreamNames.Room(roundtable.Id), cancellationToken);
        var replay = RoomReplay.Build(roundtable.Id, stored, Viewer.Of(admission.Actor!), CheckpointEvery, options.Value.SnapshotMessages);
        // The room's own status, from the log just read: the directory's record follows it through the projection and
        // can lag behind.
        return replay.Status != RoomStatus.Ended
            ? new Built(null, null, null, TypedResults.Problem("A roundtable can be replayed once it has ended.", statusCode: StatusCodes.Status409Conflict, title: "Not ended"))
            : new Built(roundtable, admission.Actor, replay, null);
    }

    /// <summary>
    /// The replay as JSON, gzipped for a client that takes it: a long session's replay is mostly repeated text
    /// (about 10 MB for 10,000 events, 0.6 MB gzipped), so it reaches the page several times sooner.
    /// </summary>
    private static async Task<byte[]> EncodeAsync<T>(HttpContext http, T dto, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        http.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        var gzip = http.Request.Headers.AcceptEncoding.Any(value => value?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true);
        if (!gzip)
        {
            return JsonSerializer.SerializeToUtf8Bytes(dto, options);
        }
        http.Response.Headers.ContentEncoding = "gzip";
        using var buffer = new MemoryStream();
        await using (var compressed = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await JsonSerializer.SerializeAsync(compressed, dto, options, cancellationToken);
        }
        return buffer.ToArray();
    }
}
