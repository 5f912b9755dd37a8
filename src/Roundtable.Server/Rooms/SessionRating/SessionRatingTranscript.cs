using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class SessionRatingTranscript : ITranscriptPart
{
    // Participants' view of a rating names nobody: it is left out of their transcript.
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        SessionRated { DisplayName.Length: 0 } => null,
        SessionRated { CommentMarkdown: { } comment } e => $"{e.DisplayName} rated the roundtable {e.Rating}/5: {TranscriptRenderer.Flatten(comment)}",
        SessionRated e => $"{e.DisplayName} rated the roundtable {e.Rating}/5",
        _ => null,
    };
}
