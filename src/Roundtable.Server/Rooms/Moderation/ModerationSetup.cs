namespace Roundtable.Server.Rooms;

public static class ModerationSetup
{
    /// <summary>The server side of moderation in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddModerationFeature(this IServiceCollection services)
    {
        services.AddSingleton<ITranscriptPart, ModerationTranscript>();
        return services;
    }
}
