using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Roundtable.Load;

/// <summary>The bare broadcast hub: join a group, send to it. What this hardware can do with SignalR alone.</summary>
internal sealed class BareHubTarget(Uri url) : IChatTarget
{
    // Groups are new for each run, so their numbering starts at 1 even on a hub that served earlier runs.
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    public string Name => "bare hub";

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IChatClient> ConnectAsync(int index, int room, Action<Delivery> onDelivery, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(url, "/hubs/bare"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        var group = $"{_runId}-room-{room}";
        connection.On<string, long, string>("Message", (g, seq, payload) =>
        {
            if (g == group)
            {
                onDelivery(new Delivery(seq, payload));
            }
        });
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync("Join", group, cancellationToken);
        return new Client(connection, room, group);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Client(HubConnection connection, int room, string group) : IChatClient
    {
        public int Room => room;

        // Every connection joins before anyone sends.
        public long JoinedAtSeq => 0;

        public Task<long> SendAsync(string payload, CancellationToken cancellationToken) =>
            connection.InvokeAsync<long>("Send", group, payload, cancellationToken);

        public Task<IReadOnlyList<long>?> CatchupAsync(long afterSeq, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<long>?>(null);

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
