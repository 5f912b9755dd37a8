using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Roundtable.Core.Events;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Server.Hubs;
using Roundtable.Server.Projection;
using Roundtable.Server.Rooms.Replay;

namespace Roundtable.Server.Rooms;

public static class RoomsSetup
{
    public static WebApplicationBuilder AddRooms(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RoomsOptions>(builder.Configuration.GetSection(RoomsOptions.Section));
        var options = builder.Configuration.GetSection(RoomsOptions.Section).Get<RoomsOptions>() ?? new RoomsOptions();
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton(services => new ChatRules(services.GetRequiredService<IOptions<RoomsOptions>>().Value.MessageEditWindow));
        builder.Services.AddSingleton<RoomDecider>();
        builder.Services.AddSingleton<RoomCommandRunner>();
        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddSingleton<RoomAccess>();
        builder.Services.AddSingleton<RoomConnections>();
        builder.Services.AddSingleton<RoomEvictions>();
        builder.Services.AddSingleton<IProjectionListener>(services => services.GetRequiredService<RoomEvictions>());
        builder.Services.AddHostedService(services => services.GetRequiredService<RoomEvictions>());
        builder.Services.AddHostedService<PresenceSweeper>();
        builder.Services.AddHostedService<IdleRoomRelease>();
        builder.Services.AddSingleton<TranscriptRenderer>();
        // The room's features, one line each: every feature's folder registers its own services and parts.
        builder.Services
            .AddModerationFeature()
            .AddAgendaFeature()
            .AddStageFeature()
            .AddNotesFeature()
            .AddSpeakingQueueFeature()
            .AddQuestionsFeature()
            .AddPollsFeature()
            .AddFeedbackFeature()
            .AddSessionRatingFeature()
            .AddBreakoutsFeature()
            .AddMediaFeature();
        builder.Services.AddHubSendBuffers(builder.Configuration);
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
                EventSerializer.UseEventContract(o.PayloadSerializerOptions);
            })
            .AddStrictJsonProtocol(builder.Logging);
        return builder;
    }

    public static WebApplication MapRooms(this WebApplication app)
    {
        app.MapBufferedHub<RoomHub>(RoomsPaths.Hub);
        app.MapTranscriptApi();
        app.MapReplayApi();
        app.MapStageFilesApi();
        app.MapMediaProxy();
        return app;
    }
}
