using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public static partial class TranscriptRenderer
{
    // Participants' view of a rating names nobody: it is left out of their transcript.
    private static string? DescribeSessionRating(StoredEvent stored) => stored.Event switch
    {
        SessionRated { DisplayName.Length: 0 } => null,
        SessionRated { CommentMarkdown: { } comment } e => $"{e.DisplayName} rated the roundtable {e.Rating}/5: {Flatten(comment)}",
        SessionRated e => $"{e.DisplayName} rated the roundtable {e.Rating}/5",
        _ => null,
    };
}
