using Microsoft.AspNetCore.SignalR.Client;

namespace Roundtable.Scaleout.Tests.Infrastructure;

/// <summary>The shared <see cref="RoomClient"/> on a node (or the load balancer), signed in as a demo account.</summary>
public static class RoomClients
{
    extension(RoomClient)
    {
        /// <summary>Connects (not joined yet) to <paramref name="roomId"/> through <paramref name="node"/>.</summary>
        /// <param name="stickyCookie">Sent as the session cookie, for a load balancer that hashes on it (the hub itself uses the token).</param>
        public static async Task<RoomClient> ConnectAsync(IEndpoint node, string email, string roomId, string name, string? stickyCookie = null) =>
            await RoomClient.StartAsync(await OpenAsync(node, email, stickyCookie), roomId, name, new Seat(node, email));
    }

    extension(RoomClient client)
    {
        /// <summary>The node (or load balancer) the client is connected to now.</summary>
        public IEndpoint Node => Seat.Of(client).Node;

        /// <summary>
        /// Moves to another node the way a browser does after its node died: a new connection (with a token from the
        /// new node), Join, then Catchup from the last seq seen.
        /// </summary>
        public async Task ReconnectToAsync(ServerNode node)
        {
            var email = Seat.Of(client).Email;
            await client.ReconnectAsync(await OpenAsync(node, email), new Seat(node, email));
        }
    }

    private static async Task<HubConnection> OpenAsync(IEndpoint node, string email, string? stickyCookie = null) =>
        HubConnections.Build(node.BaseAddress, await node.TokenAsync(email), cookie: stickyCookie is null ? null : "roundtable=" + stickyCookie);

    /// <summary>Where a client sits: its endpoint, and the account it signed in as there.</summary>
    private sealed record Seat(IEndpoint Node, string Email)
    {
        public static Seat Of(RoomClient client) => (Seat)client.Endpoint!;
    }
}
