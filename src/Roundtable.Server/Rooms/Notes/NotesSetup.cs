namespace Roundtable.Server.Rooms;

public static class NotesSetup
{
    /// <summary>The server side of the shared notes in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddNotesFeature(this IServiceCollection services)
    {
        services.AddSingleton<ITranscriptPart, NotesTranscript>();
        return services;
    }
}
