namespace Roundtable.Core.Rooms.Notes;

/// <summary>Private notes' event types (each on its author's own stream), as the event serializer knows them.</summary>
public static class PrivateNoteEventTypes
{
    public static readonly IReadOnlyList<Type> All = [typeof(PrivateNoteSaved)];
}
