namespace Roundtable.Server.Rooms;

public static class QuestionsSetup
{
    /// <summary>The server side of questions in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddQuestionsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ITranscriptPart, QuestionsTranscript>();
        return services;
    }
}
