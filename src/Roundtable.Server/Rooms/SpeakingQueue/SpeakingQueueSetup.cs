namespace Roundtable.Server.Rooms;

public static class SpeakingQueueSetup
{
    /// <summary>The server side of the speaking queue in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddSpeakingQueueFeature(this IServiceCollection services)
    {
        services.AddSingleton<ITranscriptPart, SpeakingQueueTranscript>();
        return services;
    }
}
