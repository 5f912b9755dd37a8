using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class StageTranscript : ITranscriptPart
{
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        PresentationStarted e => $"{e.PresenterName} started presenting",
        PresentationEnded => "The presentation ended",
        SlidesShared e => $"{e.DisplayName} shared {e.Slides.Count} slide{(e.Slides.Count == 1 ? "" : "s")}",
        FileSlidesShared e => $"{e.DisplayName} shared {e.PageCount} slide{(e.PageCount == 1 ? "" : "s")} from {string.Join(", ", e.Files.Select(f => f.FileName))}",
        _ => null,
    };
}
