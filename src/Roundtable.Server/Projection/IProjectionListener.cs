using Roundtable.Core.Log;

namespace Roundtable.Server.Projection;

/// <summary>
/// Told of each batch of the global log once this node's read models include it, on every node: for what a node must
/// do about an event besides storing it (e.g. take a removed person's connections out of a room). Called on the
/// projector's loop, so it must only hand the work on, never wait.
/// </summary>
public interface IProjectionListener
{
    void Projected(IReadOnlyList<StoredEvent> batch);
}
