using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>
/// A learner took the stage. <see cref="PresentationId"/> names this presentation (feedback attaches to it);
/// <see cref="AgendaItemId"/> is the slot it came from, if any.
/// </summary>
public sealed record PresentationStarted(string PresentationId, string PresenterUserId, string PresenterName, string? AgendaItemId, string UserId) : RoomEvent;

public sealed record PresentationEnded(string PresentationId, string UserId) : RoomEvent;

/// <summary>
/// An outline shared as slides: <see cref="Markdown"/> as written, <see cref="Slides"/> each slide rendered and
/// sanitised once, here. The stage shows the first slide.
/// </summary>
public sealed record SlidesShared(string PresentationId, string UserId, string DisplayName, string Markdown, IReadOnlyList<string> Slides) : RoomEvent;

/// <summary>
/// Uploaded files shared as slides, in order (<see cref="SlideFile.Pages"/> slides each; <see cref="PageCount"/> in
/// all). The stage shows the first page of the first file.
/// </summary>
public sealed record FileSlidesShared(string PresentationId, string UserId, string DisplayName, IReadOnlyList<SlideFile> Files, int PageCount) : RoomEvent;

public sealed record SlideShown(string PresentationId, int Index, string UserId) : RoomEvent;
