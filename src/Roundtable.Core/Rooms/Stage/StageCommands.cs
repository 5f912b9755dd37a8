namespace Roundtable.Core.Rooms;

/// <summary>The stage's commands: presentations and their slides.</summary>
public abstract record StageCommand : RoomCommand;

/// <summary>Starts an agenda presentation slot: its learner becomes the presenter and the slot's timer starts.</summary>
public sealed record StartPresentation(string AgendaItemId) : StageCommand;

public sealed record EndPresentation : StageCommand;

/// <summary>Shares an outline as slides: Markdown split on lines that are exactly <c>---</c>.</summary>
public sealed record ShareSlides(string Markdown) : StageCommand;

/// <summary>
/// Shares uploaded files as slides, in order: an image is one slide, a PDF one slide per page. Each file is as the
/// server found it in the cohort's uploads, its pages counted there (never taken from the browser).
/// </summary>
public sealed record ShareFileSlides(IReadOnlyList<SlideFile> Files) : StageCommand;

/// <summary>Shows the slide at a zero-based index to everyone.</summary>
public sealed record ShowSlide(int Index) : StageCommand;

public static class StageLimits
{
    /// <summary>The largest outline, in UTF-8 bytes of Markdown (all slides together).</summary>
    public const int MaxSlidesBytes = 64 * 1024;

    public const int MaxSlides = 100;
}
