using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public sealed partial class RoomHub
{
    /// <summary>Rates the ended roundtable (1 to 5, with an optional Markdown comment), replacing the caller's earlier rating.</summary>
    public Task RateSession(string? roomId, int rating, string? comment) => RunAsync(roomId, new RateSession(rating, comment));
}
