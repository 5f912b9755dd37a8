using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

/// <summary>The presentation on stage: who presents, and the slides with the one everyone sees.</summary>
public sealed record Presentation(
    string PresentationId,
    string PresenterUserId,
    string PresenterName,
    string? AgendaItemId,
    DateTimeOffset StartedAt,
    string? Markdown,
    IReadOnlyList<string> Slides,
    int SlideIndex);

/// <summary>A presentation given in this room, on stage now or earlier; feedback and reflections attach to it.</summary>
public sealed record RoomPresentation(string PresentationId, string PresenterUserId, string PresenterName, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed partial record RoomSnapshot
{
    /// <summary>The presentation on stage, with the current slide; null when nobody presents.</summary>
    public Presentation? Stage { get; init; }

    /// <summary>Every presentation given here, in the order they started, so a late joiner can open feedback on an earlier one.</summary>
    public IReadOnlyList<RoomPresentation>? Presentations { get; init; }
}

public sealed partial class RoomState
{
    private readonly Dictionary<string, RoomPresentation> _presentations = new(StringComparer.Ordinal);

    private int _presentationsStarted;

    public Presentation? Stage { get; private set; }

    /// <summary>Every presentation given here, in the order they started.</summary>
    public IEnumerable<RoomPresentation> Presentations => _presentations.Values;

    public RoomPresentation? FindPresentation(string presentationId) => _presentations.GetValueOrDefault(presentationId);

    public string NextPresentationId => $"presentation-{_presentationsStarted + 1}";

    private bool ApplyStage(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case PresentationStarted e:
                _presentationsStarted++;
                _presentations[e.PresentationId] = new RoomPresentation(e.PresentationId, e.PresenterUserId, e.PresenterName, stored.At, null);
                Stage = new Presentation(e.PresentationId, e.PresenterUserId, e.PresenterName, e.AgendaItemId, stored.At, null, [], 0);
                return true;
            case PresentationEnded e:
                if (_presentations.TryGetValue(e.PresentationId, out var ended))
                {
                    _presentations[e.PresentationId] = ended with { EndedAt = stored.At };
                }
                if (Stage?.PresentationId == e.PresentationId)
                {
                    Stage = null;
                }
                return true;
            case SlidesShared e:
                if (Stage?.PresentationId == e.PresentationId)
                {
                    Stage = Stage with { Markdown = e.Markdown, Slides = e.Slides, SlideIndex = 0 };
                }
                return true;
            case SlideShown e:
                if (Stage?.PresentationId == e.PresentationId)
                {
                    Stage = Stage with { SlideIndex = e.Index };
                }
                return true;
            default:
                return false;
        }
    }

    private RoomSnapshot WithStage(RoomSnapshot snapshot, Viewer viewer) => snapshot with { Stage = Stage, Presentations = [.. _presentations.Values] };
}
