namespace Roundtable.Server.Rooms;

public static class PollsSetup
{
    /// <summary>The server side of polls in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddPollsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ITranscriptPart, PollsTranscript>();
        return services;
    }
}
