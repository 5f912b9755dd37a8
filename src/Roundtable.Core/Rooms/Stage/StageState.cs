namespace Roundtable.Core.Rooms;

/// <summary>
/// The presentation on stage: who presents, and the slides with the one everyone sees: either an outline's
/// <see cref="Slides"/> or uploaded <see cref="Files"/>, page after page.
/// </summary>
public sealed record Presentation(
    string PresentationId,
    string PresenterUserId,
    string PresenterName,
    string? AgendaItemId,
    DateTimeOffset StartedAt,
    string? Markdown,
    IReadOnlyList<string> Slides,
    int SlideIndex,
    IReadOnlyList<SlideFile> Files)
{
    public int SlideCount => Files.Count > 0 ? Files.Sum(f => f.Pages) : Slides.Count;
}

/// <summary>An uploaded file shared as slides: an image (one page) or a PDF (its pages, as the server counted them).</summary>
public sealed record SlideFile(string UploadId, string FileName, string ContentType, int Pages);

/// <summary>A presentation given in this room, on stage now or earlier; feedback and reflections attach to it.</summary>
public sealed record RoomPresentation(string PresentationId, string PresenterUserId, string PresenterName, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <param name="Stage">The presentation on stage, with the current slide; null when nobody presents.</param>
/// <param name="Presentations">Every presentation given here, in the order they started, so a late joiner can open feedback on an earlier one.</param>
public sealed record StageSnapshot(Presentation? Stage, IReadOnlyList<RoomPresentation> Presentations);

/// <summary>The presentation on stage, and every presentation given here.</summary>
public sealed class StageState
{
    internal readonly Dictionary<string, RoomPresentation> ById = new(StringComparer.Ordinal);

    internal int Started;

    internal readonly HashSet<string> SharedUploadIds = new(StringComparer.Ordinal);

    public Presentation? Stage { get; internal set; }

    /// <summary>Every presentation given here, in the order they started.</summary>
    public IEnumerable<RoomPresentation> Presentations => ById.Values;

    public RoomPresentation? FindPresentation(string presentationId) => ById.GetValueOrDefault(presentationId);

    /// <summary>Whether the upload was ever shared on this room's stage (so its participants may see it).</summary>
    public bool WasShared(string uploadId) => SharedUploadIds.Contains(uploadId);

    public string NextPresentationId => $"presentation-{Started + 1}";
}
