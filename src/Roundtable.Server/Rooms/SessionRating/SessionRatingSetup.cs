namespace Roundtable.Server.Rooms;

public static class SessionRatingSetup
{
    /// <summary>The server side of the end-of-session rating in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddSessionRatingFeature(this IServiceCollection services)
    {
        services.AddSingleton<ITranscriptPart, SessionRatingTranscript>();
        return services;
    }
}
