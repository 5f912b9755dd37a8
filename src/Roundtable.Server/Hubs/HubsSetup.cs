using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Roundtable.Server.Hubs;

/// <summary>What both hubs share: the strict JSON protocol, the outermost filter, and SignalR's own logging kept quiet.</summary>
public static class HubsSetup
{
    // SignalR logs every exception a hub method throws, a refusal included, at Error with its stack trace, and every
    // connection closed for a bad frame likewise: one client could write thousands of such lines a minute. Their
    // other messages are Debug and Trace. HubCallErrors and StrictJsonHubProtocol log each kind once instead.
    private static readonly string[] NoisyCategories =
    [
        "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher",
        "Microsoft.AspNetCore.SignalR.HubConnectionHandler",
    ];

    /// <summary>Call inside AddSignalR's options, before any other filter, so this one is outermost.</summary>
    public static HubOptions AddHubCallErrors(this HubOptions options)
    {
        options.AddFilter<HubCallErrors>();
        return options;
    }

    /// <summary>Replaces SignalR's JSON protocol (same name, same settings) with <see cref="StrictJsonHubProtocol"/>.</summary>
    public static ISignalRServerBuilder AddStrictJsonProtocol(this ISignalRServerBuilder signalR, ILoggingBuilder logging)
    {
        var services = signalR.Services;
        foreach (var json in services.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationType == typeof(JsonHubProtocol)).ToList())
        {
            services.Remove(json);
        }
        services.AddSingleton<HubLogOnce>();
        services.AddSingleton<IHubProtocol, StrictJsonHubProtocol>();
        foreach (var category in NoisyCategories)
        {
            logging.AddFilter(category, LogLevel.Critical);
        }
        return signalR;
    }

    /// <summary>The per-connection send buffers' settings and counter (see <see cref="SendBuffer"/>).</summary>
    public static IServiceCollection AddHubSendBuffers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HubSendOptions>().Bind(configuration.GetSection(HubSendOptions.Section))
            .Validate(o => o.MaxBufferedBytesPerConnection > 0, "Hubs:MaxBufferedBytesPerConnection must be more than 0.")
            .ValidateOnStart();
        services.AddSingleton<SendBufferMetrics>();
        return services;
    }

    /// <summary>
    /// MapHub with each connection's sends going through its own <see cref="SendBuffer"/>. Maps the hub as MapHub does
    /// (the connection endpoint, the hub's attributes and its <see cref="HubMetadata"/> as endpoint metadata, which
    /// authorisation and the connection limits read), with the buffer between the hub and the transport.
    /// </summary>
    public static IEndpointConventionBuilder MapBufferedHub<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods)] THub>(
        this IEndpointRouteBuilder app, string pattern) where THub : Hub
    {
        var hubName = typeof(THub).Name;
        var endpoint = app.MapConnections(pattern, new HttpConnectionDispatcherOptions(), connection =>
        {
            var services = connection.ApplicationServices;
            connection.Use(next => context => SendBuffer.RunAsync(context, next, hubName, services));
            connection.UseHub<THub>();
        });
        var attributes = typeof(THub).GetCustomAttributes(inherit: true);
        endpoint.Add(e =>
        {
            foreach (var attribute in attributes)
            {
                e.Metadata.Add(attribute);
            }
            e.Metadata.Add(new HubMetadata(typeof(THub)));
        });
        return endpoint;
    }
}
