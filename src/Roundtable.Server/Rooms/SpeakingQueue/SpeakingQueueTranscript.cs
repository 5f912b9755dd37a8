using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class SpeakingQueueTranscript : ITranscriptPart
{
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        HandRaised e => $"{e.DisplayName} raised their hand",
        HandLowered e => $"{e.DisplayName} lowered their hand",
        FloorGiven e => $"{e.DisplayName} has the floor",
        FloorTaken e => $"The floor was taken back from {e.DisplayName}",
        QueueCleared => "The speaking queue was cleared",
        _ => null,
    };
}
