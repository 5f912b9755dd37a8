using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

public sealed record AgendaItem(
    string ItemId,
    AgendaItemKind Kind,
    string? Markdown,
    string? Html,
    string? PresenterUserId,
    string? PresenterName,
    int? DurationMinutes)
{
    /// <summary>A one-line label: a topic's first line of prompt, or the presenter's name.</summary>
    public string Title => Kind == AgendaItemKind.Presentation
        ? $"Presentation: {PresenterName}"
        : FirstLine(Markdown ?? "");

    private static string FirstLine(string text)
    {
        var line = text.Replace("\r", "").Split('\n').FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim().TrimStart('#', ' ') ?? "";
        return line.Length <= 120 ? line : line[..120] + "…";
    }
}

/// <summary>A running (or run-out, but not stopped) countdown: it ends at <see cref="StartedAt"/> + <see cref="DurationSeconds"/>.</summary>
public sealed record RoomTimer(DateTimeOffset StartedAt, int DurationSeconds, string? AgendaItemId)
{
    public DateTimeOffset EndsAt => StartedAt.AddSeconds(DurationSeconds);
}

/// <summary>The agenda as a client starts from: items in order, the current one, the timer.</summary>
public sealed record AgendaView(IReadOnlyList<AgendaItem> Items, string? CurrentItemId, RoomTimer? Timer);

public sealed partial record RoomSnapshot
{
    public AgendaView? Agenda { get; init; }

    /// <summary>
    /// The server's clock when the snapshot was taken (set by whoever builds it), so a client can count a timer
    /// down against server time rather than its own clock.
    /// </summary>
    public DateTimeOffset? ServerNow { get; init; }
}

public sealed partial class RoomState
{
    private readonly List<AgendaItem> _agenda = [];
    private readonly HashSet<string> _visitedItems = [];
    private int _agendaItemsAdded;

    public IReadOnlyList<AgendaItem> Agenda => _agenda;

    public string? CurrentAgendaItemId { get; private set; }

    /// <summary>The timer, until it is stopped or replaced (a timer that ran out stays, showing zero).</summary>
    public RoomTimer? Timer { get; private set; }

    /// <summary>The id the next added item gets: ids are never reused, even after a removal.</summary>
    public string NextAgendaItemId => $"item-{_agendaItemsAdded + 1}";

    public AgendaItem? FindAgendaItem(string itemId) => _agenda.Find(i => i.ItemId == itemId);

    /// <summary>Whether the item has been current at some point.</summary>
    public bool WasVisited(string itemId) => _visitedItems.Contains(itemId);

    private bool ApplyAgenda(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case AgendaItemAdded e:
                _agendaItemsAdded++;
                _agenda.Add(new AgendaItem(e.ItemId, e.Kind, e.Markdown, e.Html, e.PresenterUserId, e.PresenterName, e.DurationMinutes));
                return true;
            case AgendaItemRemoved e:
                _agenda.RemoveAll(i => i.ItemId == e.ItemId);
                if (CurrentAgendaItemId == e.ItemId)
                {
                    CurrentAgendaItemId = null;
                }
                return true;
            case AgendaItemMoved e:
                var index = _agenda.FindIndex(i => i.ItemId == e.ItemId);
                if (index >= 0)
                {
                    var item = _agenda[index];
                    _agenda.RemoveAt(index);
                    _agenda.Insert(Math.Clamp(e.Position, 0, _agenda.Count), item);
                }
                return true;
            case AgendaAdvanced e:
                CurrentAgendaItemId = e.ItemId;
                if (e.ItemId is not null)
                {
                    _visitedItems.Add(e.ItemId);
                }
                return true;
            case TimerStarted e:
                Timer = new RoomTimer(stored.At, e.DurationSeconds, e.AgendaItemId);
                return true;
            case TimerExtended e:
                if (Timer is not null)
                {
                    Timer = Timer with { DurationSeconds = Timer.DurationSeconds + e.AddedSeconds };
                }
                return true;
            case TimerStopped:
                Timer = null;
                return true;
            default:
                return false;
        }
    }

    private RoomSnapshot WithAgenda(RoomSnapshot snapshot, Viewer viewer) =>
        snapshot with { Agenda = new AgendaView([.. _agenda], CurrentAgendaItemId, Timer) };
}
