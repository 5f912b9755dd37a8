using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Rooms;

public static class MediaSetup
{
    /// <summary>
    /// The server side of voice, video and screen sharing (hub methods on <see cref="RoomHub"/>, the proxy in
    /// <see cref="MediaProxyApi"/>): Janus when Media:JanusUrl is set, otherwise off.
    /// </summary>
    public static IServiceCollection AddMediaFeature(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>();
        services.AddSingleton<IMediaServer>(s => s.GetRequiredService<IOptions<MediaOptions>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<JanusMediaServer>(s)
            : new MediaOff());
        services.AddSingleton<MediaIds>();
        services.AddSingleton<MediaTokens>();
        services.AddSingleton<MediaAccessService>();
        services.AddSingleton<MediaEnforcer>();
        services.AddSingleton<IRoomAppendObserver>(s => s.GetRequiredService<MediaEnforcer>());
        services.AddSingleton<PublishedFeedWatch>();
        services.AddSingleton<MediaProxy>();
        services.AddSingleton<IRoomJoinStep, MediaRoomOpener>();
        services.AddSingleton<ITranscriptPart, MediaTranscript>();
        services.AddHostedService<MediaStartupLog>();
        // The proxy counts its requests itself (MediaProxy); the policy only marks it as not an API write.
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(MediaProxyApi.RateLimitPolicy, _ => RateLimitPartition.GetNoLimiter("media")));
        return services;
    }
}

/// <summary>Says once at start-up whether voice and video are on, and through which Janus.</summary>
internal sealed partial class MediaStartupLog(IMediaServer media, ILogger<MediaStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (media.Enabled)
        {
            LogOn(media.Description);
        }
        else
        {
            LogOff();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 7511, Level = LogLevel.Information, Message = "Voice and video are off: Media:JanusUrl is not set")]
    private partial void LogOff();

    [LoggerMessage(EventId = 7512, Level = LogLevel.Information, Message = "Voice and video through Janus at {JanusUrl}")]
    private partial void LogOn(string janusUrl);
}
