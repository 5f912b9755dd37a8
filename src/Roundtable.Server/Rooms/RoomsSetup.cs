using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public static class RoomsSetup
{
    public static WebApplicationBuilder AddRooms(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RoomsOptions>(builder.Configuration.GetSection(RoomsOptions.Section));
        var options = builder.Configuration.GetSection(RoomsOptions.Section).Get<RoomsOptions>() ?? new RoomsOptions();
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<RoomDecider>();
        builder.Services.AddSingleton<RoomCommandRunner>();
        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddSingleton<IBreakoutGrouping, BreakoutGrouping>();
        builder.Services.AddSingleton<BreakoutCoordinator>();
        builder.Services.AddHostedService<PresenceSweeper>();
        builder.Services
            .AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = options.MaximumReceiveMessageSize;
                o.AddFilter<RoomHubErrors>();
            })
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                o.PayloadSerializerOptions.AllowOutOfOrderMetadataProperties = true;
            });
        return builder;
    }

    public static WebApplication MapRooms(this WebApplication app)
    {
        app.MapHub<RoomHub>(RoomsPaths.Hub);
        app.MapTranscriptApi();
        return app;
    }
}
