using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Core.Events;
using Roundtable.Server.Rooms;

namespace Roundtable.Testing;

/// <summary>SignalR connections to the server's hubs, configured as the browser client uses them.</summary>
public static class HubConnections
{
    /// <summary>
    /// A connection (not started) to a hub of the server at <paramref name="baseAddress"/>: WebSockets only after
    /// negotiation, as the browser uses it, so a proxy that breaks the upgrade fails instead of falling back; enums as
    /// strings and events with their "type" wherever it stands, as the server sends them.
    /// </summary>
    /// <param name="path">The hub's path; the room hub's when null.</param>
    /// <param name="token">A bearer token, or null for none (anonymous, or signed in by <paramref name="cookie"/>).</param>
    /// <param name="cookie">A whole Cookie header ("roundtable=..."), sent as a browser does.</param>
    /// <param name="configure">More transport options (e.g. the in-process test server's handlers).</param>
    public static HubConnection Build(Uri baseAddress, string? token, string? path = null, string? cookie = null,
        HttpTransportType transports = HttpTransportType.WebSockets, Action<HttpConnectionOptions>? configure = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, (path ?? RoomsPaths.Hub).TrimStart('/')), o =>
            {
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
                o.Transports = transports;
                if (cookie is not null)
                {
                    o.Headers["Cookie"] = cookie;
                }
                configure?.Invoke(o);
            })
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                o.PayloadSerializerOptions.AllowOutOfOrderMetadataProperties = true;
                EventSerializer.UseEventContract(o.PayloadSerializerOptions);
            })
            .Build();
}
