using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Told of every append, on the node that made it, under the room's gate, with the room as it now stands (e.g. to
/// bring a media server in line with it). It must only read and hand work elsewhere: the room waits meanwhile.
/// </summary>
public interface IRoomAppendObserver
{
    void Appended(RoomState room, IReadOnlyList<StoredEvent> appended);
}
