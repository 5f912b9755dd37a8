namespace Roundtable.Core.Rooms;

/// <summary>The agenda's commands: items and the timer.</summary>
public abstract record AgendaCommand : RoomCommand;

/// <summary>Adds a discussion topic (a Markdown prompt) at the end of the agenda.</summary>
public sealed record AddAgendaTopic(string Markdown) : AgendaCommand;

/// <summary>
/// Adds a presentation slot at the end of the agenda. The presenter has already been checked to be a learner of the
/// room's cohort (the decider cannot see the directory); their name is the one the directory holds.
/// </summary>
public sealed record AddPresentationSlot(string PresenterUserId, string PresenterName, int DurationMinutes) : AgendaCommand;

/// <summary>
/// Opens a new room's agenda with its cohort's template topics (each with its minutes); does nothing once the agenda has
/// had any item, so it runs safely on every join.
/// </summary>
public sealed record OpenAgendaFromTemplate(IReadOnlyList<Directory.AgendaItemTemplate> Items) : AgendaCommand;

public sealed record RemoveAgendaItem(string ItemId) : AgendaCommand;

/// <summary>Moves an item to a zero-based position in the agenda.</summary>
public sealed record MoveAgendaItem(string ItemId, int Position) : AgendaCommand;

/// <summary>Makes the next item current (ending a presentation and the current item's timer).</summary>
public sealed record AdvanceAgenda : AgendaCommand;

/// <summary>Starts a countdown, for an agenda item or ad hoc; one runs at a time, so it replaces a running one.</summary>
public sealed record StartTimer(int DurationMinutes, string? AgendaItemId) : AgendaCommand;

public sealed record ExtendTimer(int Minutes) : AgendaCommand;

public sealed record StopTimer : AgendaCommand;

public static class AgendaLimits
{
    /// <summary>The largest topic prompt, in UTF-8 bytes of Markdown.</summary>
    public const int MaxTopicBytes = 4 * 1024;

    public const int MaxItems = 50;

    public const int MinMinutes = 1;

    public const int MaxMinutes = 120;

    /// <summary>The longest a timer may run in all, extensions included.</summary>
    public const int MaxTimerMinutes = 240;
}
