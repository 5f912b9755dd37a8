namespace Roundtable.Core.Rooms;

/// <summary>Starts an agenda presentation slot: its learner becomes the presenter and the slot's timer starts.</summary>
public sealed record StartPresentation(string AgendaItemId) : RoomCommand;

public sealed record EndPresentation : RoomCommand;

/// <summary>Shares an outline as slides: Markdown split on lines that are exactly <c>---</c>.</summary>
public sealed record ShareSlides(string Markdown) : RoomCommand;

/// <summary>Shows the slide at a zero-based index to everyone.</summary>
public sealed record ShowSlide(int Index) : RoomCommand;

public static class StageLimits
{
    /// <summary>The largest outline, in UTF-8 bytes of Markdown (all slides together).</summary>
    public const int MaxSlidesBytes = 64 * 1024;

    public const int MaxSlides = 100;
}
