using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>An author's changes to their own chat messages, within the edit window (Rooms:MessageEditWindow).</summary>
public sealed partial class RoomHub
{
    /// <summary>Replaces the text of the caller's message <paramref name="seq"/> (Markdown, up to 8 KB, as when sending).</summary>
    public Task EditMessage(string? roomId, long seq, string? markdown) =>
        RunAsync(roomId, new EditMessage(RequireSeq(seq), markdown ?? throw new HubException("Give the message's new text (markdown).")));

    /// <summary>Takes back the caller's message <paramref name="seq"/>: everyone sees "message deleted" in its place.</summary>
    public Task DeleteMessage(string? roomId, long seq) => RunAsync(roomId, new DeleteMessage(RequireSeq(seq)));
}
