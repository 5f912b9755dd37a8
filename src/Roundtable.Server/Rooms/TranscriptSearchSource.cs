using System.Globalization;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Search;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// The chat of ended roundtables, one document per message under "transcript:{roomId}:{seq}", as the transcript shows
/// it to a learner: the latest text of an edited message, nothing of a deleted one, and nothing of one the coach hid
/// (for nobody, staff included: search lists what the cohort may read; staff still read hidden messages in the
/// transcript itself). A live session's messages wait for its end. Who finds a document is decided at search time by
/// the transcript's own rule (<see cref="RoomAccess"/>), through <see cref="SearchDocument.RoundtableId"/>.
/// </summary>
public sealed class TranscriptSearchSource(IEventLog log) : ISearchSource
{
    public const string Kind = "transcript";

    public async ValueTask<IReadOnlyCollection<SearchChange>> ChangesOfAsync(StoredEvent stored, RoundtableDb db, CancellationToken cancellationToken)
    {
        var roomId = stored.Event switch
        {
            RoundtableEnded or MessageHidden or MessageUnhidden or MessageEdited or MessageDeleted => StreamNames.RoomIdOf(stored.Stream),
            RoundtableRescheduled e => e.RoundtableId,
            _ => null,
        };
        // Nothing of a room that never ended is indexed, so only its end or a change after an end matters.
        if (roomId is null || db.Roundtables.FindById(roomId) is not { } roundtable || (roundtable.EndedAt is null && stored.Event is not RoundtableEnded))
        {
            return [];
        }
        // The room as it stands now (later events included), so replaying the log from any point gives the same documents.
        long lastEnd = 0;
        var room = FoldedStream.Of(StreamNames.Room(roomId), new RoomState(roomId), (RoomState state, StoredEvent e) =>
        {
            state.Apply(e);
            if (e.Event is RoundtableEnded)
            {
                lastEnd = e.Seq;
            }
        });
        await room.CatchUpAsync(log, cancellationToken);
        var zone = Recurrence.FindZone(roundtable.TimeZone) ?? TimeZoneInfo.Utc;
        return [.. room.State.Messages.Select(message =>
        {
            var id = $"{Kind}:{roomId}:{message.Seq}";
            var shown = room.State.ViewMessage(message, Viewer.Participants);
            // A message of a session still running (a recurring room started again) waits for that session's end.
            return shown.Deleted || shown.Markdown.Length == 0 || message.Seq > lastEnd
                ? new SearchChange(id, null)
                : new SearchChange(id, new SearchDocument(id, Kind, roundtable.CohortId, Title(roundtable.Title, shown.At, zone), shown.Markdown,
                    $"/api/roundtables/{Uri.EscapeDataString(roomId)}/transcript?format=html#{TranscriptRenderer.MessageAnchor(message.Seq)}", roomId));
        })];
    }

    /// <summary>The roundtable's title and the day the message was said, in the roundtable's time zone.</summary>
    private static string Title(string title, DateTimeOffset at, TimeZoneInfo zone) =>
        $"{title} · {Recurrence.ToLocal(at, zone).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";
}
