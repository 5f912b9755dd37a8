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

public sealed record AgendaSnapshot(AgendaView Agenda);

/// <summary>The agenda's items in order, the current one, and the timer.</summary>
public sealed class AgendaState
{
    internal readonly List<AgendaItem> List = [];
    internal readonly HashSet<string> Visited = [];
    internal int Added;

    public IReadOnlyList<AgendaItem> Items => List;

    public string? CurrentItemId { get; internal set; }

    /// <summary>The timer, until it is stopped or replaced (a timer that ran out stays, showing zero).</summary>
    public RoomTimer? Timer { get; internal set; }

    /// <summary>The id the next added item gets: ids are never reused, even after a removal.</summary>
    public string NextItemId => $"item-{Added + 1}";

    /// <summary>Whether any item was ever added (a template opens only an agenda that never had one).</summary>
    public bool EverHadItems => Added > 0;

    public AgendaItem? FindItem(string itemId) => List.Find(i => i.ItemId == itemId);

    /// <summary>Whether the item has been current at some point.</summary>
    public bool WasVisited(string itemId) => Visited.Contains(itemId);
}
