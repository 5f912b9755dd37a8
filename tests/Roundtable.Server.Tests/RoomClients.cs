using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>The shared <see cref="RoomClient"/> on the in-process test server, over its own handlers (no socket).</summary>
public static class RoomClients
{
    extension(RoomClient)
    {
        /// <param name="path">The hub's path; the room hub's when null.</param>
        /// <param name="cookie">A session cookie ("roundtable=...") to send on the negotiate and the socket, as a browser does.</param>
        public static HubConnection Build(RoundtableFactory factory, string? token, string? path = null, string? cookie = null,
            Microsoft.AspNetCore.Http.Connections.HttpTransportType transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
        {
            var server = factory.Server;
            return HubConnections.Build(server.BaseAddress, token, path, cookie, transports, o =>
            {
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var ws = server.CreateWebSocketClient();
                    ws.ConfigureRequest = request =>
                    {
                        if (token is not null)
                        {
                            request.Headers.Authorization = "Bearer " + token;
                        }
                        if (cookie is not null)
                        {
                            request.Headers.Cookie = cookie;
                        }
                    };
                    return await ws.ConnectAsync(context.Uri, cancellationToken);
                };
            });
        }

        /// <param name="cookie">Signs in with this session cookie instead (token null), as a browser does.</param>
        public static Task<RoomClient> ConnectAsync(RoundtableFactory factory, string? token, string? cookie = null) =>
            RoomClient.StartAsync(RoomClient.Build(factory, token, cookie: cookie));

        /// <summary>Connects and joins <paramref name="roomId"/>, then catches up from <paramref name="afterSeq"/>.</summary>
        public static async Task<RoomClient> JoinAsync(RoundtableFactory factory, string token, string roomId, long afterSeq = 0)
        {
            var client = await RoomClient.ConnectAsync(factory, token);
            await client.JoinAsync(roomId, afterSeq);
            return client;
        }
    }
}

public static class LogReader
{
    /// <summary>Every event of a room as the server's log holds it.</summary>
    public static async Task<List<RoomEventEnvelope>> RoomEventsAsync(RoundtableFactory factory, string roomId)
    {
        var log = factory.Services.GetRequiredService<IEventLog>();
        var events = await log.ReadStreamAsync(StreamNames.Room(roomId), 0, int.MaxValue);
        return events.Select(RoomEventEnvelope.From).ToList();
    }

    public static async Task<long> RoomVersionAsync(RoundtableFactory factory, string roomId) =>
        await factory.Services.GetRequiredService<IEventLog>().GetStreamVersionAsync(StreamNames.Room(roomId));

    public static IEnumerable<T> Of<T>(this IEnumerable<RoomEventEnvelope> events) where T : DomainEvent =>
        events.Select(e => e.Event).OfType<T>();
}
