namespace Roundtable.Load;

/// <summary>A message or event as one connection received it.</summary>
public readonly record struct Delivery(long Seq, string? Payload);

/// <summary>A system under load: Roundtable (one node or several) or the bare broadcast hub.</summary>
internal interface IChatTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Accounts, rooms, whatever must exist before connections join.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Connects participant <paramref name="index"/> to room <paramref name="room"/>; deliveries go to <paramref name="onDelivery"/>.</summary>
    Task<IChatClient> ConnectAsync(int index, int room, Action<Delivery> onDelivery, CancellationToken cancellationToken);
}

internal interface IChatClient : IAsyncDisposable
{
    int Room { get; }

    /// <summary>The room's seq when this client joined: it should receive everything after it.</summary>
    long JoinedAtSeq { get; }

    /// <summary>Sends one message; returns the seq the server gave it.</summary>
    Task<long> SendAsync(string payload, CancellationToken cancellationToken);

    /// <summary>Every seq of the room after <paramref name="afterSeq"/>, from the server's log; null where there is no log.</summary>
    Task<IReadOnlyList<long>?> CatchupAsync(long afterSeq, CancellationToken cancellationToken);
}
