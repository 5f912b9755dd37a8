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
}
